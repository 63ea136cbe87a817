// attn explore, drawn with ncurses: settings, the stage strip, the matrix (explore_matrix.cpp: shaded,
// its cursor, the cells the last edit changed, for a score Q and Kᵀ with its sources marked), the
// arithmetic of the chosen cell beside the matrices (100 columns or more) or under them, or the
// comparison, then help and status lines.
#include <ncurses.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "cli/explore_screen.hpp"
#include "render/matrix_text.hpp"

namespace attn::cli::explore {

namespace {

// Keys and what they do: `?` shows them, wrapped to the terminal.
const HelpEntries kHelp = {
    {"Tab Shift-Tab", "next / previous stage"},
    {"arrows, i j k l",
     "move the cursor (up, left, down, right); on a score or weight cell, Q's query row "
     "and K^T's key column it came from are marked > and v"},
    {"PgDn PgUp", "scroll the cell's arithmetic (attn run --explain), beside the matrix from 100 columns"},
    {"Enter, 0-9 .", "type a number into a cell of X, W_Q, W_K or W_V (Enter applies, Esc cancels)"},
    {"+ -  ] [", "nudge the cell by 0.1; by 0.01 (also Alt + and Alt -)"},
    {"s", "edit the sentence"},
    {"m", "mask: none, causal, padding"},
    {"t", "temperature T: the weights are softmax(scaled / T)"},
    {"h H  n", "more / fewer heads (every count that divides the width, round); next head"},
    {"r", "random weights with a seed (empty: the preset)"},
    {"d D", "d_k up / down (random weights)"},
    {"c", "compare: the word in two sentences side by side"},
    {"C", "the second sentence of the comparison"},
    {"u  Ctrl-R", "undo / redo (every edit and setting)"},
    {"w", "save to the workspace (explore/) and show the attn run command"},
    {"x", "export this screen as CSV, JSON and SVG into a folder"},
    {"?", "this help (arrows scroll it)"},
    {"Ctrl-U", "in a prompt: clear it (a value shown selected is replaced by what you type)"},
    {"q Esc", "quit (prints the attn run command)"},
};

// The settings, then as much of the key reminder as fits.
std::string settings_line(const course::ExploreWorld& w, size_t width) {
    const std::string settings =
        "mask " + w.mask + "  heads " + std::to_string(w.heads) + "  T " + short_number(w.temperature) +
        "  weights " + (w.seed ? "random, seed " + std::to_string(*w.seed) : std::string("preset")) +
        (w.d_k ? "  d_k " + std::to_string(*w.d_k) : "") + (w.compare ? "  compare on" : "");
    return with_key_reminder(settings, width);
}

// The labels of a stage's columns in one experiment (each compared sentence has its own keys).
std::vector<std::string> column_labels(const course::Experiment& e, size_t stage, arma::uword n) {
    if (query_key_stage(stage)) return e.key_labels;
    if (explore_stage(stage) == math::Stage::x && e.dimensions.size() == n) return e.dimensions;
    if (explore_stage(stage) == math::Stage::output && e.value_dimensions.size() == n)
        return e.value_dimensions;
    std::vector<std::string> labels;
    for (arma::uword i = 0; i < n; ++i) labels.push_back("d" + std::to_string(i));
    return labels;
}

// One half of the comparison: the compared word's row of `stage` in one sentence, one line per column.
std::vector<std::string> compare_side(const course::Explorer& ex, size_t side, size_t stage, arma::uword head,
                                      size_t width, const arma::rowvec* other) {
    const course::FocusComparison& c = *ex.comparison();
    const course::Experiment& e = c.runs[side];
    const arma::rowvec row = stage_or_earlier(e, ex, stage, head)->row(c.rows[side]);
    const std::vector<std::string> labels = column_labels(e, stage, row.n_elem);
    std::vector<std::string> lines = {fit(std::to_string(side + 1) + ": " + c.sentences[side], width)};
    for (arma::uword j = 0; j < row.n_elem; ++j) {
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, "  %-9s%8.4f", fit(labels[j], 8).c_str(), row(j));
        std::string line = std::isinf(row(j)) ? "  " + fit(labels[j], 9) + "    -inf" : std::string(buffer);
        if (other && other->n_elem == row.n_elem && std::isfinite(row(j) - (*other)(j))) {
            std::snprintf(buffer, sizeof buffer, " (%+.4f)", row(j) - (*other)(j));
            line += buffer;
        }
        lines.push_back(fit(line, width));
    }
    return lines;
}

// Compare mode: the compared word's row of the chosen stage in both sentences, side by side (for W_Q,
// W_K and W_V, which have no token rows, its weights), then how far its outputs moved apart.
void draw_compare(const course::Explorer& ex, const Ui& ui, int top, int height, int width) {
    const course::FocusComparison& c = *ex.comparison();
    // W_Q, W_K and W_V have no token rows: compare the word's weights instead.
    const bool projection = editable_stage(ui.stage) && explore_stage(ui.stage) != math::Stage::x;
    const size_t stage = projection ? explore_index(math::Stage::weights) : ui.stage;
    const std::string what =
        explore_stage_names()[stage] +
        (query_key_stage(stage) && ex.world().heads > 1 ? " (head " + std::to_string(ui.head) + ")" : "");
    const std::string heading = "-- compare '" + c.word + "': its " + what + " row in both sentences ";
    put(top, 0,
        fit(heading.size() < static_cast<size_t>(width) ? heading + std::string(width - heading.size(), '-')
                                                        : heading,
            width),
        width);
    const int half = width / 2;
    const course::Experiment& e0 = c.runs[0];
    const arma::rowvec first = stage_or_earlier(e0, ex, stage, ui.head)->row(c.rows[0]);
    const std::vector<std::string> left = compare_side(ex, 0, stage, ui.head, half - 1, nullptr);
    const std::vector<std::string> right = compare_side(ex, 1, stage, ui.head, width - half - 1, &first);
    const int rows = std::min(static_cast<int>(std::max(left.size(), right.size())), std::max(1, height - 2));
    for (int i = 0; i < rows; ++i) {
        const bool last = i == rows - 1 && rows < static_cast<int>(std::max(left.size(), right.size()));
        const int hidden = static_cast<int>(std::max(left.size(), right.size())) - rows + 1;
        put(top + 1 + i, 0,
            last ? fit("  ... " + std::to_string(hidden) + " more (taller terminal)", half - 1)
                 : (i < static_cast<int>(left.size()) ? left[i] : ""),
            half - 1);
        put(top + 1 + i, half - 1, "|", 1);
        if (!last && i < static_cast<int>(right.size())) put(top + 1 + i, half, right[i], width - half);
    }
    char summary[160];
    std::snprintf(summary, sizeof summary, "cosine of the outputs %.4f; most moved: %s %+.4f",
                  c.output_cosine, c.moved.empty() ? "-" : c.moved[0].dimension.c_str(),
                  c.moved.empty() ? 0.0 : c.moved[0].change);
    put(top + 1 + rows, 0, fit(summary, width), width);
}

// The most lines one side of the comparison can take: a row per key or per output dimension.
size_t compare_rows(const course::FocusComparison& c) {
    size_t n = 0;
    for (const course::Experiment& e : c.runs)
        n = std::max({n, e.key_labels.size(), static_cast<size_t>(e.trace.output.n_cols)});
    return n;
}

// Wide windows (100 columns or more) put the arithmetic beside the matrices; narrower ones, below them.
constexpr int kWideWindow = 100;
constexpr int kPaneWidth = 40;  // at least, beside the matrices (attn run --explain's narrowest)

// The matrix, Q and Kᵀ when it is a score or a weight (and they fit), and the arithmetic of its cell.
void draw_stage(const course::Explorer& ex, Ui& ui, const StageView& v, int width) {
    const int body = LINES - 4 - 1;  // under the title, above the status line
    const bool linked = query_key_stage(ui.stage);
    const int natural = 8 + 9 * static_cast<int>(v.values.n_cols);
    const bool wide = width >= kWideWindow;
    const int left_w = wide ? std::min(natural, width - kPaneWidth - 2) : width;
    const Marks cursor{static_cast<int>(ui.row), static_cast<int>(ui.col), false, linked};
    if (wide) {
        const int matrix_h = std::max(2, std::min(static_cast<int>(v.values.n_rows) + 1, body));
        draw_matrix(v, ui, {4, 0, matrix_h, left_w}, cursor);
        const int sources_h = linked ? sources_height(ex, ui, left_w) : 0;
        if (linked && 4 + matrix_h + 1 + sources_h <= LINES - 1)
            draw_sources(ex, ui, {4 + matrix_h + 1, 0, sources_h, left_w});
        for (int y = 3; y < LINES - 1; ++y) put(y, left_w, "|", 1);
        return draw_arithmetic(
            cell_arithmetic(ex, ui.stage, ui.head, ui.row, ui.col, ui.unicode, width - left_w - 2), ui,
            {3, left_w + 2, LINES - 1 - 3, width - left_w - 2});
    }
    const int matrix_h =
        std::max(2, std::min(static_cast<int>(v.values.n_rows) + 1, body - std::min(4, body / 2)));
    draw_matrix(v, ui, {4, 0, matrix_h, width}, cursor);
    int below = 4 + matrix_h;
    const int sources_h = linked ? sources_height(ex, ui, width) : 0;
    if (linked && LINES - 1 - (below + sources_h) >= 5) {  // the arithmetic keeps 4 lines under its rule
        draw_sources(ex, ui, {below, 0, sources_h, width});
        below += sources_h;
    }
    draw_arithmetic(cell_arithmetic(ex, ui.stage, ui.head, ui.row, ui.col, ui.unicode, width), ui,
                    {below, 0, LINES - 1 - below, width});
}

}  // namespace

void draw(const course::Explorer& ex, Ui& ui) {
    erase();
    const course::ExploreWorld& w = ex.world();
    const int width = COLS;
    put(0, 0, fit("attn explore   sentence: " + w.sentence, width), width);
    put(1, 0, fit(settings_line(w, width), width), width);
    put(2, 0, fit(stage_strip(explore_stage_names(), ui.stage, explore_index(math::Stage::wv), width), width),
        width);
    if (ui.help) return draw_help(ui, kHelp, width);
    const StageView v = stage_view(ex, ui.stage, ui.head);
    ui.row = std::min<arma::uword>(ui.row, v.values.n_rows - 1);
    ui.col = std::min<arma::uword>(ui.col, v.values.n_cols - 1);
    draw_title(v, ui, width, editable_stage(ui.stage));
    if (ex.comparison()) {
        const int body = LINES - 4 - 1;
        const int wanted_below = 3 + static_cast<int>(compare_rows(*ex.comparison()));
        const int matrix_h = std::max(
            2, std::min(static_cast<int>(v.values.n_rows) + 1, body - std::min(wanted_below, body / 2)));
        draw_matrix(v, ui, {4, 0, matrix_h, width},
                    {static_cast<int>(ui.row), static_cast<int>(ui.col), false, false});
        draw_compare(ex, ui, 4 + matrix_h, LINES - 1 - 4 - matrix_h, width);
    } else {
        draw_stage(ex, ui, v, width);
    }
    draw_status(ui, v, width);
}

}  // namespace attn::cli::explore
