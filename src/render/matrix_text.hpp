// A matrix as text: labelled rows and columns, its shape and a legend, optionally as a heatmap, and
// always fitted to the terminal width (fewer decimals, shorter labels, then blocks of columns).
#pragma once
#include <armadillo>
#include <string>
#include <vector>

#include "render/style.hpp"
#include "report/blocks.hpp"

namespace attn::render {

using report::LabelledMatrix;
using report::Shading;

// The whole block: a title line "title (r × c): legend", a header of column labels, one line per row.
std::string render_matrix(const LabelledMatrix& m, const Style& style);

// How the text writer shades one cell of a matrix with `shading` (attn explore draws its cells with it).
struct CellShade {
    std::string glyph;  // fuller for a larger value: " ░▒▓█" (ASCII " .:*#"); a signed matrix's negatives
                        // have their own ramp " ·∘○●" (" -=%@"), so that the sign shows without colour
    bool finite = true;                     // false: a masked −∞ cell, drawn dim and uncoloured
    ColourMap map = ColourMap::sequential;  // its colour is colour_at(map, t) (ansi_cell for a terminal)
    double t = 0;
};
// `max_abs` is shading_scale(the matrix's values): signed values are shaded relative to it.
CellShade cell_shade(double value, Shading shading, double max_abs, bool unicode);
double shading_scale(const arma::mat& values);  // the largest finite |value|, 0 for none
// The legend of a signed matrix's glyphs, for when no colour tells the sign.
std::string sign_legend(const Style& style);

// Shortens to at most `width` columns, marking the cut with "~" (ASCII) or "…".
std::string abbreviate(const std::string& text, size_t width, bool unicode);

// A number in fixed notation with `precision` decimals; "-inf"/"inf"/"nan" for non-finite values.
std::string format_number(double value, int precision);

}  // namespace attn::render
