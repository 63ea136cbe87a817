#include "cli/curses_screen.hpp"

#include <curses.h>
#include <langinfo.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <clocale>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

namespace attn::cli {

namespace {

SCREEN* active_screen = nullptr;

// Ctrl-C or a kill: give the terminal back, then exit as a shell expects.
void on_interrupt(int) {
    // A question may have set a scroll region under its pinned lines: the shell gets the whole window.
    static const char reset_region[] = "\033[r";
    if (active_screen) (void)!write(STDOUT_FILENO, reset_region, sizeof reset_region - 1), endwin();
    _exit(130);
}

// The renderers write UTF-8; ncursesw needs a UTF-8 character type to pass it through.
void use_utf8_ctype() {
    std::setlocale(LC_CTYPE, "");  // LC_CTYPE only: numbers keep their '.' whatever the locale
    if (std::strcmp(nl_langinfo(CODESET), "UTF-8") != 0) std::setlocale(LC_CTYPE, "C.UTF-8");
}

// A 256-colour index on a terminal with 8 colours: the nearest of the 8.
short basic_color(int index) {
    if (index < 16) return static_cast<short>(index % 8);
    if (index >= 232) return index >= 244 ? COLOR_WHITE : COLOR_BLACK;
    const int cube = index - 16, r = cube / 36, g = (cube / 6) % 6, b = cube % 6;
    return static_cast<short>((r >= 3 ? 1 : 0) | (g >= 3 ? 2 : 0) | (b >= 3 ? 4 : 0));
}

// The bytes of `text` that fill at most `columns` columns (one per code point, as the renderers count).
size_t bytes_for_columns(const std::string& text, size_t columns) {
    size_t bytes = 0, used = 0;
    while (bytes < text.size()) {
        if ((static_cast<unsigned char>(text[bytes]) & 0xC0) != 0x80 && used++ == columns) break;
        ++bytes;
    }
    return bytes;
}

// The state SGR codes set: attributes and colours (-1 is the terminal's default).
struct Pen {
    attr_t attrs = A_NORMAL;
    short fg = -1, bg = -1;
};

// Applies "1;38;5;200" (the parameters of one ESC [ ... m) to `pen`.
void apply_sgr(const std::string& params, Pen& pen) {
    std::vector<int> codes;
    size_t start = 0;
    while (start <= params.size()) {
        const size_t end = params.find(';', start);
        const std::string code =
            params.substr(start, end == std::string::npos ? std::string::npos : end - start);
        codes.push_back(code.empty() ? 0 : std::atoi(code.c_str()));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    for (size_t k = 0; k < codes.size(); ++k) {
        const int c = codes[k];
        if (c == 0)
            pen = Pen{};
        else if (c == 1)
            pen.attrs |= A_BOLD;
        else if (c == 2)
            pen.attrs |= A_DIM;
        else if (c == 3)
            pen.attrs |= A_ITALIC;
        else if (c == 4)
            pen.attrs |= A_UNDERLINE;
        else if (c == 7)
            pen.attrs |= A_REVERSE;
        else if (c == 22)
            pen.attrs &= ~(A_BOLD | A_DIM);
        else if (c >= 30 && c <= 37)
            pen.fg = static_cast<short>(c - 30);
        else if (c >= 90 && c <= 97)
            pen.fg = static_cast<short>(c - 90 + 8);
        else if (c >= 40 && c <= 47)
            pen.bg = static_cast<short>(c - 40);
        else if (c == 39)
            pen.fg = -1;
        else if (c == 49)
            pen.bg = -1;
        else if ((c == 38 || c == 48) && k + 2 < codes.size() && codes[k + 1] == 5) {
            (c == 38 ? pen.fg : pen.bg) = static_cast<short>(codes[k + 2]);
            k += 2;
        }
    }
}

}  // namespace

CursesScreen::CursesScreen(bool color, bool unicode) : unicode_(unicode) {
    use_utf8_ctype();
    active_screen = newterm(nullptr, stdout, stdin);
    if (!active_screen) throw std::runtime_error("this terminal (TERM) cannot show the full-screen lesson");
    std::signal(SIGINT, on_interrupt);
    std::signal(SIGTERM, on_interrupt);
    cbreak();
    noecho();
    keypad(stdscr, TRUE);
    set_escdelay(50);      // Esc quits without a noticeable wait; arrow keys still arrive whole
    idcok(stdscr, FALSE);  // redraw changed characters plainly rather than inserting and deleting them
    curs_set(0);
    color_ = color && has_colors() && start_color() == OK;
    if (color_) use_default_colors();
}

CursesScreen::~CursesScreen() {
    endwin();
    delscreen(active_screen);
    active_screen = nullptr;
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
}

int CursesScreen::rows() const { return LINES; }
int CursesScreen::cols() const { return COLS; }

short colour_pair(ColourPairs& pairs, short fg, short bg) {
    if (fg < 0 && bg < 0) return 0;
    if (COLORS < 256) fg = fg < 0 ? fg : basic_color(fg), bg = bg < 0 ? bg : basic_color(bg);
    const auto found = pairs.find({fg, bg});
    if (found != pairs.end()) return found->second;
    const short next = static_cast<short>(pairs.size() + 1);
    if (next >= COLOR_PAIRS || init_pair(next, fg, bg) != OK) return 0;  // out of pairs: plain text
    pairs[{fg, bg}] = next;
    return next;
}

short CursesScreen::pair_for(short fg, short bg) { return color_ ? colour_pair(pairs_, fg, bg) : 0; }

void CursesScreen::draw_line(int row, const std::string& line) {
    move(row, 0);
    Pen pen;
    size_t left = static_cast<size_t>(COLS), pos = 0;
    while (pos < line.size() && left > 0) {
        if (line[pos] == '\033' && pos + 1 < line.size() && line[pos + 1] == '[') {
            const size_t end = line.find_first_of("ABCDEFGHJKSTfmsu", pos + 2);
            if (end == std::string::npos) break;
            if (line[end] == 'm') apply_sgr(line.substr(pos + 2, end - pos - 2), pen);
            pos = end + 1;
            continue;
        }
        size_t run_end = line.find('\033', pos);
        if (run_end == std::string::npos) run_end = line.size();
        const std::string run = line.substr(pos, run_end - pos);
        const size_t bytes = bytes_for_columns(run, left);
        attrset(pen.attrs | COLOR_PAIR(pair_for(pen.fg, pen.bg)));
        addnstr(run.data(), static_cast<int>(bytes));
        if (bytes < run.size() && COLS > 0)
            mvaddstr(row, COLS - 1, unicode_ ? "…" : ">");  // a cut line says so
        // What is left of the row is where the cursor stands now (the last column does not advance it).
        int y = 0, x = 0;
        getyx(stdscr, y, x);
        left = bytes < run.size() || y != row || x >= COLS ? 0 : static_cast<size_t>(COLS - x);
        pos = run_end;
    }
    attrset(A_NORMAL);
}

void CursesScreen::draw(const std::vector<std::string>& header, const std::vector<std::string>& body,
                        size_t offset, const std::string& footer) {
    drawn_rows_ = LINES, drawn_cols_ = COLS;
    erase();
    int row = 0;
    for (const std::string& line : header)
        if (row < LINES - 1) draw_line(row++, line);
    for (size_t k = offset; k < body.size() && row < LINES - 1; ++k) draw_line(row++, body[k]);
    draw_line(LINES - 1, footer);
    mvchgat(LINES - 1, 0, -1, A_REVERSE, 0, nullptr);  // the whole last row, as a status bar
    refresh();
}

void CursesScreen::draw_page(const std::vector<std::string>& lines) {
    drawn_rows_ = LINES, drawn_cols_ = COLS;
    erase();
    for (size_t k = 0; k < lines.size() && static_cast<int>(k) < LINES; ++k)
        draw_line(static_cast<int>(k), lines[k]);
    refresh();
}

void CursesScreen::suspend() {
    def_prog_mode();
    endwin();
}

void CursesScreen::resume() {
    reset_prog_mode();
    clearok(stdscr, TRUE);  // whatever was printed meanwhile is not on ncurses' idea of the screen
    refresh();
}

void CursesScreen::invalidate() { clearok(stdscr, TRUE); }

namespace {

// The input is gone (the terminal closed): poll reports a hang-up or an error on it.
bool input_closed() {
    pollfd p{STDIN_FILENO, POLLIN, 0};
    return poll(&p, 1, 0) > 0 && (p.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0;
}

// The window's size when ncurses has not caught up with it yet (LINES x COLS differ).
bool window_resized(int& rows, int& cols) {
    winsize ws{};
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0 || ws.ws_col == 0) return false;
    rows = ws.ws_row, cols = ws.ws_col;
    return rows != LINES || cols != COLS;
}

}  // namespace

// After an Esc from getch(): the rest of an escape sequence that ncurses did not turn into a key (the
// terminal's terminfo does not know it, as tmux's End with TERM=xterm-256color) is read and dropped.
// Returns 27 for Esc alone, kAltKey + c for Alt+c, and ERR for a dropped sequence.
int finish_escape() {
    timeout(20);  // the rest of a sequence is already there: ncurses waited ESCDELAY for it
    const int next = getch();
    int key = ERR;
    if (next == ERR)
        key = 27;
    else if (next == '[' || next == 'O') {
        // CSI / SS3: parameters and intermediates up to a final byte in '@'..'~'.
        std::string rest;
        for (int c = getch(); c != ERR; c = getch()) {
            rest += static_cast<char>(c);
            if (c >= '@' && c <= '~') break;
        }
        // Home and End as tmux and the Linux console send them, which xterm's terminfo does not list.
        if (next == '[' && (rest == "1~" || rest == "7~")) key = KEY_HOME;
        if (next == '[' && (rest == "4~" || rest == "8~")) key = KEY_END;
    } else if (next != 27)
        key = kAltKey + next;
    timeout(250);
    return key;
}

int read_key_for_size(int drawn_rows, int drawn_cols) {
    // ncurses reports a resize as KEY_RESIZE, but one that lands while the page is being drawn updates
    // LINES and COLS without it. Waiting in short slices and comparing the size the page was laid out for
    // with the window's catches that: the caller lays the page out again.
    timeout(250);
    for (;;) {
        int key = getch();
        if (key == 27) key = finish_escape();
        if (key != ERR) return key;
        if (input_closed()) return ERR;
        int rows = 0, cols = 0;
        if (window_resized(rows, cols)) resizeterm(rows, cols);
        if (drawn_cols && (LINES != drawn_rows || COLS != drawn_cols)) return KEY_RESIZE;
    }
}

int CursesScreen::read_key() {
    const int key = read_key_for_size(drawn_rows_, drawn_cols_);
    return key == ERR ? 'q' : key;  // end of input (the terminal went away) quits
}

}  // namespace attn::cli
