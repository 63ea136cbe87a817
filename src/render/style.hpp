// How output should look on this terminal: colour, glyphs, width, decimals.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

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

// The course's colours, one table for every format: the terminal's 256 colours, SVG and HTML all read
// these stops, so that a colour means the same value everywhere.
//   sequential: viridis, for values in [0, 1] (attention weights): dark purple (0) to yellow (1).
//   diverging:  ColorBrewer RdBu reversed, for signed values in [-1, 1]: blue (< 0), white (0), red (> 0).
//   categorical: Okabe–Ito, for things that are not ordered (chart series, the kinds on a map).
// All three are colour-blind safe.
enum class ColourMap { sequential, diverging, categorical };

struct ColourMapTraits {
    const char* name;                // "viridis", "RdBu (reversed)", "Okabe-Ito"
    double low, high;                // the values the first and last stops stand for
    std::vector<const char*> stops;  // "#rrggbb", evenly spaced from low to high
};
const ColourMapTraits& colour_map_traits(ColourMap map);

struct Rgb {
    double r, g, b;  // each in [0, 1]
};

// The colour of `t` on `map` (clamped to [low, high]; NaN is the middle): linear between the stops. For
// the categorical map, t is an index and wraps around.
Rgb colour_at(ColourMap map, double t);
std::string hex_of(const Rgb& colour);  // "#rrggbb"
Rgb rgb_of_hex(const std::string& hex);
// The nearest of the xterm 256 colours (the 6×6×6 cube, 16–231, and the grey ramp, 232–255), and back.
int ansi256_of(const Rgb& colour);
Rgb rgb_of_ansi256(int index);
// Black or white, whichever reads better on `background` (by relative luminance).
bool dark(const Rgb& background);

// A cell painted with `map`'s colour of t: its background and readable ink (black or white), as xterm
// 256-colour indices (what ansi_background writes; attn explore hands them to ncurses).
struct AnsiCell {
    int background, ink;
};
AnsiCell ansi_cell(ColourMap map, double t);

// ANSI SGR codes that paint a cell with `map`'s colour of t (and readable ink), or the ink alone.
std::string ansi_background(ColourMap map, double t);
std::string ansi_foreground(ColourMap map, double t);

}  // namespace attn::render
