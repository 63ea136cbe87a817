#include "render/workspace_text.hpp"

namespace attn::render {

namespace {

std::string change_line(const course::DataChange& c, const Style& style) {
    const std::string arrow = style.unicode ? " → " : " -> ";
    std::string what = c.before.empty() ? "added " + c.after : c.after.empty() ? "removed (was " + c.before + ")" : c.before + arrow + c.after;
    std::string label = c.kind + "  " + c.where;
    if (label.size() < 28) label.resize(28, ' ');
    return "  " + label + "  " + what + "\n";
}

std::string file_status(const course::FileDiff& d) {
    if (d.status == "added") return "your own file (nothing shipped of that name)";
    if (d.status == "missing") return "not in the workspace: the shipped file is read";
    if (d.changes.empty()) return "changed (comments or layout only; every value is the shipped one)";
    return "changed, " + std::to_string(d.changes.size()) + (d.changes.size() == 1 ? " value" : " values");
}

}  // namespace

std::string workspace_diff_text(const std::vector<course::FileDiff>& diffs, const std::string& workspace,
                                const std::string& shipped, const Style& style) {
    std::string text = "workspace " + workspace + "\nagainst   " + shipped + " (shipped)\n\n";
    if (diffs.empty()) return text + "The workspace holds the shipped data unchanged.\n";
    size_t changed = 0;
    for (const course::FileDiff& d : diffs) {
        text += bold(style, d.file) + "  " + file_status(d) + "\n";
        for (const course::DataChange& c : d.changes) text += change_line(c, style);
        changed += d.status == "changed";
    }
    text += "\n" + wrap(std::to_string(changed) + (changed == 1 ? " file differs" : " files differ") +
                             " from the shipped data. 'attn workspace reset FILE' restores one (your version is kept in " +
                             workspace + "/.backups); 'attn workspace reset' restores all.",
                         style.width, 0) + "\n";
    return text;
}

nlohmann::json workspace_diff_json(const std::vector<course::FileDiff>& diffs, const std::string& workspace,
                                   const std::string& shipped) {
    nlohmann::json files = nlohmann::json::array();
    for (const course::FileDiff& d : diffs) {
        nlohmann::json changes = nlohmann::json::array();
        for (const course::DataChange& c : d.changes)
            changes.push_back({{"kind", c.kind}, {"where", c.where}, {"before", c.before}, {"after", c.after}});
        files.push_back({{"file", d.file}, {"status", d.status}, {"changes", changes}});
    }
    return {{"workspace", workspace}, {"shipped", shipped}, {"files", files}};
}

std::string workspace_reset_text(const course::ResetResult& r, const std::string& workspace) {
    if (r.restored.empty()) return "Nothing to restore: " + workspace + " already holds the shipped files.\n";
    std::string text = "Restored the shipped version of:\n";
    for (const std::string& f : r.restored) text += "  " + f + "\n";
    if (!r.backed_up.empty()) text += "Your versions are kept in " + r.backup_dir + "/\n";
    if (!r.kept.empty()) {
        text += "Left alone (your own files, nothing shipped to restore):\n";
        for (const std::string& f : r.kept) text += "  " + f + "\n";
    }
    return text;
}

}  // namespace attn::render
