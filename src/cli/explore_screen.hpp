// What attn explore's two screens share, the plain explorer's (explore_draw.cpp, explore_keys.cpp) and
// --mla's (explore_mla_screen.cpp): parts of the drawing (explore_screen.cpp), the keys that move about
// and type into prompts, and the terminal session that runs a screen (explore_session.cpp).
#pragma once
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "cli/explore_matrix.hpp"

namespace attn::cli::explore {

// `text` in lines of at most `width` columns, broken at spaces (a word wider than a line is cut);
// continuation lines start with `indent` spaces.
std::vector<std::string> wrap_to(const std::string& text, size_t width, size_t indent);
// The settings, then as much of the key reminder ("  ijkl cell  ? help  q quit") as fits in `width`.
std::string with_key_reminder(const std::string& settings, size_t width);
// The stage names in one line, the chosen one in brackets and a '|' after `rule_after` (the last edited
// stage); when they do not fit, scrolled so that the chosen stage shows.
std::string stage_strip(const std::vector<std::string>& names, size_t chosen, size_t rule_after, int width);

// The keys and what they do, as the help page (`?`) lists them.
using HelpEntries = std::vector<std::pair<std::string, std::string>>;
void draw_help(Ui& ui, const HelpEntries& help, int width);
// The title of the stage shown on line 3 ("(editable)" after it when it is), then the legend of its
// glyphs when they shade signed values without colour.
void draw_title(const StageView& v, const Ui& ui, int width, bool editable);
// The arithmetic of the cursor's cell in `box`: a rule, then the lines, wrapped and scrolled with
// PgUp/PgDn when they are taller than the box (the rule then says which lines show).
void draw_arithmetic(const std::vector<std::string>& text, Ui& ui, Box box);
// The last line: the popup when one is open, else the prompt, the message or what the last edit changed.
void draw_status(const Ui& ui, const StageView& v, int width);

// What a key did.
enum class KeyUse { unused, used, quit };
// The keys every screen reads alike: any key closes the popup and (but the arrows) the help; then, when
// no prompt is open, q and Esc quit, ? opens the help, Tab and Shift-Tab change stage (of `n_stages`),
// arrows and i j k l move the cursor, PgUp/PgDn scroll the arithmetic.
KeyUse view_key(Ui& ui, int key, size_t n_stages);
// A key typed into the open prompt: Esc closes it, Backspace and Ctrl-U erase, a character is added;
// true for Enter, when the caller applies ui.input (the prompt is closed first).
bool prompt_text_key(Ui& ui, int key);
// The nudge of + - ] [ (and Alt + / Alt -): ±0.1 or ±0.01; 0 for any other key.
double nudge_of(int key);
// Opens a prompt; a starting value shows selected (typing replaces it, an arrow keeps it to edit).
void start_prompt(Ui& ui, Prompt p, std::string input);
// Enter or a digit on an editable stage opens the number prompt; true when it did.
bool number_key(Ui& ui, int key, bool editable);
// Throws InputError unless `text` is a whole number ("0.5", "-2", "1e-3").
double parse_number(const std::string& text);

// u and Ctrl-R on any explorer with undo() and redo(); false for another key.
template <class Explorer>
bool history_key(Explorer& ex, Ui& ui, int key) {
    if (key == 'u') return ui.message = ex.undo() ? "undone" : "nothing to undo", true;
    if (key == 18) return ui.message = ex.redo() ? "redone" : "nothing to redo", true;
    return false;
}

// Takes the terminal (ncurses, colours when ui.color and the terminal has them), then draws and reads
// keys until `key` returns false or the terminal goes away, and gives it back. A key that throws shows
// "not applied: why" on the status line and closes the prompt.
void run_screen(Ui& ui, const std::function<void()>& draw, const std::function<bool(int)>& key);

}  // namespace attn::cli::explore
