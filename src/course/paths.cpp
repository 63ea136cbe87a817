#include "course/paths.hpp"

#include <unistd.h>

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
    if (flag) {
        if (!fs::is_directory(*flag)) throw InputError("--" + kind + " " + *flag + ": no such folder");
        return {*flag, "--" + kind};
    }
    const std::string var = env_name(kind);
    if (const char* env = std::getenv(var.c_str()); env && *env) {
        if (!fs::is_directory(env)) throw InputError(var + "=" + env + ": no such folder; unset it or fix the path");
        return {env, var};
    }
    if (const auto exe = executable_dir()) {
        const fs::path installed = *exe / ".." / "share" / "attn" / kind;
        if (fs::is_directory(installed)) return {installed.lexically_normal().string(), "installed"};
    }
    const fs::path source = fs::path(ATTN_SOURCE_DIR) / kind;
    if (fs::is_directory(source)) return {source.string(), "source tree"};
    const fs::path prefix = fs::path(ATTN_INSTALL_DATADIR) / kind;
    if (fs::is_directory(prefix)) return {prefix.string(), "install prefix"};
    throw InputError("cannot find the " + kind + " folder; pass --" + kind + " DIR or set " + var);
}

Location state_dir() {
    const char* xdg = std::getenv("XDG_STATE_HOME");
    if (xdg && *xdg && fs::path(xdg).is_absolute()) return {(fs::path(xdg) / "attn").string(), "XDG_STATE_HOME"};
    const char* home = std::getenv("HOME");
    if (!home || !*home) throw InputError("neither XDG_STATE_HOME nor HOME is set, so there is nowhere to keep progress");
    return {(fs::path(home) / ".local" / "state" / "attn").string(), "HOME"};
}

std::string resolve_vocab(const std::string& given, const std::string& data_dir) {
    if (fs::is_regular_file(given)) return given;
    const fs::path named = fs::path(data_dir) / given / "vocab.toml";
    if (given.find('/') == std::string::npos && fs::is_regular_file(named)) return named.string();
    std::string names;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(data_dir, ec))
        if (fs::is_regular_file(entry.path() / "vocab.toml")) names += (names.empty() ? "" : ", ") + entry.path().filename().string();
    throw InputError("--vocab " + given + ": no such file, and no vocabulary of that name in " + data_dir +
                     (names.empty() ? "" : " (there: " + names + ")"));
}

}  // namespace attn::course
