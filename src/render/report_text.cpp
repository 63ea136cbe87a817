#include <fmt/format.h>

#include <algorithm>
#include <variant>

#include "render/chart_text.hpp"
#include "render/fit.hpp"
#include "render/markdown_text.hpp"
#include "render/matrix_text.hpp"
#include "render/report_writers.hpp"

namespace attn::render {
namespace {

std::string cell_text(const std::variant<double, std::string>& cell, int precision) {
    if (const double* v = std::get_if<double>(&cell)) return format_number(*v, precision);
    return std::get<std::string>(cell);
}

// A table as aligned columns when it fits the width, else one "header: value" line per cell and a blank
// line between rows, so that nothing is cut.
std::string table_text(const course::Table& t, const Style& style) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& row : t.rows) {
        std::vector<std::string> cells;
        for (const auto& cell : row) cells.push_back(cell_text(cell, style.precision));
        rows.push_back(std::move(cells));
    }
    std::vector<size_t> widths(t.header.size(), 0);
    for (size_t c = 0; c < t.header.size(); ++c) widths[c] = display_width(t.header[c]);
    for (const auto& row : rows)
        for (size_t c = 0; c < row.size() && c < widths.size(); ++c) widths[c] = std::max(widths[c], display_width(row[c]));
    size_t total = 0;
    for (size_t w : widths) total += w + 2;
    std::string out = t.title.empty() ? "" : bold(style, t.title) + "\n";
    if (total <= static_cast<size_t>(style.width) + 2) {
        auto line = [&](const std::vector<std::string>& cells) {
            std::string l;
            for (size_t c = 0; c < cells.size() && c < widths.size(); ++c)
                l += (c ? "  " : "") + cells[c] + std::string(widths[c] - display_width(cells[c]), ' ');
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
            out += wrap(t.header[c] + ": " + rows[r][c], style.width, 2) + "\n";
    }
    return out;
}

std::string facts_text(const course::Facts& f, const Style& style, const std::string& data_dir) {
    size_t key_width = 0;
    for (const auto& item : f.items) key_width = std::max(key_width, display_width(item.first) + 2);
    // Values line up after the longest key, unless that would leave them too little room.
    const size_t indent = key_width <= static_cast<size_t>(style.width) / 3 ? key_width : 2;
    std::string out = f.title.empty() ? "" : bold(style, f.title) + "\n";
    for (const auto& [key, value] : f.items) {
        const std::string head = key + ":" + std::string(indent > key.size() + 1 ? indent - display_width(key) - 1 : 1, ' ');
        out += dim(style, wrap(head + relative_to_data(value, data_dir), style.width, indent)) + "\n";
    }
    return out;
}

std::string block_text(const course::NamedBlock& block, const Style& style, const std::string& data_dir) {
    const auto& b = block.block;
    if (const auto* h = std::get_if<course::Heading>(&b)) return bold(style, wrap(relative_to_data(h->text, data_dir), style.width, 0)) + "\n";
    if (const auto* n = std::get_if<course::Note>(&b)) return markdown_text(relative_to_data(n->markdown, data_dir), style);
    if (const auto* m = std::get_if<course::LabelledMatrix>(&b)) return render_matrix(*m, style);
    if (const auto* c = std::get_if<course::Chart>(&b)) return render_chart(*c, style);
    if (const auto* t = std::get_if<course::Table>(&b)) return table_text(*t, style);
    return facts_text(std::get<course::Facts>(b), style, data_dir);
}

}  // namespace

// Paths inside the data folder are shown relative to it: "apple/vocab.toml", not "/home/…/data/apple/vocab.toml".
std::string relative_to_data(const std::string& text, const std::string& data_dir) {
    if (data_dir.empty()) return text;
    const std::string prefix = data_dir.back() == '/' ? data_dir : data_dir + "/";
    std::string out = text;
    for (size_t at = out.find(prefix); at != std::string::npos; at = out.find(prefix, at)) out.erase(at, prefix.size());
    return out;
}

std::string report_text(const course::Report& report, const Style& style) {
    std::string out;
    for (const auto& block : report.blocks) out += (out.empty() ? "" : "\n") + block_text(block, style, report.data_dir);
    out = fit_lines(out, style.width);  // a matrix title or a chart legend longer than a narrow screen
    return style.unicode ? out : ascii_fold(out);
}

}  // namespace attn::render
