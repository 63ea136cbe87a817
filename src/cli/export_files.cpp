#include "cli/export_files.hpp"

#include <filesystem>

#include "course/atomic_write.hpp"
#include "inputs/input_error.hpp"

namespace attn::cli {

namespace fs = std::filesystem;

std::string safe_file_name(const std::string& name) {
    std::string out;
    for (char c : name) {
        const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                          c == '-' || c == '_' || c == '.';
        out += keep ? c : '_';
    }
    if (out.empty() || out[0] == '.') out.insert(out.begin(), '_');
    return out.substr(0, 100);
}

namespace {

void write_one(const fs::path& dir, const std::string& name, const std::string& text, bool force) {
    const fs::path target = dir / name;
    try {
        course::write_atomically(target, text, force ? course::Replace::yes : course::Replace::no);
    } catch (const course::AtomicWriteError& e) {
        if (e.step == course::WriteStep::exists)
            throw course::InputError(
                target.string() + " already exists; add --force to replace it, or choose another -o folder");
        if (e.step == course::WriteStep::create)
            throw course::WriteError("cannot create a file in " + dir.string() + ": " + e.why);
        throw course::WriteError("cannot write " + target.string() + ": " + e.why);
    }
}

}  // namespace

void write_files(const std::string& dir, const std::vector<std::pair<std::string, std::string>>& files,
                 bool force) {
    std::error_code ec;
    if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
        throw course::InputError("-o " + dir + ": that is a file; give a folder");
    fs::create_directories(dir, ec);
    if (ec) throw course::WriteError("-o " + dir + ": cannot create the folder (" + ec.message() + ")");
    for (const auto& [name, text] : files) {
        if (name != safe_file_name(name))
            throw course::InputError("refusing the file name '" + name + "': it would leave " + dir);
        const fs::path target = fs::path(dir) / name;
        if (!force && fs::symlink_status(target, ec).type() != fs::file_type::not_found)
            throw course::InputError(
                target.string() + " already exists; add --force to replace it, or choose another -o folder");
        if (fs::is_directory(target, ec))
            throw course::InputError(target.string() + " is a folder; remove it or choose another -o folder");
    }
    for (const auto& [name, text] : files) write_one(dir, name, text, force);
}

}  // namespace attn::cli
