// The machine-readable writers of a report: one JSON document and CSV blocks. A report with data blocks
// is written from them alone, each at its JSON path (the layouts of docs/json.md); one without is written
// as the list of its blocks ({"title", "blocks"}) and every matrix, table and chart as CSV. A data note is
// a CSV comment line ("# sentence 1: I ate the apple").
#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <variant>

#include "render/export.hpp"
#include "render/report_writers.hpp"
#include "render/visit.hpp"

namespace attn::render {
namespace {

std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\n") == std::string::npos) return text;
    std::string out = "\"";
    for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string cell_csv(const std::variant<double, std::string>& cell) {
    return std::visit(Visit{[](double v) { return exact_number(v); },
                            [](const std::string& text) { return csv_field(text); }},
                      cell);
}

std::string table_lines(const report::Table& t) {
    std::string out;
    for (size_t c = 0; c < t.header.size(); ++c) out += (c ? "," : "") + csv_field(t.header[c]);
    if (!t.header.empty()) out += "\n";
    for (const auto& row : t.rows) {
        for (size_t c = 0; c < row.size(); ++c) out += (c ? "," : "") + cell_csv(row[c]);
        out += "\n";
    }
    return out;
}

// "# table: NAME", the header, the rows and a blank line. A data table is numbers first: without a title
// its lines alone (attn scaling's CSV, a labelled matrix's numbers); with one, a block numpy.loadtxt reads
// ("# table: TITLE", "# columns: a,b", the rows, a blank line), as attn seq2seq writes its tables.
std::string table_csv(const std::string& name, const report::Table& t, bool data) {
    if (!data) return "# table: " + name + "\n" + (t.header.empty() ? "\n" : "") + table_lines(t) + "\n";
    if (t.title.empty()) return table_lines(t);
    report::Table rows = t;
    rows.header.clear();
    return fmt::format("# table: {}\n# columns: {}\n", t.title, fmt::join(t.header, ",")) +
           table_lines(rows) + "\n";
}

std::string chart_csv(const std::string& name, const report::Chart& c) {
    std::string out =
        "# chart: " + name + "\nseries," + csv_field(c.x_label) + "," + csv_field(c.y_label) + "\n";
    for (const auto& [series, points] : c.series)
        for (const auto& [x, y] : points)
            out += csv_field(series) + "," + exact_number(x) + "," + exact_number(y) + "\n";
    return out + "\n";
}

nlohmann::json number_json(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(); }

nlohmann::json value_json(const report::Value& value) {
    return std::visit(
        Visit{[](std::nullptr_t) { return nlohmann::json(); }, [](bool flag) { return nlohmann::json(flag); },
              [](long long n) { return nlohmann::json(n); },
              [](unsigned long long n) { return nlohmann::json(n); }, [](double v) { return number_json(v); },
              [](const std::string& text) { return nlohmann::json(text); },
              [](const report::Value::List& items) {
                  nlohmann::json out = nlohmann::json::array();
                  for (const report::Value& item : items) out.push_back(value_json(item));
                  return out;
              }},
        value.data);
}

nlohmann::json cells_json(const report::Table& t) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& row : t.rows) {
        nlohmann::json r = nlohmann::json::array();
        for (const auto& cell : row)
            r.push_back(std::visit(Visit{[](double v) { return number_json(v); },
                                         [](const std::string& text) { return nlohmann::json(text); }},
                                   cell));
        rows.push_back(std::move(r));
    }
    return rows;
}

const char* shading_name(report::Shading s) {
    return s == report::Shading::unit ? "weights" : s == report::Shading::diverging ? "signed" : "plain";
}

nlohmann::json chart_json(const report::Chart& c) {
    nlohmann::json j{{"kind", "chart"},
                     {"title", c.title},
                     {"x_label", c.x_label},
                     {"y_label", c.y_label},
                     {"log_x", c.log_x},
                     {"log_y", c.log_y},
                     {"series", nlohmann::json::array()}};
    for (size_t i = 0; i < c.series.size(); ++i) {
        nlohmann::json series{{"name", c.series[i].first}, {"points", c.series[i].second}};
        if ((c.scatter || c.bars) && i < c.point_labels.size()) series["labels"] = c.point_labels[i];
        j["series"].push_back(series);
    }
    if (c.bars) j["bars"] = true, j["categories"] = c.categories;  // attn cache: x is the category's index
    if (c.scatter) {  // attn map: the points stand alone, and links join two of them
        j["scatter"] = true, j["link_label"] = c.link_label, j["links"] = nlohmann::json::array();
        for (const auto& [from, to] : c.links) j["links"].push_back({from, to});
    }
    return j;
}

nlohmann::json matrix_block_json(const report::LabelledMatrix& m) {
    nlohmann::json j{{"kind", "matrix"},
                     {"title", m.title},
                     {"legend", m.legend},
                     {"shading", shading_name(m.shading)},
                     {"rows", m.row_labels},
                     {"columns", m.col_labels},
                     {"values", matrix_json(m.values)}};
    if (!m.keep.is_empty()) j["keep"] = matrix_json(m.keep);
    return j;
}

nlohmann::json facts_items_json(const report::Facts& f) {
    nlohmann::json items = nlohmann::json::object();
    for (const auto& [key, value] : f.items) items[key] = value_json(value);
    return items;
}

// A block of a report without data blocks, as one entry of {"blocks": [...]}.
nlohmann::json listed_block_json(const report::NamedBlock& block) {
    nlohmann::json j = std::visit(
        Visit{
            [](const report::Heading& h) {
                return nlohmann::json{{"kind", "heading"}, {"text", h.text}, {"level", h.level}};
            },
            [](const report::Note& n) {
                return nlohmann::json{{"kind", "paragraph"}, {"markdown", n.markdown}};
            },
            [](const report::LabelledMatrix& m) { return matrix_block_json(m); },
            [](const report::Chart& c) { return chart_json(c); },
            [](const report::Table& t) {
                return nlohmann::json{
                    {"kind", "table"}, {"title", t.title}, {"header", t.header}, {"rows", cells_json(t)}};
            },
            [](const report::Facts& f) {
                return nlohmann::json{{"kind", "facts"}, {"title", f.title}, {"items", facts_items_json(f)}};
            }},
        block.block);
    j["name"] = block.name;
    return j;
}

// The node at a dotted path, made on the way: "heads.1.scores" is doc["heads"][1]["scores"] (a part that
// is a number indexes an array, grown with empty objects); "" is the document itself.
nlohmann::json& at_path(nlohmann::json& doc, const std::string& path) {
    nlohmann::json* node = &doc;
    size_t start = 0;
    while (start < path.size()) {
        const size_t dot = std::min(path.find('.', start), path.size());
        const std::string part = path.substr(start, dot - start);
        if (!part.empty() && part.find_first_not_of("0123456789") == std::string::npos) {
            const size_t index = std::stoul(part);
            if (!node->is_array()) *node = nlohmann::json::array();
            while (node->size() <= index) node->push_back(nlohmann::json::object());
            node = &(*node)[index];
        } else {
            node = &(*node)[part];
        }
        start = dot + 1;
    }
    return *node;
}

// A data block into the document at its path: a matrix as its rows, facts as keys of the object there.
void place_data(nlohmann::json& doc, const report::NamedBlock& block) {
    nlohmann::json& node = at_path(doc, block.name);
    std::visit(Visit{[](const report::Heading&) {}, [](const report::Note&) {},
                     [&](const report::LabelledMatrix& m) { node = matrix_json(m.values); },
                     [&](const report::Chart& c) { node = chart_json(c); },
                     [&](const report::Table& t) { node = cells_json(t); },
                     [&](const report::Facts& f) {
                         if (node.is_null()) node = nlohmann::json::object();
                         for (const auto& [key, value] : f.items) node[key] = value_json(value);
                     }},
               block.block);
}

std::string block_csv(const report::NamedBlock& block) {
    return std::visit(
        Visit{[](const report::Heading&) { return std::string(); },
              [&](const report::Note& n) { return block.data() ? "# " + n.markdown + "\n" : std::string(); },
              [](const report::Facts&) { return std::string(); },
              [&](const report::LabelledMatrix& m) {
                  // A data matrix is named as the stages of `attn run` always were
                  // ("weights", "heads.0.weights"): by its title, else its path.
                  return csv_block(block.data() && !m.title.empty() ? m.title : block.name, m);
              },
              [&](const report::Table& t) { return table_csv(block.name, t, block.data()); },
              [&](const report::Chart& c) { return chart_csv(block.name, c); }},
        block.block);
}

}  // namespace

std::string report_csv(const report::Report& report) {
    const bool data = report.has_data();
    std::string out;
    for (const auto& block : report.blocks)
        if (block.data() == data) out += block_csv(block);
    return out;
}

std::string report_json(const report::Report& report) {
    if (report.has_data()) {
        nlohmann::json doc = nlohmann::json::object();
        for (const auto& block : report.blocks)
            if (block.use == report::Use::data) place_data(doc, block);
        return doc.dump(2) + "\n";
    }
    nlohmann::json doc{{"title", report.title}, {"blocks", nlohmann::json::array()}};
    for (const auto& block : report.blocks) doc["blocks"].push_back(listed_block_json(block));
    return doc.dump(2) + "\n";
}

}  // namespace attn::render
