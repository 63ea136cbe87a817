#include "render/style.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace attn::render {

bool decide_color(ColorChoice choice, bool stdout_is_tty) {
    if (choice == ColorChoice::always) return true;
    if (choice == ColorChoice::never) return false;
    const char* no_color = std::getenv("NO_COLOR");
    if (no_color && *no_color) return false;
    const char* term = std::getenv("TERM");
    if (term && std::strcmp(term, "dumb") == 0) return false;
    return stdout_is_tty;
}

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

std::string bold(const Style& style, const std::string& text) {
    return style.color ? "\033[1m" + text + "\033[0m" : text;
}

std::string dim(const Style& style, const std::string& text) {
    return style.color ? "\033[2m" + text + "\033[0m" : text;
}

}  // namespace attn::render
