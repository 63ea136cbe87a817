// attn workspace diff and reset, as text and JSON.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "course/workspace.hpp"
#include "render/style.hpp"

namespace attn::render {

// Per file: what changed (words by dimension, cells by row and column), then a summary line.
std::string workspace_diff_text(const std::vector<course::FileDiff>& diffs, const std::string& workspace,
                                const std::string& shipped, const Style& style);
nlohmann::json workspace_diff_json(const std::vector<course::FileDiff>& diffs, const std::string& workspace,
                                   const std::string& shipped);

// What was restored and where the learner's versions went.
std::string workspace_reset_text(const course::ResetResult& result, const std::string& workspace);

}  // namespace attn::render
