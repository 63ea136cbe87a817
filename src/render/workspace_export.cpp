#include "render/workspace_export.hpp"

namespace attn::render {

nlohmann::json workspace_diff_json(const std::vector<course::FileDiff>& diffs, const std::string& workspace,
                                   const std::string& shipped) {
    nlohmann::json files = nlohmann::json::array();
    for (const course::FileDiff& d : diffs) {
        nlohmann::json changes = nlohmann::json::array();
        for (const course::DataChange& c : d.changes)
            changes.push_back(
                {{"kind", c.kind}, {"where", c.where}, {"before", c.before}, {"after", c.after}});
        files.push_back({{"file", d.file}, {"status", d.status}, {"changes", changes}});
    }
    return {{"workspace", workspace}, {"shipped", shipped}, {"files", files}};
}

}  // namespace attn::render
