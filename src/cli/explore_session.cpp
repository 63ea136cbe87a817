// attn explore's keys that every screen reads alike, and the terminal session that runs a screen.
#include <ncurses.h>

#include <algorithm>

#include "cli/curses_screen.hpp"
#include "cli/explore_screen.hpp"
#include "inputs/input_error.hpp"

namespace attn::cli::explore {

namespace {

// The cursor, the stage and the arithmetic's scrolling; false for another key.
bool move_key(Ui& ui, int key, size_t n_stages) {
    switch (key) {
        case '\t':
            return ui.stage = (ui.stage + 1) % n_stages, true;
        case KEY_BTAB:
            return ui.stage = (ui.stage + n_stages - 1) % n_stages, true;
        case KEY_UP:
        case 'i':  // i j k l: the arrows under the right hand (h is heads)
            return ui.row -= ui.row > 0, ui.explain_top = 0, true;
        case KEY_DOWN:
        case 'k':
            return ++ui.row, ui.explain_top = 0, true;
        case KEY_LEFT:
        case 'j':
            return ui.col -= ui.col > 0, ui.explain_top = 0, true;
        case KEY_RIGHT:
        case 'l':
            return ++ui.col, ui.explain_top = 0, true;
        case KEY_NPAGE:
            return ui.explain_top += std::max(1, LINES / 3), true;
        case KEY_PPAGE:
            return ui.explain_top = std::max(0, ui.explain_top - std::max(1, LINES / 3)), true;
        default:
            return false;
    }
}

}  // namespace

KeyUse view_key(Ui& ui, int key, size_t n_stages) {
    ui.message.clear();
    if (!ui.popup.empty()) return ui.popup.clear(), KeyUse::used;
    if (ui.help) {
        if (key == KEY_UP || key == KEY_DOWN) return ui.help_top += key == KEY_DOWN ? 1 : -1, KeyUse::used;
        return ui.help = false, KeyUse::used;
    }
    if (ui.prompt != Prompt::none) return KeyUse::unused;
    // Esc alone (an unknown escape sequence never arrives here: read_key_for_size drops it).
    if (key == 'q' || key == 27) return KeyUse::quit;
    if (key == '?') return ui.help = true, ui.help_top = 0, KeyUse::used;
    return move_key(ui, key, n_stages) ? KeyUse::used : KeyUse::unused;
}

bool prompt_text_key(Ui& ui, int key) {
    if (key == 27) return ui.prompt = Prompt::none, false;
    if (key == '\n' || key == KEY_ENTER) return true;
    const bool selected = ui.input_selected;
    const bool backspace = key == KEY_BACKSPACE || key == 127 || key == 8;
    ui.input_selected = false;
    if (key == 21 || (backspace && selected))  // Ctrl-U
        ui.input.clear();
    else if (backspace && !ui.input.empty())
        ui.input.pop_back();
    else if (key >= 32 && key < 127)
        ui.input = (selected ? "" : ui.input) + static_cast<char>(key);
    return false;
}

double nudge_of(int key) {
    switch (key) {
        case '+':
            return 0.1;
        case '-':
            return -0.1;
        case ']':
        case kAltKey + '+':
        case kAltKey + '=':
            return 0.01;
        case '[':
        case kAltKey + '-':
            return -0.01;
        default:
            return 0;
    }
}

void start_prompt(Ui& ui, Prompt p, std::string input) {
    ui.prompt = p;
    ui.input = std::move(input);
    ui.input_selected = !ui.input.empty();
}

bool number_key(Ui& ui, int key, bool editable) {
    if (key == '\n' || key == KEY_ENTER) {
        if (editable) start_prompt(ui, Prompt::number, "");
        return true;
    }
    if (!editable || !((key >= '0' && key <= '9') || key == '.')) return false;
    start_prompt(ui, Prompt::number, std::string(1, static_cast<char>(key)));
    return true;
}

double parse_number(const std::string& text) {
    size_t used = 0;
    double value = 0;
    try {
        value = std::stod(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || used != text.size()) throw course::InputError("'" + text + "' is not a number");
    return value;
}

namespace {

void start_curses(Ui& ui) {
    initscr();
    cbreak();
    noecho();
    keypad(stdscr, TRUE);
    set_escdelay(25);
    curs_set(0);
    if (ui.color && has_colors() && start_color() == OK)
        use_default_colors();  // pairs are made as cells need them (cli/curses_screen: colour_pair)
    else
        ui.color = false;
}

}  // namespace

void run_screen(Ui& ui, const std::function<void()>& draw, const std::function<bool(int)>& key) {
    start_curses(ui);
    for (bool running = true; running;) {
        const int rows = LINES, cols = COLS;  // the size this screen is laid out for
        draw();
        refresh();
        // A resize while drawing (LINES/COLS changed, no KEY_RESIZE) is caught too: drawn again.
        const int k = read_key_for_size(rows, cols);
        if (k == ERR) break;  // the terminal went away
        if (k == KEY_RESIZE) continue;
        try {
            running = key(k);
        } catch (const std::exception& e) {
            ui.message = std::string("not applied: ") + e.what();
            ui.prompt = Prompt::none;
        }
    }
    endwin();
}

}  // namespace attn::cli::explore
