// The one place that probes the terminal: TTY, NO_COLOR, TERM and COLUMNS become a render::Style.
#include "cli/context.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "cli/paste_command.hpp"
#include "course/paths.hpp"

namespace attn::cli {

namespace {

bool term_is_dumb() {
    const char* term = std::getenv("TERM");
    return term && std::strcmp(term, "dumb") == 0;
}

// Colour on when: --color always; or auto and stdout is a terminal, NO_COLOR is unset or empty and
// TERM is not "dumb". --color never always wins.
bool decide_color(const std::string& choice, bool stdout_is_tty) {
    if (choice == "always") return true;
    if (choice == "never") return false;
    const char* no_color = std::getenv("NO_COLOR");
    if (no_color && *no_color) return false;
    return !term_is_dumb() && stdout_is_tty;
}

// Terminal width from the COLUMNS variable or the tty, else 80; never below 40.
int terminal_width(bool stdout_is_tty) {
    int width = 80;
    if (const char* columns = std::getenv("COLUMNS"); columns && std::atoi(columns) > 0) {
        width = std::atoi(columns);
    } else if (stdout_is_tty) {
        winsize ws{};
        if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) width = ws.ws_col;
    }
    return width < 40 ? 40 : width;
}

// `path` as one shell word: as it is when it holds only safe characters, else in single quotes.
std::string shell_word(const std::string& path) {
    static const std::string safe =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_/.,:+=@%-";
    if (!path.empty() && path.find_first_not_of(safe) == std::string::npos) return path;
    std::string out = "'";
    for (char c : path) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// " --KIND DIR" when the folder in use was chosen by a flag or a variable, else "".
std::string folder_flag(const std::string& kind, const std::optional<std::string>& flag) {
    course::Location where;
    try {
        where = course::find_content_dir(kind, flag);
    } catch (const std::exception&) {
        return "";  // a missing folder is reported by the command itself
    }
    if (where.source != "--" + kind && where.source.rfind("ATTN_", 0) != 0) return "";
    std::error_code ec;
    const std::filesystem::path absolute = std::filesystem::absolute(where.path, ec);
    return " --" + kind + " " + shell_word(ec ? where.path : absolute.lexically_normal().string());
}

}  // namespace

std::string attn_command(const Context& ctx, const std::string& rest) {
    const GlobalOptions& g = ctx.global;
    return "attn" + folder_flag("lessons", g.lessons_dir) + folder_flag("data", g.data_dir) + " " + rest;
}

render::Style Context::style(int precision) const {
    render::Style s;
    s.color = decide_color(global.color, stdout_tty);
    s.unicode = !global.ascii && !term_is_dumb();
    s.width = global.width ? std::max(*global.width, 40) : terminal_width(stdout_tty);
    s.precision = precision;
    return s;
}

std::string Context::progress_dir() const {
    return course::course_state_dir(course::find_content_dir("lessons", global.lessons_dir).path).path;
}

}  // namespace attn::cli
