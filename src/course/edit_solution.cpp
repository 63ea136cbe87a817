#include "course/edit_solution.hpp"

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "course/atomic_write.hpp"
#include "inputs/input_error.hpp"
#include "inputs/input_file.hpp"

namespace attn::course {

namespace fs = std::filesystem;

namespace {

std::string read_whole(const fs::path& file) { return read_input_file(file.string()); }

// Writes `text` to `target`, creating its folder: one file of the learner's workspace.
void write_solution_file(const fs::path& target, const std::string& text) {
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    if (ec)
        throw WriteError(target.parent_path().string() + ": cannot create the folder (" + ec.message() + ")");
    try {
        write_atomically(target, text, Replace::yes);
    } catch (const AtomicWriteError& e) {
        throw WriteError(target.string() + ": cannot be written (" + e.why + ")");
    }
}

}  // namespace

std::string solution_dir(const std::string& lessons_dir, const std::string& slug, const std::string& id) {
    return (fs::path(lessons_dir) / "solutions" / slug / id).string();
}

std::vector<std::string> solution_files(const std::string& dir) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        throw InputError(dir + ": no solution overlay for this challenge (the course does not ship one)");
    std::vector<std::string> files;
    for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (it->is_regular_file(ec)) files.push_back(fs::relative(it->path(), dir, ec).generic_string());
    if (files.empty()) throw InputError(dir + ": the solution overlay holds no file");
    std::sort(files.begin(), files.end());
    return files;
}

std::vector<std::string> write_solution(const std::string& from, const std::string& to, bool force) {
    const std::vector<std::string> files = solution_files(from);
    std::error_code ec;
    if (fs::exists(to, ec) && !fs::is_directory(to, ec))
        throw InputError(to + ": exists and is not a folder; give a folder to write the overlay into");
    std::vector<std::string> existing;
    for (const std::string& f : files)
        if (fs::exists(fs::path(to) / f, ec)) existing.push_back(f);
    if (!existing.empty() && !force) {
        std::string list;
        for (const std::string& f : existing) list += (list.empty() ? "" : ", ") + f;
        throw InputError(to + ": already holds " + list + "; nothing was written. Add --force to replace " +
                         (existing.size() == 1 ? "it" : "them") + ", or give another folder");
    }
    // Every file is read before any is written, so a bad overlay writes nothing.
    std::vector<std::string> texts;
    for (const std::string& f : files) texts.push_back(read_whole(fs::path(from) / f));
    for (size_t i = 0; i < files.size(); ++i) write_solution_file(fs::path(to) / files[i], texts[i]);
    return files;
}

}  // namespace attn::course
