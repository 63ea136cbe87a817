#include "cli/line_input.hpp"

#include <termios.h>
#include <unistd.h>

namespace attn::cli {

std::optional<std::string> read_line() {
    termios before{};
    const bool terminal = tcgetattr(STDIN_FILENO, &before) == 0;
    if (terminal && !(before.c_lflag & ICANON)) {
        termios line_mode = before;
        line_mode.c_lflag |= ICANON | ECHO;
        tcsetattr(STDIN_FILENO, TCSANOW, &line_mode);
    }
    // read(2) rather than std::cin, so that nothing typed later is held in a stream buffer.
    std::string line;
    char c = 0;
    ssize_t n = 0;
    while ((n = read(STDIN_FILENO, &c, 1)) == 1 && c != '\n') line += c;
    if (terminal) tcsetattr(STDIN_FILENO, TCSANOW, &before);
    if (n != 1 && line.empty()) return std::nullopt;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

}  // namespace attn::cli
