// A report::Chart as text: named series drawn with one marker each on x–y axes (optionally log),
// tick values on both axes, axis labels and a legend, always within style.width columns.
#pragma once
#include <string>
#include <vector>

#include "render/style.hpp"
#include "report/blocks.hpp"

namespace attn::render {

// The whole chart block, ending in a newline. ASCII only when !style.unicode. Points that cannot be
// drawn (NaN, ±∞, or ≤ 0 on a log axis) are skipped; a chart with nothing to draw says so.
std::string render_chart(const report::Chart& chart, const Style& style);

// The marker of series i: "*", "o", "+", "x", "#", "@" (ASCII) or "●", "○", "■", "□", "▲", "◆".
std::string chart_marker(size_t series_index, bool unicode);

// The marker of a point where two or more series fall on the same cell: "◉" ("&" in ASCII). The
// legend names the series it stands for, so that no series hides under another.
std::string chart_shared_marker(bool unicode);

// Tick values for an axis spanning [lo, hi] in data units: powers of ten (or 1-2-5 steps within a
// decade) on a log axis, round 1-2-5 steps on a linear one. Always at least two values.
std::vector<double> chart_ticks(double lo, double hi, bool log_axis);

// A short label for a tick value: "0.25", "1000", "1e6", "2.5e-5".
std::string compact_number(double value);

}  // namespace attn::render
