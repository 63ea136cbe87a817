// attn explore's matrices on the screen: a stage shaded as attn run shades it, its cursor, the cells
// the last edit changed, and the query row of Q and the key column of Kᵀ that a score or weight came
// from. Shared by the halves of explore_draw.cpp.
#pragma once
#include <string>

#include "cli/explore_ui.hpp"
#include "cli/explore_view.hpp"

namespace attn::cli::explore {

// A rectangle of the screen: rows [top, top + height), columns [left, left + width).
struct Box {
    int top, left, height, width;
};

// The cells that stand out, in reverse video. `whole`: every cell of row `row` and of column `col` (the
// sources of a score); else the cursor cell (row, col) alone. `labels`: the row and column are also
// marked by glyphs that show without attributes, '>' before the row label and 'v' before the column's.
struct Marks {
    int row = -1, col = -1;
    bool whole = false, labels = true;
};

// `v` in `box`: column labels, then one line per row, scrolled so that the marked row and column show.
// Cells are `cell_w` wide; shaded cells start with attn run's glyph and, in colour, its background.
void draw_matrix(const StageView& v, Ui& ui, Box box, Marks marks, int cell_w = 9);

// The lines Q and Kᵀ take in `width` columns (side by side when they fit, else one above the other).
int sources_height(const course::Explorer& ex, const Ui& ui, int width);
// Q and Kᵀ of the head shown, with the query row and the key column of the cursor's cell marked.
void draw_sources(const course::Explorer& ex, Ui& ui, Box box);

// Helpers of the explorer's drawing: text at (y, x) cut to `width` columns (nothing off the screen), and
// `text` padded or cut ("~") to exactly `width` columns.
void put(int y, int x, const std::string& text, int width);
std::string fit(const std::string& text, size_t width);

}  // namespace attn::cli::explore
