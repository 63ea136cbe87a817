#include "course/paths.hpp"

#include <unistd.h>

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "inputs/input_error.hpp"

namespace fs = std::filesystem;

namespace attn::course {

namespace {

std::optional<fs::path> executable_dir() {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec) return std::nullopt;
    return exe.parent_path();
}

std::string env_name(const std::string& kind) {
    return kind == "lessons" ? "ATTN_LESSONS_DIR" : "ATTN_DATA_DIR";
}

}  // namespace

Location find_content_dir(const std::string& kind, const std::optional<std::string>& flag) {
    std::error_code fs_error;  // a path too long, or a loop of links, counts as missing (no exception)
    if (flag) {
        if (!fs::is_directory(*flag, fs_error))
            throw InputError("--" + kind + " " + *flag + ": no such folder");
        return {*flag, "--" + kind};
    }
    const std::string var = env_name(kind);
    if (const char* env = std::getenv(var.c_str()); env && *env) {
        if (!fs::is_directory(env, fs_error))
            throw InputError(var + "=" + env + ": no such folder; unset it or fix the path");
        return {env, var};
    }
    return find_shipped_dir(kind);
}

Location find_shipped_dir(const std::string& kind) {
    std::error_code fs_error;  // a path too long, or a loop of links, counts as missing (no exception)
    if (const auto exe = executable_dir()) {
        const fs::path installed = *exe / ".." / "share" / "attn" / kind;
        if (fs::is_directory(installed, fs_error))
            return {installed.lexically_normal().string(), "installed"};
    }
    const fs::path source = fs::path(ATTN_SOURCE_DIR) / kind;
    if (fs::is_directory(source, fs_error)) return {source.string(), "source tree"};
    const fs::path prefix = fs::path(ATTN_INSTALL_DATADIR) / kind;
    if (fs::is_directory(prefix, fs_error)) return {prefix.string(), "install prefix"};
    throw InputError("cannot find the " + kind + " folder; pass --" + kind + " DIR or set " + env_name(kind));
}

Location workspace_dir() {
    if (const char* env = std::getenv("ATTN_WORKSPACE"); env && *env) return {env, "ATTN_WORKSPACE"};
    const char* xdg = std::getenv("XDG_DATA_HOME");
    if (xdg && *xdg && fs::path(xdg).is_absolute())
        return {(fs::path(xdg) / "attn" / "workspace").string(), "XDG_DATA_HOME"};
    const char* home = std::getenv("HOME");
    if (!home || !*home)
        throw InputError(
            "neither XDG_DATA_HOME nor HOME is set, so there is no default workspace; "
            "give a path or set ATTN_WORKSPACE");
    return {(fs::path(home) / ".local" / "share" / "attn" / "workspace").string(), "HOME"};
}

Location state_dir() {
    const char* xdg = std::getenv("XDG_STATE_HOME");
    if (xdg && *xdg && fs::path(xdg).is_absolute())
        return {(fs::path(xdg) / "attn").string(), "XDG_STATE_HOME"};
    const char* home = std::getenv("HOME");
    if (!home || !*home)
        throw InputError("neither XDG_STATE_HOME nor HOME is set, so there is nowhere to keep progress");
    return {(fs::path(home) / ".local" / "state" / "attn").string(), "HOME"};
}

std::string course_subdir(const std::string& lessons_dir) {
    std::error_code ec;
    const fs::path course = fs::weakly_canonical(lessons_dir, ec);
    try {
        if (course == fs::weakly_canonical(find_shipped_dir("lessons").path, ec)) return "";
    } catch (const InputError&) {
        // No shipped course on this machine: every course is a course of its own.
    }
    // FNV-1a of the folder's full path: the same folder always finds its progress again.
    uint64_t hash = 1469598103934665603ull;
    for (const unsigned char c : course.string()) hash = (hash ^ c) * 1099511628211ull;
    std::string name;
    for (const char c : course.filename().string())
        name += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
    return "courses/" + (name.empty() ? std::string("course") : name) + "-" + std::string(hex, 8);
}

Location course_state_dir(const std::string& lessons_dir) {
    const Location state = state_dir();
    const std::string sub = course_subdir(lessons_dir);
    if (sub.empty()) return state;
    return {(fs::path(state.path) / sub).string(), state.source + ", a course of its own"};
}

}  // namespace attn::course
