// The machine-readable writers of a report: CSV blocks and one JSON document.
#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <variant>

#include "render/export.hpp"
#include "render/report_writers.hpp"

namespace attn::render {
namespace {

std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\n") == std::string::npos) return text;
    std::string out = "\"";
    for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string table_csv(const std::string& name, const report::Table& t) {
    std::string out = "# table: " + name + "\n";
    for (size_t c = 0; c < t.header.size(); ++c) out += (c ? "," : "") + csv_field(t.header[c]);
    out += "\n";
    for (const auto& row : t.rows) {
        for (size_t c = 0; c < row.size(); ++c) {
            const auto& cell = row[c];
            out += (c ? "," : "") + (std::holds_alternative<double>(cell)
                                         ? exact_number(std::get<double>(cell))
                                         : csv_field(std::get<std::string>(cell)));
        }
        out += "\n";
    }
    return out + "\n";
}

std::string chart_csv(const std::string& name, const report::Chart& c) {
    std::string out =
        "# chart: " + name + "\nseries," + csv_field(c.x_label) + "," + csv_field(c.y_label) + "\n";
    for (const auto& [series, points] : c.series)
        for (const auto& [x, y] : points)
            out += csv_field(series) + "," + exact_number(x) + "," + exact_number(y) + "\n";
    return out + "\n";
}

nlohmann::json cells_json(const report::Table& t) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& row : t.rows) {
        nlohmann::json r = nlohmann::json::array();
        for (const auto& cell : row) {
            if (const double* v = std::get_if<double>(&cell))
                r.push_back(std::isfinite(*v) ? nlohmann::json(*v) : nlohmann::json());
            else
                r.push_back(std::get<std::string>(cell));
        }
        rows.push_back(std::move(r));
    }
    return rows;
}

const char* shading_name(report::Shading s) {
    return s == report::Shading::unit ? "weights" : s == report::Shading::diverging ? "signed" : "plain";
}

nlohmann::json block_json(const report::NamedBlock& block) {
    nlohmann::json j{{"name", block.name}};
    const auto& b = block.block;
    if (const auto* h = std::get_if<report::Heading>(&b)) {
        j["kind"] = "heading", j["text"] = h->text, j["level"] = h->level;
    } else if (const auto* n = std::get_if<report::Note>(&b)) {
        j["kind"] = "paragraph", j["markdown"] = n->markdown;
    } else if (const auto* m = std::get_if<report::LabelledMatrix>(&b)) {
        j["kind"] = "matrix", j["title"] = m->title, j["legend"] = m->legend,
        j["shading"] = shading_name(m->shading);
        j["rows"] = m->row_labels, j["columns"] = m->col_labels, j["values"] = matrix_json(m->values);
        if (!m->keep.is_empty()) j["keep"] = matrix_json(m->keep);
    } else if (const auto* c = std::get_if<report::Chart>(&b)) {
        j["kind"] = "chart", j["title"] = c->title, j["x_label"] = c->x_label, j["y_label"] = c->y_label;
        j["log_x"] = c->log_x, j["log_y"] = c->log_y, j["series"] = nlohmann::json::array();
        for (size_t i = 0; i < c->series.size(); ++i) {
            nlohmann::json series{{"name", c->series[i].first}, {"points", c->series[i].second}};
            if (c->scatter && i < c->point_labels.size()) series["labels"] = c->point_labels[i];
            j["series"].push_back(series);
        }
        if (c->scatter) {  // attn map: the points stand alone, and links join two of them
            j["scatter"] = true, j["link_label"] = c->link_label, j["links"] = nlohmann::json::array();
            for (const auto& [from, to] : c->links) j["links"].push_back({from, to});
        }
    } else if (const auto* t = std::get_if<report::Table>(&b)) {
        j["kind"] = "table", j["title"] = t->title, j["header"] = t->header, j["rows"] = cells_json(*t);
    } else {
        const auto& f = std::get<report::Facts>(b);
        j["kind"] = "facts", j["title"] = f.title, j["items"] = nlohmann::json::object();
        for (const auto& [key, value] : f.items) j["items"][key] = value;
    }
    return j;
}

}  // namespace

std::string report_csv(const report::Report& report) {
    std::string out;
    for (const auto& block : report.blocks) {
        if (const auto* m = std::get_if<report::LabelledMatrix>(&block.block))
            out += csv_block(block.name, *m);
        else if (const auto* t = std::get_if<report::Table>(&block.block))
            out += table_csv(block.name, *t);
        else if (const auto* c = std::get_if<report::Chart>(&block.block))
            out += chart_csv(block.name, *c);
    }
    return out;
}

std::string report_json(const report::Report& report) {
    nlohmann::json doc{{"title", report.title}, {"blocks", nlohmann::json::array()}};
    for (const auto& block : report.blocks) doc["blocks"].push_back(block_json(block));
    return doc.dump(2) + "\n";
}

}  // namespace attn::render
