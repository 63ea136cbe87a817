// A word compared across sentences, as documented JSON and CSV: stages per sentence, cosine, what moved.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "course/compare.hpp"

namespace attn::render {

nlohmann::json comparison_json(const course::FocusComparison& c, const std::vector<std::string>& show);
std::string comparison_csv(const course::FocusComparison& c, const std::vector<std::string>& show);

}  // namespace attn::render
