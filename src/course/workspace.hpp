// The learner's workspace: a copy of the shipped toy data they own and edit. It overlays the shipped
// data (see data_layers.hpp); these functions create it, compare it with the shipped data, and restore
// the defaults. They write only inside the workspace folder.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace attn::course {

// Copies every shipped data file into `workspace` (created with its parents). Refuses, with InputError,
// when `workspace` exists and is not an empty folder. The copy is built beside it and renamed into
// place, so a failure leaves nothing half-made. Returns the copied files, relative and sorted.
std::vector<std::string> init_workspace(const std::string& workspace, const std::string& shipped);

// One difference between the learner's file and the shipped one.
struct DataChange {
    std::string kind;    // "word", "dimension", "cell", "key", "file"
    std::string where;   // "apple", "w_k row 4, column 0", "example.focus"
    std::string before;  // the shipped value ("" when the learner added it)
    std::string after;   // the learner's value ("" when the learner removed it)
};

struct FileDiff {
    std::string file;    // relative, e.g. "apple/weights.toml"
    std::string status;  // "changed", "added" (no shipped file of that name), "missing" (falls through)
    std::vector<DataChange> changes;
};

// Every workspace file that differs from the shipped one, in file order; TOML files are compared value
// by value (words by dimension name, matrices cell by cell), other files as a whole.
std::vector<FileDiff> diff_workspace(const std::string& workspace, const std::string& shipped);

struct ResetResult {
    std::vector<std::string> restored;   // files now equal to the shipped ones
    std::vector<std::string> backed_up;  // the learner's versions, inside backup_dir
    std::string backup_dir;              // WORKSPACE/.backups/YYYYMMDD-HHMMSS ("" when nothing was kept)
    std::vector<std::string> kept;       // the learner's own files (no shipped default), left alone
};

// Restores the shipped version of `file` (relative to the workspace, or a path inside it), or of every
// changed or missing file when none is given. Each learner's version is moved to a timestamped backup
// folder first, so no file is ever lost. Throws InputError for a file the shipped data does not have.
ResetResult reset_workspace(const std::string& workspace, const std::string& shipped,
                            const std::optional<std::string>& file);

}  // namespace attn::course
