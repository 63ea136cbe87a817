// A word compared across sentences: attention rows, output vectors, cosine similarity, what moved.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "course/compare.hpp"
#include "render/style.hpp"

namespace attn::render {

std::string comparison_text(const course::FocusComparison& c, const std::vector<std::string>& show, const Style& style);
nlohmann::json comparison_json(const course::FocusComparison& c, const std::vector<std::string>& show);
std::string comparison_csv(const course::FocusComparison& c, const std::vector<std::string>& show);

}  // namespace attn::render
