#include "render/chart_text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

#include "render/matrix_text.hpp"

namespace attn::render {
namespace {

constexpr int plot_height =
    12;  // rows of the plotting area: enough to see a slope, short enough to scroll past

// One axis in drawing units: log10 of the data on a log axis, the data itself otherwise.
struct Axis {
    double lo = 0.0, hi = 1.0;
    bool log = false;
};

// The drawing-unit value of a data value, or nothing when it cannot be drawn.
std::optional<double> to_axis(double value, bool log_axis) {
    if (!std::isfinite(value)) return std::nullopt;
    if (!log_axis) return value;
    if (value <= 0.0) return std::nullopt;
    return std::log10(value);
}

// Widens a degenerate range so that a single point still lands inside the plot.
Axis widen(Axis axis) {
    if (axis.hi - axis.lo > 1e-12 * std::max(1.0, std::fabs(axis.hi))) return axis;
    const double half = axis.log ? 0.5 : std::max(0.5, std::fabs(axis.lo) * 0.5);
    return {axis.lo - half, axis.hi + half, axis.log};
}

// The range of all drawable x (or y) values; nothing when no point is drawable.
std::optional<Axis> axis_of(const report::Chart& chart, bool is_x) {
    const bool log_axis = is_x ? chart.log_x : chart.log_y;
    std::optional<Axis> axis;
    for (const auto& [name, points] : chart.series) {
        for (const auto& [x, y] : points) {
            const auto t = to_axis(is_x ? x : y, log_axis);
            const auto other = to_axis(is_x ? y : x, is_x ? chart.log_y : chart.log_x);
            if (!t || !other) continue;
            if (!axis) axis = Axis{*t, *t, log_axis};
            axis->lo = std::min(axis->lo, *t);
            axis->hi = std::max(axis->hi, *t);
        }
    }
    if (axis) axis = widen(*axis);
    return axis;
}

// Cell index 0..cells-1 of a drawing-unit value along an axis.
int cell_of(double t, const Axis& axis, int cells) {
    const double fraction = (t - axis.lo) / (axis.hi - axis.lo);
    return std::clamp(static_cast<int>(std::lround(fraction * (cells - 1))), 0, cells - 1);
}

std::vector<double> linear_ticks(double lo, double hi) {
    const double raw = (hi - lo) / 5.0;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    double step = magnitude;
    for (double factor : {1.0, 2.0, 5.0, 10.0})
        if (factor * magnitude >= raw) {
            step = factor * magnitude;
            break;
        }
    std::vector<double> ticks;
    for (double k = std::ceil(lo / step - 1e-9); k * step <= hi + 1e-9 * step; k += 1.0)
        ticks.push_back(std::fabs(k) < 1e-12 ? 0.0 : k * step);
    return ticks;
}

std::vector<double> log_ticks(double lo, double hi) {
    std::vector<double> decades;
    for (double e = std::ceil(std::log10(lo) - 1e-9); e <= std::log10(hi) + 1e-9; e += 1.0)
        decades.push_back(std::pow(10.0, e));
    if (decades.size() >= 2) {
        const size_t stride = (decades.size() + 5) / 6;  // at most six labels
        std::vector<double> thinned;
        for (size_t i = 0; i < decades.size(); i += stride) thinned.push_back(decades[i]);
        return thinned;
    }
    std::vector<double> ticks;
    for (double e = std::floor(std::log10(lo)); e <= std::ceil(std::log10(hi)); e += 1.0)
        for (double factor : {1.0, 2.0, 5.0}) {
            const double value = factor * std::pow(10.0, e);
            if (value >= lo * (1 - 1e-9) && value <= hi * (1 + 1e-9)) ticks.push_back(value);
        }
    return ticks;
}

}  // namespace

std::vector<double> chart_ticks(double lo, double hi, bool log_axis) {
    if (!(hi > lo) || (log_axis && lo <= 0.0)) return {lo, hi};
    std::vector<double> ticks = log_axis ? log_ticks(lo, hi) : linear_ticks(lo, hi);
    if (ticks.size() < 2) return {lo, hi};
    return ticks;
}

std::string compact_number(double value) {
    char buffer[48];
    const double magnitude = std::fabs(value);
    if (value == 0.0 || (magnitude >= 1e-3 && magnitude < 1e5)) {
        // Plain decimals with three significant digits, trailing zeros dropped: "1000", "0.25".
        const int decimals =
            value == 0.0 ? 0 : std::max(0, 2 - static_cast<int>(std::floor(std::log10(magnitude))));
        std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
        std::string text = buffer;
        if (text.find('.') != std::string::npos) text.erase(text.find_last_not_of('0') + 1);
        if (text.back() == '.') text.pop_back();
        return text == "-0" ? "0" : text;
    }
    std::snprintf(buffer, sizeof buffer, "%.2e", value);
    const std::string text = buffer;
    const auto e = text.find('e');
    // "1.00e+06" → "1e6", "2.50e-05" → "2.5e-5": shorter labels leave more room for the plot.
    std::string mantissa = text.substr(0, e);
    mantissa.erase(mantissa.find_last_not_of('0') + 1);
    if (mantissa.back() == '.') mantissa.pop_back();
    std::string exponent = text.substr(e + 1);
    const bool negative = exponent[0] == '-';
    exponent = exponent.substr(1);
    exponent.erase(0, std::min(exponent.find_first_not_of('0'), exponent.size() - 1));
    return mantissa + "e" + (negative ? "-" : "") + exponent;
}

std::string chart_shared_marker(bool unicode) { return unicode ? "◉" : "&"; }

std::string chart_marker(size_t series_index, bool unicode) {
    static const char* const ascii[] = {"*", "o", "+", "x", "#", "@"};
    static const char* const glyphs[] = {"●", "○", "■", "□", "▲", "◆"};
    return unicode ? glyphs[series_index % 6] : ascii[series_index % 6];
}

namespace {

// The plotting area: one glyph (a UTF-8 string) per cell, blank by default.
struct Canvas {
    int width = 0;
    std::vector<std::vector<std::string>> cells;  // [row from top][column]
    std::vector<std::vector<int>> owner;          // the series whose marker is there; -1 none, -2 several
    bool dots = false;                            // some line between points was drawn
    std::vector<bool> overlapping;                // [series]: its marker fell on another series' marker

    Canvas(int w, int h, size_t series)
        : width(w),
          cells(h, std::vector<std::string>(w, " ")),
          owner(h, std::vector<int>(w, -1)),
          overlapping(series, false) {}
    void dot(int col, int row_from_bottom, const std::string& glyph) {
        std::string& cell = cells[cells.size() - 1 - row_from_bottom][col];
        if (cell == " ") cell = glyph, dots = true;
    }
    // A series' marker; where another series' marker already is, the shared glyph instead, so that
    // no series hides under another (full and streaming attention take almost the same time).
    void marker(int col, int row_from_bottom, int series, const std::string& glyph,
                const std::string& shared) {
        const size_t row = cells.size() - 1 - row_from_bottom;
        int& who = owner[row][col];
        if (who != -1 && who != series) {
            if (who >= 0) overlapping[static_cast<size_t>(who)] = true;
            overlapping[static_cast<size_t>(series)] = true;
            who = -2, cells[row][col] = shared;
            return;
        }
        if (who == -2) return;
        who = series, cells[row][col] = glyph;
    }
};

struct Frame {
    Axis x, y;
    int width, height;
};

// A point in canvas cells (column, row from the bottom), or nothing when it cannot be drawn.
std::optional<std::pair<int, int>> cell_point(const report::Chart& chart, const Frame& f, double x,
                                              double y) {
    const auto tx = to_axis(x, chart.log_x);
    const auto ty = to_axis(y, chart.log_y);
    if (!tx || !ty) return std::nullopt;
    return std::make_pair(cell_of(*tx, f.x, f.width), cell_of(*ty, f.y, f.height));
}

// Dots between consecutive points (so that the slope shows); the markers go on top of every series' dots.
void draw_dots(Canvas& canvas, const report::Chart& chart, const Frame& f, size_t index, bool unicode) {
    const auto& points = chart.series[index].second;
    const std::string dot = unicode ? "·" : ".";
    std::optional<std::pair<int, int>> previous;
    for (const auto& [x, y] : points) {
        const auto cell = cell_point(chart, f, x, y);
        if (!cell) continue;
        if (previous) {
            const int steps =
                std::max(std::abs(cell->first - previous->first), std::abs(cell->second - previous->second));
            for (int s = 1; s < steps; ++s) {
                const double t = static_cast<double>(s) / steps;
                canvas.dot(
                    static_cast<int>(std::lround(previous->first + t * (cell->first - previous->first))),
                    static_cast<int>(std::lround(previous->second + t * (cell->second - previous->second))),
                    dot);
            }
        }
        previous = cell;
    }
}

// A scatter's links (a word's query to its key) as dots from one point to the other.
void draw_links(Canvas& canvas, const report::Chart& chart, const Frame& f, bool unicode) {
    for (const auto& [from, to] : chart.links) {
        const auto a = cell_point(chart, f, from.first, from.second);
        const auto b = cell_point(chart, f, to.first, to.second);
        if (!a || !b) continue;
        const int steps = std::max(std::abs(b->first - a->first), std::abs(b->second - a->second));
        for (int s = 1; s < steps; ++s) {
            const double t = static_cast<double>(s) / steps;
            canvas.dot(static_cast<int>(std::lround(a->first + t * (b->first - a->first))),
                       static_cast<int>(std::lround(a->second + t * (b->second - a->second))),
                       unicode ? "·" : ".");
        }
    }
}

// A scatter's point labels, written right of their markers where the cells are free (else left of them;
// else left out: the table under the picture lists every point). A link's dots give way to a label (the
// link still shows either side of it); a label keeps one blank cell from another, so "I" and "ate" never
// read as "Iate".
void draw_labels(Canvas& canvas, const report::Chart& chart, const Frame& f, bool unicode) {
    const std::string link_dot = unicode ? "·" : ".";
    std::vector<std::vector<bool>> lettered(canvas.cells.size(),
                                            std::vector<bool>(static_cast<size_t>(canvas.width), false));
    for (size_t i = 0; i < chart.series.size() && i < chart.point_labels.size(); ++i)
        for (size_t p = 0; p < chart.series[i].second.size() && p < chart.point_labels[i].size(); ++p) {
            const auto cell =
                cell_point(chart, f, chart.series[i].second[p].first, chart.series[i].second[p].second);
            const std::string& label = chart.point_labels[i][p];
            if (!cell || label.empty()) continue;
            const size_t r = canvas.cells.size() - 1 - static_cast<size_t>(cell->second);
            auto& row = canvas.cells[r];
            const int length = static_cast<int>(label.size());
            auto free = [&](int from) {
                if (from < 0 || from + length > canvas.width) return false;
                for (int c = from; c < from + length; ++c)
                    if (row[static_cast<size_t>(c)] != " " && row[static_cast<size_t>(c)] != link_dot)
                        return false;
                for (int c = std::max(0, from - 1); c < std::min(canvas.width, from + length + 1); ++c)
                    if (lettered[r][static_cast<size_t>(c)]) return false;
                return true;
            };
            const int right = cell->first + 1, left = cell->first - length;
            const int at = free(right) ? right : free(left) ? left : -1;
            if (at < 0) continue;
            for (int k = 0; k < length; ++k) {
                row[static_cast<size_t>(at + k)] = std::string(1, label[static_cast<size_t>(k)]);
                lettered[r][static_cast<size_t>(at + k)] = true;
            }
        }
}

void draw_markers(Canvas& canvas, const report::Chart& chart, const Frame& f, size_t index, bool unicode) {
    for (const auto& [x, y] : chart.series[index].second)
        if (const auto cell = cell_point(chart, f, x, y))
            canvas.marker(cell->first, cell->second, static_cast<int>(index), chart_marker(index, unicode),
                          chart_shared_marker(unicode));
}

// Right-aligned y tick labels keyed by the canvas row (from the bottom) they sit on.
std::vector<std::string> y_tick_labels(const Frame& f) {
    std::vector<std::string> labels(f.height);
    const double lo = f.y.log ? std::pow(10.0, f.y.lo) : f.y.lo;
    const double hi = f.y.log ? std::pow(10.0, f.y.hi) : f.y.hi;
    for (double tick : chart_ticks(lo, hi, f.y.log)) {
        const auto t = to_axis(tick, f.y.log);
        if (t) labels[cell_of(*t, f.y, f.height)] = compact_number(tick);
    }
    return labels;
}

std::string pad_left(const std::string& text, size_t width) {
    const size_t shown = display_width(text);
    return shown >= width ? text : std::string(width - shown, ' ') + text;
}

std::string centred(const std::string& text, size_t width) {
    const size_t shown = display_width(text);
    return shown >= width ? text : std::string((width - shown) / 2, ' ') + text;
}

}  // namespace
}  // namespace attn::render

namespace attn::render {
namespace {

// The line under the x axis: tick values centred on their columns, skipping any that would touch.
std::string x_tick_line(const Frame& f, size_t indent) {
    std::string line(indent + f.width, ' ');
    const double lo = f.x.log ? std::pow(10.0, f.x.lo) : f.x.lo;
    const double hi = f.x.log ? std::pow(10.0, f.x.hi) : f.x.hi;
    long next_free = 0;
    for (double tick : chart_ticks(lo, hi, f.x.log)) {
        const auto t = to_axis(tick, f.x.log);
        if (!t) continue;
        const std::string label = compact_number(tick);
        const long length = static_cast<long>(label.size());
        if (length > f.width) continue;
        const long start = std::clamp<long>(cell_of(*t, f.x, f.width) - length / 2, 0, f.width - length);
        if (start < next_free) continue;
        line.replace(indent + start, label.size(), label);
        next_free = start + length + 1;
    }
    line.erase(line.find_last_not_of(' ') + 1);
    return line;
}

// The x axis itself, with a tick mark under every labelled value.
std::string x_axis_line(const Frame& f, size_t margin, bool unicode) {
    std::vector<std::string> cells(f.width, unicode ? "─" : "-");
    const double lo = f.x.log ? std::pow(10.0, f.x.lo) : f.x.lo;
    const double hi = f.x.log ? std::pow(10.0, f.x.hi) : f.x.hi;
    for (double tick : chart_ticks(lo, hi, f.x.log))
        if (const auto t = to_axis(tick, f.x.log)) cells[cell_of(*t, f.x, f.width)] = unicode ? "┬" : "+";
    std::string line = std::string(margin + 1, ' ') + (unicode ? "└" : "+");
    for (const auto& cell : cells) line += cell;
    return line;
}

// The plotting rows with their y tick labels and the y axis on the left.
std::vector<std::string> plot_lines(const Canvas& canvas, const Frame& f,
                                    const std::vector<std::string>& labels, size_t margin, bool unicode) {
    std::vector<std::string> lines;
    for (int r = 0; r < f.height; ++r) {
        const std::string& label = labels[f.height - 1 - r];
        std::string line =
            pad_left(label, margin) + " " + (label.empty() ? (unicode ? "│" : "|") : (unicode ? "┤" : "+"));
        for (const auto& cell : canvas.cells[r]) line += cell;
        line.erase(line.find_last_not_of(' ') + 1);
        lines.push_back(line);
    }
    return lines;
}

// "legend: * full  o local", then what the dots and the shared marker mean, wrapped at the width.
std::vector<std::string> legend_lines(const report::Chart& chart, const Canvas& canvas, const Style& style) {
    std::vector<std::string> items;
    for (size_t i = 0; i < chart.series.size(); ++i)
        items.push_back(chart_marker(i, style.unicode) + " " +
                        abbreviate(chart.series[i].first, static_cast<size_t>(std::max(4, style.width - 4)),
                                   style.unicode));
    if (canvas.dots)
        items.push_back(std::string(style.unicode ? "·" : ".") + " " +
                        (chart.scatter ? chart.link_label : std::string("line between measured points")));
    std::vector<std::string> names;
    for (size_t i = 0; i < chart.series.size(); ++i)
        if (canvas.overlapping[i]) names.push_back(chart.series[i].first);
    if (!names.empty()) {
        std::string who;
        for (size_t i = 0; i < names.size(); ++i)
            who += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + names[i];
        items.push_back(chart_shared_marker(style.unicode) + " " + who + " on the same point");
    }
    std::vector<std::string> lines{"legend:"};
    for (const std::string& item : items) {
        if (display_width(lines.back()) + 2 + display_width(item) > static_cast<size_t>(style.width)) {
            if (display_width(item) + 2 > static_cast<size_t>(style.width)) {  // a long note wraps on its own
                const std::string wrapped = wrap(item, style.width - 2, 2);
                for (size_t at = 0, end; at < wrapped.size(); at = end + 1) {
                    end = std::min(wrapped.find('\n', at), wrapped.size());
                    lines.push_back("  " + wrapped.substr(at, end - at));
                }
                lines.push_back("");
                continue;
            }
            lines.push_back("");
        }
        lines.back() += "  " + item;
    }
    if (lines.back().empty()) lines.pop_back();
    return lines;
}

std::string axis_title(const std::string& label, bool log_axis) {
    return label + (log_axis ? " (log scale)" : "");
}

// A bar chart as one line per bar: the category (and the series, when there are several), a bar from
// zero as long as the value is against the largest, and the value's label.
std::string bar_lines(const report::Chart& chart, const Style& style, size_t width) {
    double largest = 0;
    size_t label_w = 0, value_w = 0;
    struct Bar {
        std::string label, value;
        double v;
    };
    std::vector<Bar> bars;
    for (size_t s = 0; s < chart.series.size(); ++s)
        for (size_t i = 0; i < chart.series[s].second.size(); ++i) {
            const auto [x, y] = chart.series[s].second[i];
            const auto c = static_cast<size_t>(x);
            std::string label =
                x >= 0 && c < chart.categories.size() ? chart.categories[c] : compact_number(x);
            if (chart.series.size() > 1) label += " (" + chart.series[s].first + ")";
            const bool labelled = s < chart.point_labels.size() && i < chart.point_labels[s].size();
            bars.push_back({label, labelled ? chart.point_labels[s][i] : compact_number(y), y});
            if (std::isfinite(y)) largest = std::max(largest, y);
        }
    for (const Bar& b : bars)
        label_w = std::max(label_w, display_width(b.label)),
        value_w = std::max(value_w, display_width(b.value));
    label_w = std::min(label_w, width / 3);
    const size_t room = width > label_w + value_w + 3 ? width - label_w - value_w - 3 : 1;
    std::string out;
    if (!chart.y_label.empty())
        out += abbreviate("bar length: " + chart.y_label, width, style.unicode) + "\n";
    for (const Bar& b : bars) {
        std::string label = abbreviate(b.label, label_w, style.unicode);
        label += std::string(label_w - std::min(label_w, display_width(label)), ' ');
        size_t cells = 0;
        if (std::isfinite(b.v) && b.v > 0 && largest > 0)
            cells = std::max<size_t>(
                1, static_cast<size_t>(std::lround(b.v / largest * static_cast<double>(room))));
        std::string bar;
        for (size_t k = 0; k < cells; ++k) bar += style.unicode ? "\u2588" : "#";
        out += label + " " + bar + " " + b.value + "\n";
    }
    return out;
}

}  // namespace

std::string render_chart(const report::Chart& chart, const Style& style) {
    const size_t width = static_cast<size_t>(std::max(style.width, 20));
    std::string out;
    if (!chart.title.empty()) out += bold(style, abbreviate(chart.title, width, style.unicode)) + "\n";
    if (chart.bars) return out + bar_lines(chart, style, width);
    const auto x = axis_of(chart, true);
    const auto y = axis_of(chart, false);
    if (!x || !y) return out + "(no points to draw)\n";
    Frame f{*x, *y, 0, plot_height};
    const std::vector<std::string> labels = y_tick_labels(f);
    size_t margin = 0;
    for (const auto& label : labels) margin = std::max(margin, label.size());
    f.width = std::max(8, static_cast<int>(width) - static_cast<int>(margin) - 2);
    Canvas canvas(f.width, f.height, chart.series.size());
    if (chart.scatter)
        draw_links(canvas, chart, f, style.unicode);
    else
        for (size_t i = 0; i < chart.series.size(); ++i) draw_dots(canvas, chart, f, i, style.unicode);
    for (size_t i = 0; i < chart.series.size(); ++i) draw_markers(canvas, chart, f, i, style.unicode);
    if (chart.scatter) draw_labels(canvas, chart, f, style.unicode);
    if (!chart.y_label.empty())
        out += abbreviate(std::string(margin + 1, ' ') + axis_title(chart.y_label, chart.log_y), width,
                          style.unicode) +
               "\n";
    for (const auto& line : plot_lines(canvas, f, labels, margin, style.unicode)) out += line + "\n";
    out += x_axis_line(f, margin, style.unicode) + "\n";
    out += x_tick_line(f, margin + 2) + "\n";
    if (!chart.x_label.empty())
        out += abbreviate(
                   std::string(margin + 2, ' ') + centred(axis_title(chart.x_label, chart.log_x), f.width),
                   width, style.unicode) +
               "\n";
    for (const auto& line : legend_lines(chart, canvas, style)) out += line + "\n";
    return out;
}

}  // namespace attn::render
