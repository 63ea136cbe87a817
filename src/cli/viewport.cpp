#include "cli/viewport.hpp"

#include <curses.h>

#include <algorithm>

#include "render/style.hpp"

namespace attn::cli {

PlayerAction action_for_key(int key) {
    switch (key) {
        case KEY_UP:
        case 'k':
            return PlayerAction::line_up;
        case KEY_DOWN:
        case 'j':
            return PlayerAction::line_down;
        case KEY_PPAGE:
            return PlayerAction::page_up;
        case KEY_NPAGE:
            return PlayerAction::page_down;
        case KEY_HOME:
            return PlayerAction::top;
        case KEY_END:
            return PlayerAction::bottom;
        case ' ':
        case '\n':
        case '\r':
        case KEY_ENTER:
            return PlayerAction::forward;
        case 'n':
        case KEY_RIGHT:
            return PlayerAction::next_step;
        case 'b':
        case 'p':
        case KEY_LEFT:
            return PlayerAction::previous_step;
        case 'g':
            return PlayerAction::first_step;
        case '?':
        case 'h':
            return PlayerAction::help;
        case 'q':
        case 'Q':
        case 27:
            return PlayerAction::quit;
        case KEY_RESIZE:
            return PlayerAction::resize;
        default:
            return PlayerAction::none;
    }
}

void Viewport::reset(size_t total, size_t height) {
    total_ = total;
    height_ = std::max<size_t>(height, 1);
    scroll_to(static_cast<long>(offset_));
}

void Viewport::scroll_to(long offset) {
    const long last = std::max<long>(0, static_cast<long>(total_) - static_cast<long>(height_));
    offset_ = static_cast<size_t>(std::clamp<long>(offset, 0, last));
}

void Viewport::apply(PlayerAction action) {
    const long here = static_cast<long>(offset_), page = static_cast<long>(height_);
    // A page keeps one line of the previous page on screen, so that the reader keeps their place.
    const long step = std::max<long>(1, page - 1);
    switch (action) {
        case PlayerAction::line_up:
            return scroll_to(here - 1);
        case PlayerAction::line_down:
            return scroll_to(here + 1);
        case PlayerAction::page_up:
            return scroll_to(here - step);
        case PlayerAction::page_down:
        case PlayerAction::forward:
            return scroll_to(here + step);
        case PlayerAction::top:
            return scroll_to(0);
        case PlayerAction::bottom:
            return scroll_to(static_cast<long>(total_));
        default:
            return;
    }
}

std::string footer_text(size_t step, size_t steps, const Viewport& view, int width, bool unicode) {
    const std::string dot = unicode ? " · " : " - ", dash = unicode ? "–" : "-";
    std::string text = "step " + std::to_string(step + 1) + " of " + std::to_string(steps);
    if (view.total() > view.height())
        text += dot + "lines " + std::to_string(view.first_visible()) + dash +
                std::to_string(view.last_visible()) + " of " + std::to_string(view.total());
    const bool last = step + 1 == steps;
    // Keys are set apart by two spaces (a dot each would cost a key at 80 columns); ? lists them all.
    const std::vector<std::string> keys = {
        view.at_end() ? (last ? "space finish" : "space next") : "space more",
        unicode ? "n p ←→ step" : "n p step", unicode ? "↑↓ scroll" : "up/down scroll", "? keys", "q quit"};
    // Keys go in order of use while they fit; "q quit" and the space key (the one a learner needs most,
    // lost at 60 columns before) are kept first, then "? keys".
    std::vector<bool> shown(keys.size(), false);
    size_t used = render::display_width(text) + 1;
    for (size_t k : {size_t{4}, size_t{0}, size_t{3}, size_t{1}, size_t{2}}) {
        const size_t need = 2 + render::display_width(keys[k]);
        if (used + need <= static_cast<size_t>(width)) shown[k] = true, used += need;
    }
    std::string shown_keys;
    for (size_t k = 0; k < keys.size(); ++k)
        if (shown[k]) shown_keys += "  " + keys[k];
    return shown_keys.empty() ? text : text + " " + shown_keys;
}

std::vector<std::string> key_help(bool unicode) {
    const std::vector<std::pair<std::string, std::string>> keys = {
        {unicode ? "↓ j" : "Down j", "one line down"},
        {unicode ? "↑ k" : "Up k", "one line up"},
        {"PgDn PgUp", "a page down / up"},
        {"Home End", "top / bottom of the step"},
        {"space Enter", "a page down; at the bottom, the next step"},
        {unicode ? "n →" : "n Right", "next step"},
        {unicode ? "b p ←" : "b p Left", "previous step"},
        {"g", "first step"},
        {"?", "this help"},
        {"q Esc", "quit (your place is saved)"}};
    std::vector<std::string> lines = {"Keys in a lesson", ""};
    for (const auto& [key, meaning] : keys)
        lines.push_back("  " + key + std::string(14 - render::display_width(key), ' ') + meaning);
    lines.insert(lines.end(), {"", "Press any key to go back to the lesson."});
    return lines;
}

}  // namespace attn::cli
