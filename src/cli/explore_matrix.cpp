#include "cli/explore_matrix.hpp"

#include <ncurses.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "render/matrix_text.hpp"

namespace attn::cli::explore {

void put(int y, int x, const std::string& text, int width) {
    if (y < 0 || y >= LINES || width <= 0) return;
    mvaddnstr(y, x, text.c_str(), width);
}

std::string fit(const std::string& text, size_t width) {
    if (width == 0) return "";
    if (text.size() <= width) return text + std::string(width - text.size(), ' ');
    return text.substr(0, width - 1) + "~";
}

namespace {

constexpr int kLabelWidth = 8;
constexpr int kSourceCell = 8;  // Q's and Kᵀ's cells: narrower, so that both fit beside each other

// A number right-aligned in width - 1 columns, then a blank.
std::string cell_text(double v, int width) {
    if (std::isinf(v)) return fit(v < 0 ? "-inf" : "inf", width);
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%*.3f", width - 1, v);
    return fit(buffer, width);
}

// A cell as text: for a shaded stage, attn run's glyph before the number (" : 0.466 ", "- -1.200 ").
std::string shaded_text(double v, const StageView& m, double scale, const Ui& ui, int cell_w) {
    if (m.shading == report::Shading::none) return cell_text(v, cell_w);
    char number[32];
    std::snprintf(number, sizeof number, "%.3f", v);
    const std::string text = render::cell_shade(v, m.shading, scale, ui.unicode).glyph + " " + number;
    const size_t room = static_cast<size_t>(cell_w - 1);
    return fit(text.size() < room ? std::string(room - text.size(), ' ') + text : text, room) + " ";
}

bool changed_cell(const StageView& v, arma::uword r, arma::uword c) {
    const double now = v.values(r, c);
    return v.before && !(now == (*v.before)(r, c)) && std::abs(now - (*v.before)(r, c)) > 1e-12;
}

// The attributes of a cell: reverse when marked; in colour, attn run's background for a shaded stage;
// bold (yellow in colour, underlined otherwise) when the last edit changed it.
attr_t cell_attr(const StageView& v, arma::uword r, arma::uword c, double scale, Ui& ui, bool marked) {
    attr_t a = marked ? A_REVERSE : A_NORMAL;
    const bool changed = changed_cell(v, r, c);
    if (ui.color && v.shading != report::Shading::none) {
        const render::CellShade s = render::cell_shade(v.values(r, c), v.shading, scale, ui.unicode);
        const render::AnsiCell paint = render::ansi_cell(s.map, s.t);
        a |= s.finite ? COLOR_PAIR(colour_pair(ui.pairs, static_cast<short>(paint.ink),
                                               static_cast<short>(paint.background)))
                      : A_DIM;
        return changed ? a | A_BOLD | A_UNDERLINE : a;
    }
    if (changed)
        a |= ui.color ? COLOR_PAIR(colour_pair(ui.pairs, COLOR_YELLOW, -1)) | A_BOLD : A_BOLD | A_UNDERLINE;
    return a;
}

// The first of `n` rows (or columns) to show in `visible`, so that `marked` shows.
int first_shown(int marked, int visible) { return std::max(0, marked - visible + 1); }

}  // namespace

void draw_matrix(const StageView& v, Ui& ui, Box box, Marks marks, int cell_w) {
    const int n_rows = static_cast<int>(v.values.n_rows), n_cols = static_cast<int>(v.values.n_cols);
    const int visible_cols = std::max(1, (box.width - kLabelWidth) / cell_w);
    const int visible_rows = std::max(1, box.height - 1);
    const int first_col = first_shown(marks.col, visible_cols),
              first_row = first_shown(marks.row, visible_rows);
    const int last_col = std::min(n_cols, first_col + visible_cols);
    const double scale = render::shading_scale(v.values);
    std::string header(kLabelWidth, ' ');
    for (int c = first_col; c < last_col; ++c)
        header += fit((marks.labels && c == marks.col ? "v" : " ") + v.col_labels[c], cell_w);
    put(box.top, box.left, header, box.width);
    for (int r = first_row; r < n_rows && r - first_row < visible_rows; ++r) {
        const int y = box.top + 1 + r - first_row;
        put(y, box.left, fit((marks.labels && r == marks.row ? ">" : "") + v.row_labels[r], kLabelWidth),
            kLabelWidth);
        for (int c = first_col; c < last_col; ++c) {
            const bool marked =
                marks.whole ? r == marks.row || c == marks.col : r == marks.row && c == marks.col;
            const attr_t a = cell_attr(v, r, c, scale, ui, marked);
            attron(a);
            put(y, box.left + kLabelWidth + (c - first_col) * cell_w,
                shaded_text(v.values(r, c), v, scale, ui, cell_w), cell_w);
            attroff(a);
        }
    }
}

namespace {

// Q and Kᵀ of one head, titled with the query and the key of cell (row, col) of its scores.
std::pair<StageView, StageView> sources(const course::Explorer& ex, const Ui& ui) {
    const course::Experiment& e = ex.current();
    const math::HeadTrace& h = e.trace.heads[std::min<size_t>(ui.head, e.trace.heads.size() - 1)];
    std::vector<std::string> dims;  // the head's columns of Q and K, numbered as in the whole matrix
    for (arma::uword i = 0; i < h.q.n_cols; ++i)
        dims.push_back("d" + std::to_string(ui.head * h.q.n_cols + i));
    StageView q, kt;
    q.title = "Q: the query of '" + e.query_labels[ui.row] + "' (row >)";
    q.values = h.q, q.row_labels = e.query_labels, q.col_labels = dims;
    kt.title =
        std::string(ui.unicode ? "Kᵀ" : "K^T") + ": the key of '" + e.key_labels[ui.col] + "' (column v)";
    kt.values = h.k.t(), kt.row_labels = dims, kt.col_labels = e.key_labels;
    return {q, kt};
}

// The columns a source takes: its matrix, or its title when that is wider.
int matrix_width(const StageView& v) {
    return std::max(static_cast<int>(v.title.size()),
                    kLabelWidth + static_cast<int>(v.values.n_cols) * kSourceCell);
}

}  // namespace

int sources_height(const course::Explorer& ex, const Ui& ui, int width) {
    const auto [q, kt] = sources(ex, ui);
    const int q_h = 2 + static_cast<int>(q.values.n_rows), kt_h = 2 + static_cast<int>(kt.values.n_rows);
    return matrix_width(q) + 2 + matrix_width(kt) <= width ? std::max(q_h, kt_h) : q_h + kt_h;
}

void draw_sources(const course::Explorer& ex, Ui& ui, Box box) {
    const auto [q, kt] = sources(ex, ui);
    const bool beside = matrix_width(q) + 2 + matrix_width(kt) <= box.width;
    const int q_h = 2 + static_cast<int>(q.values.n_rows);
    const Box q_box{box.top, box.left, q_h, beside ? matrix_width(q) : box.width};
    const Box kt_box = beside
                           ? Box{box.top, box.left + q_box.width + 2, box.height, box.width - q_box.width - 2}
                           : Box{box.top + q_h, box.left, box.height - q_h, box.width};
    put(q_box.top, q_box.left, fit(q.title, q_box.width), q_box.width);
    draw_matrix(q, ui, {q_box.top + 1, q_box.left, q_box.height - 1, q_box.width},
                {static_cast<int>(ui.row), -1, true}, kSourceCell);
    put(kt_box.top, kt_box.left, fit(kt.title, kt_box.width), kt_box.width);
    draw_matrix(kt, ui, {kt_box.top + 1, kt_box.left, kt_box.height - 1, kt_box.width},
                {-1, static_cast<int>(ui.col), true}, kSourceCell);
}

}  // namespace attn::cli::explore
