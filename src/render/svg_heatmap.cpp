#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "render/chart_text.hpp"
#include "render/matrix_text.hpp"
#include "render/svg.hpp"

namespace attn::render {
namespace {

constexpr int kFont = 12;         // px; labels and values
constexpr double kCharWidth = 7;  // px per character of a 12 px sans-serif label, generously
constexpr int kTitleHeight = 44;  // title line and legend line above the picture

// Black or white, whichever reads better on `fill` (relative luminance).
const char* ink_on(const std::string& fill) { return dark(rgb_of_hex(fill)) ? "#ffffff" : "#000000"; }

// The geometry of one heatmap, all in px.
struct Layout {
    double cell_w, cell_h, left, top, grid_w, grid_h, legend_x, width, height;
    bool values;
    bool upright_columns;  // column labels fit their cells: written level, not turned 45 degrees
};

size_t longest(const std::vector<std::string>& labels) {
    size_t n = 0;
    for (const auto& l : labels) n = std::max(n, l.size());
    return n;
}

bool is_blocked(const report::LabelledMatrix& m, arma::uword r, arma::uword c) {
    if (std::isinf(m.values(r, c)) && m.values(r, c) < 0) return true;
    return m.keep.n_rows == m.values.n_rows && m.keep.n_cols == m.values.n_cols && m.keep(r, c) == 0;
}

Layout layout_of(const report::LabelledMatrix& m, const SvgOptions& o) {
    size_t digits = 1;
    for (double v : m.values) digits = std::max(digits, format_number(v, o.precision).size());
    Layout l{};
    l.values = m.values.n_cols <= 24 && m.values.n_rows <= 48;
    l.cell_w = l.values ? std::max(30.0, kCharWidth * static_cast<double>(digits) + 10) : 16;
    l.cell_h = l.values ? 26 : 16;
    l.left = 12 + kCharWidth * static_cast<double>(longest(m.row_labels));
    // Column labels that do not fit their cells are turned 45 degrees: about 0.75 of their length high.
    const double label_w = kCharWidth * static_cast<double>(longest(m.col_labels));
    l.upright_columns = label_w <= l.cell_w - 4;
    l.top = kTitleHeight + 16 + (l.upright_columns ? kFont : 0.75 * label_w);
    l.grid_w = l.cell_w * static_cast<double>(m.values.n_cols);
    l.grid_h = l.cell_h * static_cast<double>(m.values.n_rows);
    l.legend_x = l.left + l.grid_w + 24;
    const double title_w = kCharWidth * static_cast<double>(std::max(m.title.size() + 12, m.legend.size()));
    l.width = std::max(l.legend_x + 90, 24 + title_w);
    l.height = l.top + std::max(l.grid_h, 150.0) + 24;
    return l;
}

// What the colours mean: the range of the scale and its map.
struct Scale {
    bool sequential;  // viridis over [0, 1] (weights); else diverging over [-limit, limit]
    double limit;
};

Scale scale_of(const report::LabelledMatrix& m) {
    if (m.shading == report::Shading::unit) return {true, 1.0};
    double limit = 0;
    for (double v : m.values)
        if (std::isfinite(v)) limit = std::max(limit, std::fabs(v));
    return {false, limit > 0 ? limit : 1.0};
}

std::string colour_of(const Scale& s, double v) { return s.sequential ? viridis(v) : diverging(v / s.limit); }

std::string defs(const SvgOptions& o, const Scale& s) {
    std::string out = "<defs>";
    out += fmt::format(
        "<pattern id=\"{}-blocked\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
        "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#9e9e9e\"/>"
        "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#4d4d4d\" stroke-width=\"2\"/></pattern>",
        o.id);
    out += fmt::format("<linearGradient id=\"{}-scale\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">", o.id);
    for (int i = 0; i <= 10; ++i) {
        const double t = i / 10.0;
        out += fmt::format("<stop offset=\"{:.1f}\" stop-color=\"{}\"/>", t,
                           s.sequential ? viridis(t) : diverging(2 * t - 1));
    }
    return out + "</linearGradient></defs>";
}

std::string axis_labels(const report::LabelledMatrix& m, const Layout& l) {
    std::string out;
    for (size_t r = 0; r < m.row_labels.size() && r < m.values.n_rows; ++r)
        out += fmt::format(
            "<text class=\"row-label\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\" "
            "dominant-baseline=\"central\">{}</text>",
            l.left - 6, l.top + (static_cast<double>(r) + 0.5) * l.cell_h, xml_escape(m.row_labels[r]));
    for (size_t c = 0; c < m.col_labels.size() && c < m.values.n_cols; ++c) {
        const double x = l.left + (static_cast<double>(c) + 0.5) * l.cell_w, y = l.top - 6;
        if (l.upright_columns)
            out += fmt::format(
                "<text class=\"col-label\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>", x, y,
                xml_escape(m.col_labels[c]));
        else
            out += fmt::format(
                "<text class=\"col-label\" x=\"{:.1f}\" y=\"{:.1f}\" transform=\"rotate(-45 {:.1f} "
                "{:.1f})\">{}</text>",
                x, y, x, y, xml_escape(m.col_labels[c]));
    }
    return out;
}

std::string cells(const report::LabelledMatrix& m, const Layout& l, const Scale& s, const SvgOptions& o) {
    std::string out;
    for (arma::uword r = 0; r < m.values.n_rows; ++r)
        for (arma::uword c = 0; c < m.values.n_cols; ++c) {
            const double x = l.left + static_cast<double>(c) * l.cell_w,
                         y = l.top + static_cast<double>(r) * l.cell_h;
            const bool blocked = is_blocked(m, r, c);
            const std::string fill = blocked ? "url(#" + o.id + "-blocked)" : colour_of(s, m.values(r, c));
            const std::string row = r < m.row_labels.size() ? m.row_labels[r] : std::to_string(r);
            const std::string col = c < m.col_labels.size() ? m.col_labels[c] : std::to_string(c);
            const std::string value = blocked ? "masked" : format_number(m.values(r, c), o.precision);
            out += fmt::format(
                "<rect class=\"cell\" data-row=\"{}\" data-col=\"{}\" x=\"{:.1f}\" y=\"{:.1f}\" "
                "width=\"{:.1f}\" "
                "height=\"{:.1f}\" fill=\"{}\"><title>{} \u2192 {}: {}</title></rect>",
                r, c, x, y, l.cell_w, l.cell_h, fill, xml_escape(row), xml_escape(col),
                blocked ? "masked" : format_number(m.values(r, c), 17));
            if (l.values && !blocked)
                out += fmt::format(
                    "<text class=\"value\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" "
                    "dominant-baseline=\"central\" fill=\"{}\">{}</text>",
                    x + l.cell_w / 2, y + l.cell_h / 2, ink_on(fill), value);
        }
    return out;
}

std::string legend(const report::LabelledMatrix& m, const Layout& l, const Scale& s, const SvgOptions& o) {
    const double h = std::max(l.grid_h, 150.0) - 40, x = l.legend_x, y = l.top;
    std::string out = fmt::format(
        "<g class=\"legend\"><rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"14\" height=\"{:.1f}\" "
        "fill=\"url(#{}-scale)\" stroke=\"currentColor\" stroke-width=\"0.5\"/>",
        x, y, h, o.id);
    const double lo = s.sequential ? 0.0 : -s.limit, hi = s.sequential ? 1.0 : s.limit;
    const int steps = s.sequential ? 4 : 2;  // 0, 0.25 … 1 for weights; −max, 0, max for signed values
    for (int i = 0; i <= steps; ++i) {
        const double v = lo + (hi - lo) * i / steps, ty = y + h - h * i / steps;
        out += fmt::format(
            "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"currentColor\"/>", x + 14,
            ty, x + 18, ty);
        out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" dominant-baseline=\"central\">{}</text>", x + 21,
                           ty, compact_number(v));
    }
    bool any_blocked = false;
    for (arma::uword r = 0; r < m.values.n_rows; ++r)
        for (arma::uword c = 0; c < m.values.n_cols; ++c) any_blocked = any_blocked || is_blocked(m, r, c);
    if (any_blocked)
        out += fmt::format(
            "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"14\" height=\"14\" fill=\"url(#{}-blocked)\"/>"
            "<text x=\"{:.1f}\" y=\"{:.1f}\" dominant-baseline=\"central\">masked</text>",
            x, y + h + 14, o.id, x + 21, y + h + 21);
    return out + "</g>";
}

}  // namespace

std::string xml_escape(const std::string& text) {
    std::string out;
    for (char ch : text) {
        switch (ch) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                // Control characters are not allowed in XML 1.0; a label never needs them.
                if (static_cast<unsigned char>(ch) < 0x20 && ch != '\n' && ch != '\t')
                    out += ' ';
                else
                    out += ch;
        }
    }
    return out;
}

std::string viridis(double t) { return hex_of(colour_at(ColourMap::sequential, t)); }

std::string diverging(double t) { return hex_of(colour_at(ColourMap::diverging, t)); }

std::string svg_open(double width, double height, const SvgOptions& o, const std::string& label) {
    std::string out = o.standalone ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" : "";
    out += fmt::format(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{:.0f}\" height=\"{:.0f}\" viewBox=\"0 0 {:.0f} "
        "{:.0f}\" "
        "role=\"img\" aria-label=\"{}\" font-family=\"sans-serif\" font-size=\"{}\"{}>",
        width * o.scale, height * o.scale, width, height, xml_escape(label), kFont,
        o.standalone ? " color=\"#1a1a1a\"" : "");
    if (o.standalone) out += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>";
    return out;
}

std::string svg_heatmap(const report::LabelledMatrix& m, const SvgOptions& o) {
    const Layout l = layout_of(m, o);
    const Scale s = scale_of(m);
    const std::string shape = fmt::format("{} \u00d7 {}", m.values.n_rows, m.values.n_cols);
    std::string out = svg_open(l.width, l.height, o, m.title + " (" + shape + ")");
    out += "<g class=\"heatmap\" fill=\"currentColor\">" + defs(o, s);
    out += fmt::format(
        "<text class=\"title\" x=\"12\" y=\"20\" font-size=\"15\" font-weight=\"bold\">{} ({})</text>",
        xml_escape(m.title), shape);
    if (!m.legend.empty())
        out += fmt::format("<text class=\"subtitle\" x=\"12\" y=\"38\">{}</text>", xml_escape(m.legend));
    out += axis_labels(m, l) + cells(m, l, s, o) + legend(m, l, s, o);
    return out + "</g></svg>\n";
}

}  // namespace attn::render
