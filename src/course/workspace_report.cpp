// The reports of attn workspace init, diff and reset: what was created, changed or restored.
#include <fmt/format.h>

#include "course/data_blocks.hpp"
#include "course/reports.hpp"

namespace attn::course {

report::Report workspace_init_report(const std::string& target, size_t files, const std::string& shipped,
                                     bool standard_place) {
    report::Report report{"attn workspace init", "", {}};
    report.paragraph(
        fmt::format("Created the workspace {} with {} files copied from {}.", target, files, shipped));
    const std::string reads =
        standard_place
            ? "attn now reads your copies first; a file you delete falls back to the shipped one."
            : "attn reads it once you set ATTN_WORKSPACE=" + target + " (or pass --data " + target + ").";
    report.paragraph(reads);
    report.paragraph(
        "Edit apple/vocab.toml or apple/weights.toml there, then `attn workspace diff` shows "
        "what you changed and `attn workspace reset` restores the defaults (keeping your "
        "versions as a backup).");
    return report;
}

namespace {

std::string file_status(const FileDiff& d) {
    if (d.status == "added") return "your own file (nothing shipped of that name)";
    if (d.status == "missing") return "not in the workspace: the shipped file is read";
    if (d.changes.empty()) return "changed (comments or layout only; every value is the shipped one)";
    return "changed, " + std::to_string(d.changes.size()) + (d.changes.size() == 1 ? " value" : " values");
}

std::string change_text(const DataChange& c) {
    if (c.before.empty()) return "added " + c.after;
    if (c.after.empty()) return "removed (was " + c.before + ")";
    return c.before + " → " + c.after;
}

}  // namespace

report::Report workspace_diff_report(const std::vector<FileDiff>& diffs, const std::string& workspace,
                                     const std::string& shipped) {
    report::Report report{"attn workspace diff", "", {}};
    add_workspace_diff_data(report, diffs, workspace, shipped);
    report.facts("folders",
                 report::Facts{"", {{"workspace", workspace}, {"against", shipped + " (shipped)"}}});
    if (diffs.empty()) {
        report.paragraph("The workspace holds the shipped data unchanged.");
        return report;
    }
    size_t changed = 0;
    for (size_t i = 0; i < diffs.size(); ++i) {
        const FileDiff& d = diffs[i];
        report::Facts file{d.file + ": " + file_status(d), {}};
        for (const DataChange& c : d.changes) file.items.push_back({c.kind + " " + c.where, change_text(c)});
        report.facts("file" + std::to_string(i), std::move(file));
        changed += d.status == "changed";
    }
    const std::string differ = changed == 1 ? "1 file differs" : std::to_string(changed) + " files differ";
    report.paragraph(
        fmt::format("{} from the shipped data. `attn workspace reset FILE` restores one (your "
                    "version is kept in {}/.backups); `attn workspace reset` restores all.",
                    differ, workspace));
    return report;
}

report::Report workspace_reset_report(const ResetResult& r, const std::string& workspace) {
    report::Report report{"attn workspace reset", "", {}};
    if (r.restored.empty()) {
        report.paragraph("Nothing to restore: " + workspace + " already holds the shipped files.");
        return report;
    }
    report::Table restored{"", {"restored to the shipped version"}, {}};
    for (const std::string& f : r.restored) restored.rows.push_back({f});
    report.table("restored", std::move(restored));
    if (!r.backed_up.empty()) report.paragraph("Your versions are kept in " + r.backup_dir + "/");
    if (!r.kept.empty()) {
        report::Table kept{"", {"left alone (your own files, nothing shipped to restore)"}, {}};
        for (const std::string& f : r.kept) kept.rows.push_back({f});
        report.table("kept", std::move(kept));
    }
    return report;
}

}  // namespace attn::course
