#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <variant>

#include "render/chart_text.hpp"
#include "render/fit.hpp"
#include "render/markdown_text.hpp"
#include "render/matrix_text.hpp"
#include "render/report_texts.hpp"
#include "render/report_writers.hpp"
#include "render/visit.hpp"

namespace attn::render {
namespace {

std::string cell_text(const std::variant<double, std::string>& cell, int precision) {
    if (const double* v = std::get_if<double>(&cell)) return format_number(*v, precision);
    return std::get<std::string>(cell);
}

// A number, or text that reads as one ("+0.30", "-inf", "2.5x", "250.00 ms", "78.1 KiB"), so that its
// column is right-aligned.
bool reads_as_number(const std::variant<double, std::string>& cell) {
    if (std::holds_alternative<double>(cell)) return true;
    std::string text = std::get<std::string>(cell);
    if (text == "-inf" || text == "inf" || text == "nan") return true;
    // A unit after one space: up to three letters ("ms", "KiB", "µs").
    const size_t space = text.find(' ');
    if (space != std::string::npos) {
        const std::string unit = text.substr(space + 1);
        if (unit.empty() || display_width(unit) > 3 ||
            unit.find_first_of("0123456789 .") != std::string::npos)
            return false;
        text.erase(space);
    }
    const size_t digits = text.find_first_not_of("+-");
    return !text.empty() && digits <= 1 && digits < text.size() &&
           std::isdigit(static_cast<unsigned char>(text[digits])) &&
           text.find_first_not_of("0123456789.e+-x%", digits) == std::string::npos;
}

// A column of numbers only is right-aligned, so that its digits line up.
std::vector<bool> numeric_columns(const report::Table& t) {
    std::vector<bool> numeric(t.header.size(), !t.rows.empty());
    for (const auto& row : t.rows)
        for (size_t c = 0; c < row.size() && c < numeric.size(); ++c)
            if (!reads_as_number(row[c])) numeric[c] = false;
    return numeric;
}

// A table as aligned columns when it fits the width, else one "header: value" line per cell and a blank
// line between rows, so that nothing is cut.
std::string table_text(const report::Table& t, const Style& style) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& row : t.rows) {
        std::vector<std::string> cells;
        for (const auto& cell : row) cells.push_back(cell_text(cell, style.precision));
        rows.push_back(std::move(cells));
    }
    std::vector<size_t> widths(t.header.size(), 0);
    for (size_t c = 0; c < t.header.size(); ++c) widths[c] = display_width(t.header[c]);
    for (const auto& row : rows)
        for (size_t c = 0; c < row.size() && c < widths.size(); ++c)
            widths[c] = std::max(widths[c], display_width(row[c]));
    size_t total = 0;
    for (size_t w : widths) total += w + 2;
    std::string out = t.title.empty() ? "" : bold(style, t.title) + "\n";
    if (total <= static_cast<size_t>(style.width) + 2) {
        const std::vector<bool> numeric = numeric_columns(t);
        auto line = [&](const std::vector<std::string>& cells) {
            std::string l;
            for (size_t c = 0; c < cells.size() && c < widths.size(); ++c) {
                const std::string pad(widths[c] - display_width(cells[c]), ' ');
                l += (c ? "  " : "") + (numeric[c] ? pad + cells[c] : cells[c] + pad);
            }
            l.erase(l.find_last_not_of(' ') + 1);
            return l + "\n";
        };
        out += bold(style, line(t.header));
        for (const auto& row : rows) out += line(row);
        return out;
    }
    for (size_t r = 0; r < rows.size(); ++r) {
        if (r) out += "\n";
        for (size_t c = 0; c < rows[r].size() && c < t.header.size(); ++c)
            if (!rows[r][c].empty())
                out +=
                    wrap((t.header[c].empty() ? "" : t.header[c] + ": ") + rows[r][c], style.width, 2) + "\n";
    }
    return out;
}

std::string facts_text(const report::Facts& f, const Style& style, const std::string& data_dir) {
    size_t key_width = 0;
    for (const auto& item : f.items) key_width = std::max(key_width, display_width(item.first) + 2);
    // Values line up after the longest key ("inputs:  ", "weights: "), unless that would leave them too
    // little room: then each value follows its own key and wraps under it, two columns in.
    const bool aligned = key_width <= static_cast<size_t>(style.width) / 3;
    std::string out = f.title.empty() ? "" : bold(style, f.title) + "\n";
    for (const auto& [key, value] : f.items) {
        const std::string text = relative_to_data(report::value_text(value), data_dir);
        if (aligned)
            out += dim(style, wrap_labelled(key + ":" + std::string(key_width - display_width(key) - 1, ' '),
                                            text, style.width));
        else
            out += dim(style, wrap(key + ": " + text, style.width, 2));
        out += "\n";
    }
    return out;
}

std::string block_text(const report::NamedBlock& block, const Style& style, const std::string& data_dir) {
    return std::visit(Visit{[&](const report::Heading& h) {
                                return bold(style, wrap(relative_to_data(h.text, data_dir), style.width, 0)) +
                                       "\n";
                            },
                            [&](const report::Note& n) {
                                return markdown_text(relative_to_data(n.markdown, data_dir), style);
                            },
                            [&](const report::LabelledMatrix& m) { return render_matrix(m, style); },
                            [&](const report::Chart& c) { return render_chart(c, style); },
                            [&](const report::Table& t) { return table_text(t, style); },
                            [&](const report::Facts& f) { return facts_text(f, style, data_dir); }},
                      block.block);
}

// Every text of the report in ASCII, before any wrapping: "√" becomes "sqrt ", so a line must be
// measured after the fold, not before.
report::Report ascii_report(report::Report report) {
    for_each_text(report, [](std::string& text) { text = ascii_fold(text); });
    return report;
}

}  // namespace

// Paths inside the data folder are shown relative to it: "apple/vocab.toml", not
// "/home/…/data/apple/vocab.toml".
std::string relative_to_data(const std::string& text, const std::string& data_dir) {
    if (data_dir.empty()) return text;
    const std::string prefix = data_dir.back() == '/' ? data_dir : data_dir + "/";
    std::string out = text;
    for (size_t at = out.find(prefix); at != std::string::npos; at = out.find(prefix, at))
        out.erase(at, prefix.size());
    return out;
}

std::string report_text(const report::Report& original, const Style& style) {
    const report::Report report = style.unicode ? original : ascii_report(original);
    std::string out;
    for (const auto& block : report.blocks) {
        std::string text = block_text(block, style, report.data_dir);
        text.erase(text.find_last_not_of('\n') + 1);  // blocks are set apart by exactly one blank line
        if (!text.empty()) out += (out.empty() ? "" : "\n\n") + text;
    }
    if (!out.empty()) out += "\n";
    out = fit_lines(out, style.width);  // a matrix title or a chart legend longer than a narrow screen
    return style.unicode ? out : ascii_fold(out);
}

}  // namespace attn::render
