// A matrix as text: labelled rows and columns, its shape and a legend, optionally as a heatmap, and
// always fitted to the terminal width (fewer decimals, shorter labels, then blocks of columns).
#pragma once
#include <armadillo>
#include <string>
#include <vector>

#include "course/view.hpp"
#include "render/style.hpp"

namespace attn::render {

using course::LabelledMatrix;
using course::Shading;

// The whole block: a title line "title (r × c): legend", a header of column labels, one line per row.
std::string render_matrix(const LabelledMatrix& m, const Style& style);

// Shortens to at most `width` columns, marking the cut with "~" (ASCII) or "…".
std::string abbreviate(const std::string& text, size_t width, bool unicode);

// A number in fixed notation with `precision` decimals; "-inf"/"inf"/"nan" for non-finite values.
std::string format_number(double value, int precision);

}  // namespace attn::render
