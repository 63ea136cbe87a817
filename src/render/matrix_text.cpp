#include "render/matrix_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace attn::render {

namespace {

constexpr size_t kMaxRowLabel = 12;
constexpr int kMinPrecision = 2;

std::string pad_left(const std::string& text, size_t width) {
    const size_t w = display_width(text);
    return w >= width ? text : std::string(width - w, ' ') + text;
}
std::string pad_right(const std::string& text, size_t width) {
    const size_t w = display_width(text);
    return w >= width ? text : text + std::string(width - w, ' ');
}

// Shade level 0..4 of a cell, for glyphs and colours.
int shade_level(double value, Shading shading, double max_abs) {
    if (!std::isfinite(value)) return 0;
    const double t = shading == Shading::unit ? value : (max_abs > 0 ? std::fabs(value) / max_abs : 0);
    return std::clamp(static_cast<int>(std::lround(t * 4)), 0, 4);
}

// The glyph before a shaded cell: fuller for a larger value. A signed matrix shades a negative value with
// its own ramp, so that the sign shows without colour too (█ is +1.000, ● is -1.000).
std::string shade_glyph(double value, Shading shading, double max_abs, bool unicode) {
    static const char* positive[] = {" ", "░", "▒", "▓", "█"};
    static const char* negative[] = {" ", "·", "∘", "○", "●"};
    static const char* positive_ascii[] = {" ", ".", ":", "*", "#"};
    static const char* negative_ascii[] = {" ", "-", "=", "%", "@"};
    const int level = shade_level(value, shading, max_abs);
    const bool below = shading == Shading::diverging && value < 0;
    if (unicode) return below ? negative[level] : positive[level];
    return below ? negative_ascii[level] : positive_ascii[level];
}

// ANSI 256-colour background for a cell, from the course's one colour table (render/style): viridis for
// weights, blue (< 0) to red (> 0) for signed values, as in the SVG and HTML pictures.
std::string cell_colour(const CellShade& shade) {
    return shade.finite ? ansi_background(shade.map, shade.t) : "\033[2m";
}

// The colour scale under a coloured matrix: five swatches from the lowest to the highest value the
// colours stand for, e.g. "colour: -2.15 [] [] [] [] [] 2.15 (blue < 0 < red)".
std::string colour_legend(const LabelledMatrix& m) {
    const bool unit = m.shading == Shading::unit;
    const double max_abs = shading_scale(m.values);
    const ColourMap map = unit ? ColourMap::sequential : ColourMap::diverging;
    std::string out = "colour: " + format_number(unit ? 0.0 : -max_abs, 2);
    for (int i = 0; i <= 4; ++i) {
        const double t = unit ? i / 4.0 : -1.0 + i / 2.0;
        out += " " + ansi_background(map, t) + "  \033[0m";  // a swatch: two cells of background colour
    }
    out += " " + format_number(unit ? 1.0 : max_abs, 2) + (unit ? " (viridis)" : " (blue < 0 < red)");
    return out;
}

struct Layout {
    int precision;
    size_t cell_width;
    size_t row_label_width;
    size_t cols_per_block;
};

size_t widest_number(const arma::mat& values, int precision) {
    size_t widest = 1;
    for (double v : values) widest = std::max(widest, format_number(v, precision).size());
    return widest;
}

// Picks decimals, column width and columns per block so that every line fits in style.width. The
// decimals asked for are kept as long as shortening the column labels is enough, so that a number reads
// the same in every matrix of a step; only then do decimals go (down to 2), then columns split into blocks.
Layout fit(const LabelledMatrix& m, const Style& style) {
    const bool glyphs = m.shading != Shading::none;
    Layout layout{style.precision, 0, 1, 1};
    for (const std::string& label : m.row_labels)
        layout.row_label_width = std::max(layout.row_label_width, display_width(label));
    layout.row_label_width = std::min(layout.row_label_width, kMaxRowLabel);
    size_t label_width = 1;
    for (const std::string& label : m.col_labels) label_width = std::max(label_width, display_width(label));
    const size_t cols = std::max<size_t>(m.values.n_cols, 1);
    auto fits = [&](size_t cell) {
        return layout.row_label_width + cols * (cell + 2) <= static_cast<size_t>(style.width);
    };
    for (;;) {
        const size_t number = widest_number(m.values, layout.precision) + (glyphs ? 2 : 0);
        layout.cell_width = std::max(number, std::min(label_width, size_t(10)));
        if (fits(layout.cell_width)) break;
        layout.cell_width = number;  // labels abbreviate
        if (fits(number) || layout.precision <= kMinPrecision) break;
        --layout.precision;  // fewer decimals before splitting the matrix into blocks
    }
    const size_t room =
        static_cast<size_t>(style.width) > layout.row_label_width ? style.width - layout.row_label_width : 0;
    layout.cols_per_block = std::clamp<size_t>(room / (layout.cell_width + 2), 1, cols);
    return layout;
}

std::string render_cell(double value, const LabelledMatrix& m, const Style& style, const Layout& layout,
                        double max_abs) {
    std::string text = format_number(value, layout.precision);
    if (m.shading == Shading::none) return pad_left(text, layout.cell_width);
    const CellShade shade = cell_shade(value, m.shading, max_abs, style.unicode);
    text = pad_left(shade.glyph + " " + text, layout.cell_width);
    return style.color ? cell_colour(shade) + text + "\033[0m" : text;
}

std::string render_block(const LabelledMatrix& m, const Style& style, const Layout& layout, size_t first,
                         size_t last) {
    const double max_abs = shading_scale(m.values);
    std::string out = std::string(layout.row_label_width, ' ');
    for (size_t c = first; c < last; ++c)
        out += "  " + pad_left(abbreviate(c < m.col_labels.size() ? m.col_labels[c] : std::to_string(c),
                                          layout.cell_width, style.unicode),
                               layout.cell_width);
    out += "\n";
    for (size_t r = 0; r < m.values.n_rows; ++r) {
        const std::string label = r < m.row_labels.size() ? m.row_labels[r] : std::to_string(r);
        out += pad_right(abbreviate(label, layout.row_label_width, style.unicode), layout.row_label_width);
        for (size_t c = first; c < last; ++c)
            out += "  " + render_cell(m.values(r, c), m, style, layout, max_abs);
        out += "\n";
    }
    return out;
}

}  // namespace

CellShade cell_shade(double value, Shading shading, double max_abs, bool unicode) {
    CellShade shade{shade_glyph(value, shading, max_abs, unicode), std::isfinite(value)};
    shade.map = shading == Shading::unit ? ColourMap::sequential : ColourMap::diverging;
    shade.t = shading == Shading::unit ? value : (max_abs > 0 ? value / max_abs : 0.0);
    return shade;
}

double shading_scale(const arma::mat& values) {
    double max_abs = 0;
    for (double v : values)
        if (std::isfinite(v)) max_abs = std::max(max_abs, std::fabs(v));
    return max_abs;
}

std::string sign_legend(const Style& style) {
    return style.unicode ? "shading: ░▒▓█ > 0, ·∘○● < 0 (fuller: larger |value|)"
                         : "shading: .:*# > 0, -=%@ < 0 (more ink: larger |value|)";
}

std::string abbreviate(const std::string& text, size_t width, bool unicode) {
    if (display_width(text) <= width) return text;
    if (width == 0) return "";
    std::string out;
    size_t used = 0;
    for (size_t i = 0; i < text.size() && used < width - 1; ++i) {
        out += text[i];
        if (i + 1 == text.size() || (static_cast<unsigned char>(text[i + 1]) & 0xC0) != 0x80) ++used;
    }
    return out + (unicode ? "…" : "~");
}

std::string format_number(double value, int precision) {
    if (std::isnan(value)) return "nan";
    if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
    std::string text = fmt::format("{:.{}f}", value, precision);
    if (text.find_first_not_of("-0.") == std::string::npos && text[0] == '-')
        text.erase(0, 1);  // no "-0.000"
    return text;
}

std::string render_matrix(const LabelledMatrix& m, const Style& style) {
    const std::string times = style.unicode ? " × " : " x ";
    std::string rest = " (" + std::to_string(m.values.n_rows) + times + std::to_string(m.values.n_cols) + ")";
    if (!m.legend.empty()) rest += ": " + m.legend;
    // Long legends wrap to the terminal, continuation lines indented; only the title is bold.
    const std::string header = wrap(m.title + rest, style.width, 2);
    const bool title_intact = header.compare(0, m.title.size(), m.title) == 0;
    std::string out = (title_intact ? bold(style, m.title) + header.substr(m.title.size()) : header) + "\n";
    if (m.shading == Shading::diverging && !style.color)
        out += dim(style, wrap(sign_legend(style), style.width, 2)) + "\n";
    if (m.shading != Shading::none && style.color) out += colour_legend(m) + "\n";
    const Layout layout = fit(m, style);
    const size_t cols = m.values.n_cols;
    for (size_t first = 0; first < cols; first += layout.cols_per_block) {
        const size_t last = std::min(cols, first + layout.cols_per_block);
        if (layout.cols_per_block < cols)
            out += dim(style, "columns " + std::to_string(first) + "-" + std::to_string(last - 1) + " of " +
                                  std::to_string(cols)) +
                   "\n";
        out += render_block(m, style, layout, first, last);
    }
    return out;
}

}  // namespace attn::render
