#include "course/workspace.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "course/stale_temporaries.hpp"
#include "inputs/input_error.hpp"
#include "inputs/input_file.hpp"

namespace fs = std::filesystem;

namespace attn::course {

namespace {

bool hidden(const fs::path& relative) {
    for (const fs::path& part : relative)
        if (!part.empty() && part.string()[0] == '.') return true;
    return false;
}

// Regular files under `root`, relative and sorted, without hidden ones (.backups, editor files).
std::set<std::string> data_files(const fs::path& root) {
    std::set<std::string> files;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
        const fs::path rel = it->path().lexically_relative(root);
        if (it->is_regular_file() && !hidden(rel)) files.insert(rel.generic_string());
    }
    return files;
}

bool same_bytes(const fs::path& a, const fs::path& b) {
    return fs::is_regular_file(a) && fs::is_regular_file(b) &&
           read_input_file(a.string()) == read_input_file(b.string());
}

// Copies one file, writable by its owner even when the shipped one is read-only (an installed copy).
void copy_writable(const fs::path& from, const fs::path& to) {
    fs::create_directories(to.parent_path());
    fs::copy_file(from, to, fs::copy_options::overwrite_existing);
    fs::permissions(to, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::add);
}

// WORKSPACE/.backups/20261125-153000, with -2, -3 … when that second is taken already.
fs::path new_backup_dir(const fs::path& workspace) {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", std::localtime(&now));
    fs::path dir = workspace / ".backups" / stamp;
    for (int n = 2; fs::exists(dir); ++n)
        dir = workspace / ".backups" / (std::string(stamp) + "-" + std::to_string(n));
    return dir;
}

// `file` as a path relative to the workspace: "apple/weights.toml", or any path that lies inside it.
std::string relative_in(const fs::path& workspace, const std::string& file) {
    const fs::path given(file);
    const fs::path rel =
        fs::weakly_canonical(fs::absolute(given)).lexically_relative(fs::weakly_canonical(workspace));
    if (!rel.empty() && *rel.begin() != "..") return rel.generic_string();
    if (given.is_relative()) return given.lexically_normal().generic_string();
    throw InputError(file + " is not inside the workspace " + workspace.string() +
                     "; name a file such as apple/weights.toml");
}

// Staging folders (.attn-workspace-PID) of earlier inits that were killed: their process is gone.
// Only folders of exactly that name are touched, and never one whose process still runs.
void remove_stale_staging(const fs::path& folder) {
    std::error_code ignored;
    for (const fs::path& stale : stale_temporaries(folder, ".attn-workspace-"))
        if (fs::is_directory(fs::symlink_status(stale, ignored))) fs::remove_all(stale, ignored);
}

}  // namespace

std::vector<std::string> init_workspace(const std::string& workspace, const std::string& shipped) {
    // "myws" has no parent in its name (its staging folder would be "/.attn-workspace-PID"), and "myws/"
    // no file name: the absolute, normal path has both.
    std::error_code ec;
    fs::path target = fs::absolute(fs::path(workspace), ec).lexically_normal();
    if (ec) throw InputError("cannot use " + workspace + " as a workspace: " + ec.message());
    if (!target.has_filename()) target = target.parent_path();
    // A link to an empty folder stays a link: the folder it names is filled.
    if (fs::is_symlink(fs::symlink_status(target, ec))) {
        target = fs::canonical(target, ec);
        if (ec) throw InputError(workspace + " is a link that leads nowhere (" + ec.message() + ")");
    }
    if (fs::exists(target, ec) && !(fs::is_directory(target) && fs::is_empty(target)))
        throw InputError(
            workspace +
            " exists already; not overwriting it. Compare it with the shipped data with "
            "'attn workspace diff', restore files with 'attn workspace reset', or choose another path");
    const std::set<std::string> files = data_files(shipped);
    const fs::path staging = target.parent_path() / (".attn-workspace-" + std::to_string(::getpid()));
    try {
        fs::create_directories(target.parent_path());
        remove_stale_staging(target.parent_path());
        fs::remove_all(staging);
        for (const std::string& rel : files) copy_writable(fs::path(shipped) / rel, staging / rel);
        if (fs::exists(target)) fs::remove(target);  // the empty folder the check allowed
        fs::rename(staging, target);
    } catch (const fs::filesystem_error& e) {
        std::error_code ignored;
        fs::remove_all(staging, ignored);
        throw WriteError("cannot create the workspace " + workspace + ": " + e.code().message());
    }
    return {files.begin(), files.end()};
}

ResetResult reset_workspace(const std::string& workspace, const std::string& shipped,
                            const std::optional<std::string>& file) {
    const fs::path ws(workspace), base(shipped);
    if (!fs::is_directory(ws))
        throw InputError("no workspace at " + workspace + "; create one with 'attn workspace init'");
    const std::set<std::string> defaults = data_files(base);
    std::vector<std::string> targets;
    ResetResult result;
    if (file) {
        const std::string rel = relative_in(ws, *file);
        if (!defaults.count(rel))
            throw InputError(*file +
                             ": the shipped data has no file of that name, so there is no default to restore "
                             "(shipped files are listed by 'attn paths' and 'attn workspace diff')");
        targets.push_back(rel);
    } else {
        targets.assign(defaults.begin(), defaults.end());
        for (const std::string& own : data_files(ws))
            if (!defaults.count(own)) result.kept.push_back(own);
    }
    const fs::path backup = new_backup_dir(ws);
    try {
        for (const std::string& rel : targets) {
            if (same_bytes(ws / rel, base / rel)) continue;
            if (fs::exists(ws / rel)) {
                fs::create_directories((backup / rel).parent_path());
                fs::rename(ws / rel,
                           backup / rel);  // moved, not copied: the learner's bytes are kept as they were
                result.backed_up.push_back(rel);
            }
            copy_writable(base / rel, ws / rel);
            result.restored.push_back(rel);
        }
    } catch (const fs::filesystem_error& e) {
        throw WriteError(
            "cannot restore the workspace " + workspace + ": " + e.code().message() +
            (result.backed_up.empty() ? "" : "; your versions so far are in " + backup.string()));
    }
    if (!result.backed_up.empty()) result.backup_dir = backup.string();
    return result;
}

}  // namespace attn::course
