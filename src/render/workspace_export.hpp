// attn workspace diff as JSON (docs/commands.md "the workspace"). Its text, and that of init and reset, are
// course::workspace_*_report through the one text writer.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "course/workspace.hpp"

namespace attn::render {

nlohmann::json workspace_diff_json(const std::vector<course::FileDiff>& diffs, const std::string& workspace,
                                   const std::string& shipped);

}  // namespace attn::render
