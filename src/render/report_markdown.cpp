// The report as GitHub-flavoured Markdown, for notes and READMEs.
#include <fmt/format.h>

#include <variant>

#include "render/matrix_text.hpp"
#include "render/report_writers.hpp"
#include "render/visit.hpp"

namespace attn::render {
namespace {

// A table cell: pipes and line breaks would end the cell.
std::string cell(const std::string& text) {
    std::string out;
    for (char c : text)
        out += c == '|' ? std::string("\\|") : c == '\n' ? std::string(" ") : std::string(1, c);
    return out.empty() ? " " : out;
}

std::string row_line(const std::vector<std::string>& cells) {
    std::string out = "|";
    for (const auto& c : cells) out += " " + cell(c) + " |";
    return out + "\n";
}

std::string rule(size_t columns, bool first_left) {
    std::string out = "|";
    for (size_t c = 0; c < columns; ++c) out += c == 0 && first_left ? " :-- |" : " --: |";
    return out + "\n";
}

std::string matrix_markdown(const report::LabelledMatrix& m, int precision) {
    std::string out = fmt::format("**{}** ({} \u00d7 {}){}\n\n", cell(m.title), m.values.n_rows,
                                  m.values.n_cols, m.legend.empty() ? "" : ": " + m.legend);
    std::vector<std::string> header{" "};
    for (arma::uword c = 0; c < m.values.n_cols; ++c)
        header.push_back(c < m.col_labels.size() ? m.col_labels[c] : std::to_string(c));
    out += row_line(header) + rule(header.size(), true);
    for (arma::uword r = 0; r < m.values.n_rows; ++r) {
        std::vector<std::string> cells{r < m.row_labels.size() ? m.row_labels[r] : std::to_string(r)};
        for (arma::uword c = 0; c < m.values.n_cols; ++c) {
            const bool blocked = !m.keep.is_empty() && m.keep(r, c) == 0;
            cells.push_back(blocked ? "masked" : format_number(m.values(r, c), precision));
        }
        out += row_line(cells);
    }
    return out;
}

std::string table_markdown(const report::Table& t, int precision) {
    std::string out = t.title.empty() ? "" : "**" + cell(t.title) + "**\n\n";
    out += row_line(t.header) + rule(t.header.size(), true);
    for (const auto& row : t.rows) {
        std::vector<std::string> cells;
        for (const auto& c : row)
            cells.push_back(std::holds_alternative<double>(c) ? format_number(std::get<double>(c), precision)
                                                              : std::get<std::string>(c));
        out += row_line(cells);
    }
    return out;
}

// A chart's points as a table: one row per x, one column per series.
std::string chart_markdown(const report::Chart& c) {
    std::string out = "**" + cell(c.title) + "**\n\n";
    out += row_line({"series", c.x_label, c.y_label}) + rule(3, true);
    for (const auto& [name, points] : c.series)
        for (const auto& [x, y] : points) {
            // A bar chart's x is the index of its category: the category names it.
            const bool named = c.bars && x >= 0 && static_cast<size_t>(x) < c.categories.size();
            out += row_line({name, named ? cell(c.categories[static_cast<size_t>(x)]) : fmt::format("{}", x),
                             fmt::format("{}", y)});
        }
    return out;
}

std::string block_markdown(const report::NamedBlock& block, const Style& style, const std::string& data_dir) {
    return std::visit(
        Visit{[](const report::Heading& h) {
                  return std::string(static_cast<size_t>(h.level) + 1, '#') + " " + h.text + "\n";
              },
              [](const report::Note& n) {
                  return n.markdown + (n.markdown.empty() || n.markdown.back() != '\n' ? "\n" : "");
              },
              [&](const report::LabelledMatrix& m) { return matrix_markdown(m, style.precision); },
              [](const report::Chart& c) { return chart_markdown(c); },
              [&](const report::Table& t) { return table_markdown(t, style.precision); },
              [&](const report::Facts& f) {
                  std::string out = f.title.empty() ? "" : "**" + f.title + "**\n\n";
                  for (const auto& [key, value] : f.items)
                      out += "- " + key + ": " + relative_to_data(report::value_text(value), data_dir) + "\n";
                  return out;
              }},
        block.block);
}

}  // namespace

std::string report_markdown(const report::Report& report, const Style& style) {
    std::string out = report.title.empty() ? "" : "# " + report.title + "\n";
    for (const auto& block : report.blocks)
        out += (out.empty() ? "" : "\n") + block_markdown(block, style, report.data_dir);
    return out;
}

}  // namespace attn::render
