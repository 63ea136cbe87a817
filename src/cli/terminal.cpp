#include "cli/terminal.hpp"

#include <termios.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>

namespace attn::cli {

namespace {

termios saved_mode;
bool raw_active = false;

void restore() {
    if (raw_active) tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_mode);
    raw_active = false;
}

// Ctrl-C: restore the terminal, then exit with 130 as a shell expects.
void on_interrupt(int) {
    restore();
    const char message[] = "\n";
    (void)!write(STDOUT_FILENO, message, sizeof message - 1);
    _exit(130);
}

}  // namespace

RawTerminal::RawTerminal() {
    if (tcgetattr(STDIN_FILENO, &saved_mode) != 0) return;
    termios raw = saved_mode;
    raw.c_lflag &= ~(ICANON | ECHO);  // keys arrive one by one and are not echoed; ISIG stays for Ctrl-C
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw) == 0) raw_active = true;
    std::signal(SIGINT, on_interrupt);
    std::signal(SIGTERM, on_interrupt);
}

RawTerminal::~RawTerminal() {
    restore();
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
}

Key RawTerminal::read_key() {
    unsigned char c = 0;
    if (read(STDIN_FILENO, &c, 1) != 1) return Key::quit;
    if (c == '\n' || c == '\r' || c == ' ' || c == 'n') return Key::next;
    if (c == 'b' || c == 'p') return Key::back;
    if (c == 'q' || c == 'Q') return Key::quit;
    if (c == 27) {  // Esc alone quits; an arrow key is Esc [ C / Esc [ D
        unsigned char seq[2];
        termios now;
        tcgetattr(STDIN_FILENO, &now);
        termios peek = now;
        peek.c_cc[VMIN] = 0;
        peek.c_cc[VTIME] = 1;  // wait up to 0.1 s for the rest of an escape sequence
        tcsetattr(STDIN_FILENO, TCSANOW, &peek);
        const ssize_t n = read(STDIN_FILENO, seq, 2);
        tcsetattr(STDIN_FILENO, TCSANOW, &now);
        if (n == 2 && seq[0] == '[' && seq[1] == 'C') return Key::next;
        if (n == 2 && seq[0] == '[' && seq[1] == 'D') return Key::back;
        return n <= 0 ? Key::quit : Key::other;
    }
    return Key::other;
}

}  // namespace attn::cli
