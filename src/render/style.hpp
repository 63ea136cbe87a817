// How output should look on this terminal: colour, glyphs, width, decimals.
#pragma once
#include <string>

namespace attn::render {

struct Style {
    bool color = false;   // ANSI colours (heatmap backgrounds, bold headings)
    bool unicode = true;  // shading glyphs and box drawing; false with --ascii or TERM=dumb
    int width = 80;       // columns available
    int precision = 4;    // decimals for numbers in text
};

// The terminal itself (TTY, NO_COLOR, TERM, COLUMNS) is probed in one place, cli/context.cpp; a
// writer only ever sees the resulting Style.

// Number of terminal columns a UTF-8 string occupies (one per code point).
size_t display_width(const std::string& text);

// Word-wraps `text` (no ANSI codes inside) to `width` columns; continuation lines start with `indent`
// spaces. A word longer than the line (a long path) is kept whole on its own line.
std::string wrap(const std::string& text, int width, size_t indent);

// "label" then `text` wrapped to `width`, continuation lines indented under the text's first column:
// for notes such as "inputs:   ...", whose label pads the text to a column.
std::string wrap_labelled(const std::string& label, const std::string& text, int width);

// Wraps ANSI SGR codes around text when colour is on.
std::string bold(const Style& style, const std::string& text);
std::string dim(const Style& style, const std::string& text);

}  // namespace attn::render
