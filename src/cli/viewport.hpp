// The lesson player's window onto one step: which lines are visible, what a key does, and the footer
// that says where the learner is. Pure logic, so that it is tested without a terminal.
#pragma once
#include <string>
#include <vector>

namespace attn::cli {

// What a key asks the player to do.
enum class PlayerAction {
    line_up,
    line_down,
    page_up,
    page_down,
    top,
    bottom,   // inside the step
    forward,  // space/Enter: a page down, else the next step
    next_step,
    previous_step,
    first_step,  // n →, b p ←, g
    help,
    quit,
    resize,
    none
};

// ncurses key codes (KEY_UP ...) and characters to actions.
PlayerAction action_for_key(int key);

// The scroll position of a body of `total` lines seen through `height` rows.
class Viewport {
public:
    // New content or a new window size; keeps the offset when it still fits.
    void reset(size_t total, size_t height);
    void apply(PlayerAction action);  // the in-step actions; others are ignored
    bool at_end() const { return offset_ + height_ >= total_; }
    size_t offset() const { return offset_; }
    size_t total() const { return total_; }
    size_t height() const { return height_; }
    // 1-based first and last visible lines ("lines 1–22 of 80").
    size_t first_visible() const { return total_ == 0 ? 0 : offset_ + 1; }
    size_t last_visible() const { return std::min(offset_ + height_, total_); }

private:
    void scroll_to(long offset);
    size_t offset_ = 0, total_ = 0, height_ = 1;
};

// "step 3 of 7 · lines 1–22 of 80   space more  n p ←→ step  ↑↓ scroll  ? keys  q quit", shortened (the
// least needed keys dropped first) to fit `width` columns; ASCII separators and key names when !unicode.
std::string footer_text(size_t step, size_t steps, const Viewport& view, int width, bool unicode);

// Every key, one per line, for the ? screen.
std::vector<std::string> key_help(bool unicode);

}  // namespace attn::cli
