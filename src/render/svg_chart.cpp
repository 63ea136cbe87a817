#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "render/chart_text.hpp"
#include "render/svg.hpp"

namespace attn::render {
namespace {

// The plot area inside the picture, in px.
constexpr double kLeft = 72, kTop = 48, kPlotW = 480, kPlotH = 300, kLegendW = 160;

// Okabe–Ito: distinguishable with every common form of colour blindness.
std::string series_colour(size_t i) {
    return hex_of(colour_at(ColourMap::categorical, static_cast<double>(i)));
}

std::optional<double> to_axis(double v, bool log_axis) {
    if (!std::isfinite(v) || (log_axis && v <= 0)) return std::nullopt;
    return log_axis ? std::log10(v) : v;
}

struct Range {
    double lo = 0, hi = 1;
    bool log = false;
    bool any = false;
};

// The drawable range of x (or y) in data units, widened when it is a single value.
Range range_of(const report::Chart& chart, bool is_x) {
    Range r;
    r.log = is_x ? chart.log_x : chart.log_y;
    for (const auto& series : chart.series)
        for (const auto& [x, y] : series.second) {
            const auto t = to_axis(is_x ? x : y, r.log);
            if (!t || !to_axis(is_x ? y : x, is_x ? chart.log_y : chart.log_x)) continue;
            const double v = is_x ? x : y;
            r.lo = r.any ? std::min(r.lo, v) : v;
            r.hi = r.any ? std::max(r.hi, v) : v;
            r.any = true;
        }
    if (r.any && !(r.hi > r.lo)) {
        if (r.log)
            r.lo /= 2, r.hi *= 2;
        else
            r.lo -= std::max(0.5, std::fabs(r.lo) / 2), r.hi += std::max(0.5, std::fabs(r.hi) / 2);
    }
    // A margin of 4% on both ends, so that no point sits on the frame.
    if (r.log) {
        const double margin = std::pow(r.hi / r.lo, 0.04);
        r.lo /= margin, r.hi *= margin;
    } else {
        const double margin = (r.hi - r.lo) * 0.04;
        r.lo -= margin, r.hi += margin;
    }
    return r;
}

// Position of a data value along an axis of `length` px, 0 at the low end.
double place(double v, const Range& r, double length) {
    const double lo = r.log ? std::log10(r.lo) : r.lo, hi = r.log ? std::log10(r.hi) : r.hi;
    return (*to_axis(v, r.log) - lo) / (hi - lo) * length;
}

std::string axes(const report::Chart& chart, const Range& x, const Range& y) {
    std::string out = fmt::format(
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"currentColor\"/>", kLeft,
        kTop, kPlotW, kPlotH);
    for (double t : chart_ticks(x.lo, x.hi, x.log)) {
        if (t < x.lo * (1 - 1e-9) - 1e-300 || t > x.hi * (1 + 1e-9) + 1e-300) continue;
        const double px = kLeft + place(t, x, kPlotW);
        out += fmt::format(
            "<line class=\"tick\" x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\" "
            "stroke=\"currentColor\" "
            "stroke-opacity=\"0.25\"/><text x=\"{0:.1f}\" y=\"{3}\" text-anchor=\"middle\">{4}</text>",
            px, kTop, kTop + kPlotH + 5, kTop + kPlotH + 19, compact_number(t));
    }
    for (double t : chart_ticks(y.lo, y.hi, y.log)) {
        const double py = kTop + kPlotH - place(t, y, kPlotH);
        if (py < kTop - 0.5 || py > kTop + kPlotH + 0.5) continue;
        out += fmt::format(
            "<line class=\"tick\" x1=\"{0}\" y1=\"{2:.1f}\" x2=\"{1}\" y2=\"{2:.1f}\" "
            "stroke=\"currentColor\" "
            "stroke-opacity=\"0.25\"/><text x=\"{3}\" y=\"{2:.1f}\" text-anchor=\"end\" "
            "dominant-baseline=\"central\">{4}</text>",
            kLeft - 5, kLeft + kPlotW, py, kLeft - 8, compact_number(t));
    }
    const std::string xl = chart.x_label + (x.log ? " (log)" : ""),
                      yl = chart.y_label + (y.log ? " (log)" : "");
    out += fmt::format("<text class=\"axis-label\" x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                       kLeft + kPlotW / 2, kTop + kPlotH + 40, xml_escape(xl));
    out += fmt::format(
        "<text class=\"axis-label\" x=\"16\" y=\"{0:.1f}\" text-anchor=\"middle\" transform=\"rotate(-90 16 "
        "{0:.1f})\">"
        "{1}</text>",
        kTop + kPlotH / 2, xml_escape(yl));
    return out;
}

// Series i's look besides its colour, so that overlapping series stay apart (full and streaming
// attention take nearly the same time; a held-out loss can follow the training loss): each later series
// is drawn thinner and dashed on top of the earlier ones, and its marks have the text chart's shape.
double series_stroke_width(size_t i) { return i == 0 ? 4.5 : i == 1 ? 2.5 : 1.5; }

const char* series_dash(size_t i) {
    static const char* const dashes[] = {"none", "7 4", "2 3", "9 3 2 3", "4 4", "1 2"};
    return dashes[i % 6];
}

// The text chart's markers as shapes: ● ○ ■ □ ▲ ◆ (hollow ones filled with the background).
std::string series_mark(size_t i, double x, double y) {
    const double r = i == 0 ? 4.5 : 3.5;
    switch (i % 6) {
        case 0:
            return fmt::format("<circle cx=\"{:.2f}\" cy=\"{:.2f}\" r=\"{}\"/>", x, y, r);
        case 1:
            return fmt::format("<circle cx=\"{:.2f}\" cy=\"{:.2f}\" r=\"{}\" fill=\"white\"/>", x, y, r);
        case 2:
            return fmt::format("<rect x=\"{:.2f}\" y=\"{:.2f}\" width=\"{}\" height=\"{}\"/>", x - r, y - r,
                               2 * r, 2 * r);
        case 3:
            return fmt::format("<rect x=\"{:.2f}\" y=\"{:.2f}\" width=\"{}\" height=\"{}\" fill=\"white\"/>",
                               x - r, y - r, 2 * r, 2 * r);
        case 4:
            return fmt::format("<polygon points=\"{:.2f},{:.2f} {:.2f},{:.2f} {:.2f},{:.2f}\"/>", x,
                               y - r - 1, x - r - 1, y + r, x + r + 1, y + r);
        default:
            return fmt::format(
                "<polygon points=\"{:.2f},{:.2f} {:.2f},{:.2f} {:.2f},{:.2f} {:.2f},{:.2f}\"/>", x, y - r - 1,
                x + r + 1, y, x, y + r + 1, x - r - 1, y);
    }
}

// A scatter's links (a word's query to its key): thin grey lines under the markers.
std::string link_lines(const report::Chart& chart, const Range& x, const Range& y) {
    std::string out;
    for (const auto& [a, b] : chart.links)
        out += fmt::format(
            "<line class=\"link\" x1=\"{:.2f}\" y1=\"{:.2f}\" x2=\"{:.2f}\" y2=\"{:.2f}\" stroke=\"#888888\" "
            "stroke-width=\"1\"/>",
            kLeft + place(a.first, x, kPlotW), kTop + kPlotH - place(a.second, y, kPlotH),
            kLeft + place(b.first, x, kPlotW), kTop + kPlotH - place(b.second, y, kPlotH));
    return out;
}

std::string series_paths(const report::Chart& chart, const Range& x, const Range& y) {
    std::string out = link_lines(chart, x, y);
    for (size_t i = 0; i < chart.series.size(); ++i) {
        std::string points, marks;
        for (size_t p = 0; p < chart.series[i].second.size(); ++p) {
            const auto [vx, vy] = chart.series[i].second[p];
            if (!to_axis(vx, x.log) || !to_axis(vy, y.log))
                continue;  // not drawable: NaN, ±∞, ≤ 0 on a log axis
            const double px = kLeft + place(vx, x, kPlotW), py = kTop + kPlotH - place(vy, y, kPlotH);
            points += fmt::format("{}{:.2f},{:.2f}", points.empty() ? "" : " ", px, py);
            marks += series_mark(i, px, py);
            if (i < chart.point_labels.size() && p < chart.point_labels[i].size())  // a scatter's word
                marks +=
                    fmt::format("<text x=\"{:.2f}\" y=\"{:.2f}\" stroke=\"none\" fill=\"#1a1a1a\">{}</text>",
                                px + 7, py - 5, xml_escape(chart.point_labels[i][p]));
        }
        if (chart.scatter) points.clear();  // a scatter's points are not joined
        out += fmt::format(
            "<g class=\"series\" data-name=\"{0}\" stroke=\"{1}\" fill=\"{1}\"><polyline points=\"{2}\" "
            "fill=\"none\" stroke-width=\"{3}\" stroke-dasharray=\"{4}\"/>{5}</g>",
            xml_escape(chart.series[i].first), series_colour(i), points, series_stroke_width(i),
            series_dash(i), chart.series[i].second.size() <= 60 ? marks : "");
    }
    return out;
}

std::string legend(const report::Chart& chart) {
    std::string out = "<g class=\"legend\">";
    for (size_t i = 0; i < chart.series.size(); ++i) {
        const double y = kTop + 10 + 20.0 * static_cast<double>(i), x = kLeft + kPlotW + 16;
        out += fmt::format(
            "<g stroke=\"{3}\" fill=\"{3}\"><line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" "
            "stroke-width=\"{6}\" stroke-dasharray=\"{7}\"/>{8}</g>"
            "<text x=\"{4}\" y=\"{1}\" dominant-baseline=\"central\">{5}</text>",
            x, y, x + 22, series_colour(i), x + 28, xml_escape(chart.series[i].first), series_stroke_width(i),
            series_dash(i), series_mark(i, x + 11, y));
    }
    if (!chart.links.empty() && !chart.link_label.empty()) {
        const double y = kTop + 10 + 20.0 * static_cast<double>(chart.series.size()), x = kLeft + kPlotW + 16;
        out += fmt::format(
            "<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"#888888\"/><text x=\"{3}\" y=\"{1}\" "
            "dominant-baseline=\"central\">{4}</text>",
            x, y, x + 22, x + 28, xml_escape(chart.link_label));
    }
    return out + "</g>";
}

// A bar chart: one horizontal bar per category and series from zero, the category on the left, the
// value's label at the bar's end, vertical grid lines at round values.
constexpr double kBarLabelW = 200, kBarH = 22, kBarGap = 10, kBarPlotW = 400;

std::string svg_bars(const report::Chart& chart, const SvgOptions& o) {
    const size_t n_series = std::max<size_t>(1, chart.series.size());
    const size_t n_cat = chart.categories.size();
    const double group_h = kBarH * static_cast<double>(n_series) + kBarGap;
    const double plot_h = group_h * static_cast<double>(n_cat);
    const double width = kBarLabelW + kBarPlotW + 150, height = kTop + plot_h + 60;
    double largest = 0;
    for (const auto& series : chart.series)
        for (const auto& p : series.second)
            if (std::isfinite(p.second)) largest = std::max(largest, p.second);
    if (!(largest > 0)) largest = 1;
    std::string out = svg_open(width, height, o, chart.title);
    out += "<g class=\"chart bars\" fill=\"currentColor\">";
    out +=
        fmt::format("<text class=\"title\" x=\"12\" y=\"24\" font-size=\"15\" font-weight=\"bold\">{}</text>",
                    xml_escape(chart.title));
    for (double t : chart_ticks(0, largest, false)) {
        if (t < 0 || t > largest * (1 + 1e-9)) continue;
        const double x = kBarLabelW + t / largest * kBarPlotW;
        out += fmt::format(
            "<line class=\"tick\" x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" "
            "stroke=\"currentColor\" "
            "stroke-opacity=\"0.25\"/><text x=\"{0:.1f}\" y=\"{3:.1f}\" text-anchor=\"middle\">{4}</text>",
            x, kTop - 4, kTop + plot_h, kTop + plot_h + 16, compact_number(t));
    }
    for (size_t c = 0; c < n_cat; ++c) {
        const double y0 = kTop + group_h * static_cast<double>(c);
        out += fmt::format(
            "<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\" dominant-baseline=\"central\">{}</text>",
            kBarLabelW - 8, y0 + kBarH * static_cast<double>(n_series) / 2, xml_escape(chart.categories[c]));
    }
    for (size_t s = 0; s < chart.series.size(); ++s)
        for (size_t i = 0; i < chart.series[s].second.size(); ++i) {
            const auto [x, v] = chart.series[s].second[i];
            if (!std::isfinite(v) || !(x >= 0) || static_cast<size_t>(x) >= n_cat) continue;
            const double y = kTop + group_h * x + kBarH * static_cast<double>(s);
            const double w = std::max(0.0, v) / largest * kBarPlotW;
            const bool labelled = s < chart.point_labels.size() && i < chart.point_labels[s].size();
            out += fmt::format(
                "<g class=\"bar\" data-name=\"{0}\"><rect x=\"{1}\" y=\"{2:.1f}\" width=\"{3:.2f}\" "
                "height=\"{4}\" "
                "fill=\"{5}\"><title>{6}: {7}</title></rect><text x=\"{8:.1f}\" y=\"{9:.1f}\" "
                "dominant-baseline=\"central\">{7}</text></g>",
                xml_escape(chart.series[s].first), kBarLabelW, y, w, kBarH - 4, series_colour(s),
                xml_escape(chart.categories[static_cast<size_t>(x)]),
                xml_escape(labelled ? chart.point_labels[s][i] : compact_number(v)), kBarLabelW + w + 6,
                y + (kBarH - 4) / 2);
        }
    out +=
        fmt::format("<text class=\"axis-label\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>",
                    kBarLabelW + kBarPlotW / 2, kTop + plot_h + 40, xml_escape(chart.y_label));
    if (chart.series.size() > 1)
        for (size_t s = 0; s < chart.series.size(); ++s)
            out += fmt::format(
                "<rect x=\"{0}\" y=\"{1:.1f}\" width=\"12\" height=\"12\" fill=\"{2}\"/><text x=\"{3}\" "
                "y=\"{4:.1f}\" "
                "dominant-baseline=\"central\">{5}</text>",
                kBarLabelW + kBarPlotW + 20, kTop + 20.0 * static_cast<double>(s), series_colour(s),
                kBarLabelW + kBarPlotW + 38, kTop + 6 + 20.0 * static_cast<double>(s),
                xml_escape(chart.series[s].first));
    return out + "</g></svg>\n";
}

}  // namespace

std::string svg_chart(const report::Chart& chart, const SvgOptions& o) {
    if (chart.bars) return svg_bars(chart, o);
    const double width = kLeft + kPlotW + kLegendW, height = kTop + kPlotH + 56;
    std::string out = svg_open(width, height, o, chart.title);
    out += "<g class=\"chart\" fill=\"currentColor\">";
    out +=
        fmt::format("<text class=\"title\" x=\"12\" y=\"24\" font-size=\"15\" font-weight=\"bold\">{}</text>",
                    xml_escape(chart.title));
    const Range x = range_of(chart, true), y = range_of(chart, false);
    if (!x.any || !y.any) {
        out += fmt::format("<text x=\"{}\" y=\"{}\">nothing to draw: no point has finite values</text>",
                           kLeft, kTop + 20);
        return out + "</g></svg>\n";
    }
    out += axes(chart, x, y) + series_paths(chart, x, y) + legend(chart);
    return out + "</g></svg>\n";
}

}  // namespace attn::render
