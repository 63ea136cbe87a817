// The full-screen lesson view on ncurses: a pinned header, a scrolling body, a footer, and keys.
// Lines arrive as the renderers made them (UTF-8 with ANSI SGR colour codes); SGR becomes ncurses
// attributes, so that the viewport shows the same colours as plain output.
#pragma once
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace attn::cli {

// One key, for a screen laid out for `drawn_rows` x `drawn_cols` (0 x 0: nothing drawn yet). Blocks like
// getch(), but also returns KEY_RESIZE when the window no longer has that size, even if ncurses never
// delivered a KEY_RESIZE for it, and ERR when the input is gone (the terminal closed). Shared by the lesson
// player (CursesScreen::read_key) and attn explore, which both lay a page out for the window's size.
// Esc alone is 27; Alt+c (Esc then c) is kAltKey + c; an escape sequence that ncurses does not know
// (its terminfo lacks the key) is dropped whole, never read as Esc.
int read_key_for_size(int drawn_rows, int drawn_cols);
constexpr int kAltKey = 0x100000;

// The ncurses colour pair for xterm 256-colour indices fg and bg (-1: the terminal's default), made on
// first use and remembered in `pairs`; on a terminal with fewer colours, the nearest of its 8. 0 (no
// colour) when the terminal is out of pairs. Shared by the lesson player and attn explore.
using ColourPairs = std::map<std::pair<short, short>, short>;
short colour_pair(ColourPairs& pairs, short fg, short bg);

class CursesScreen {
public:
    // Takes over the terminal (alternate screen, keys one by one, no echo). Ctrl-C restores it and
    // exits 130. Throws std::runtime_error when the terminal cannot be driven (unknown TERM). A line
    // wider than the window ends in '…' ('>' when !unicode) at its last column.
    CursesScreen(bool color, bool unicode);
    ~CursesScreen();
    CursesScreen(const CursesScreen&) = delete;
    CursesScreen& operator=(const CursesScreen&) = delete;

    int rows() const;
    int cols() const;
    // Header rows at the top, body[offset...] below them, the footer on the last row.
    void draw(const std::vector<std::string>& header, const std::vector<std::string>& body, size_t offset,
              const std::string& footer);
    // Lines on an otherwise empty screen (the key help).
    void draw_page(const std::vector<std::string>& lines);
    // Blocks for one key (an ncurses code: a character, KEY_UP, KEY_RESIZE ...).
    int read_key();
    // Gives the terminal back for plain line-by-line I/O (a step's questions), then takes it again.
    void suspend();
    void resume();
    // The next draw repaints every cell (a new step: no leftovers of the old one, drawn in one go).
    void invalidate();

private:
    void draw_line(int row, const std::string& line);
    short pair_for(short fg, short bg);

    bool color_ = false;
    bool unicode_ = true;
    int drawn_rows_ = 0, drawn_cols_ = 0;  // the size the last page was laid out for
    ColourPairs pairs_;
};

}  // namespace attn::cli
