#include "render/report_texts.hpp"

#include <algorithm>

#include "render/visit.hpp"
#include "text/utf8.hpp"

namespace attn::render {

namespace {

// A C0 control other than tab and newline, DEL, or a C1 control (U+0080 to U+009F).
bool holds_control(const std::string& text) {
    for (size_t i = 0; i < text.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) return true;
        if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) < 0xA0) return true;
    }
    return false;
}

void each(std::vector<std::string>& texts, const std::function<void(std::string&)>& change) {
    std::for_each(texts.begin(), texts.end(), change);
}

void chart_texts(report::Chart& c, const std::function<void(std::string&)>& change) {
    change(c.title), change(c.x_label), change(c.y_label), change(c.link_label);
    for (auto& series : c.series) change(series.first);
    for (auto& labels : c.point_labels) each(labels, change);
    each(c.categories, change);
}

void table_texts(report::Table& t, const std::function<void(std::string&)>& change) {
    change(t.title), each(t.header, change);
    for (auto& row : t.rows)
        for (auto& cell : row)
            if (auto* text = std::get_if<std::string>(&cell)) change(*text);
}

// Every string in a value, in lists at any depth too ("tokens": ["I", "ate"]).
void value_texts(report::Value& value, const std::function<void(std::string&)>& change) {
    if (auto* text = std::get_if<std::string>(&value.data)) change(*text);
    if (auto* list = std::get_if<report::Value::List>(&value.data))
        for (report::Value& item : *list) value_texts(item, change);
}

}  // namespace

void for_each_text(report::Report& report, const std::function<void(std::string&)>& change) {
    change(report.title);
    // std::visit: a new block type fails to compile here until its texts are listed, so that no text
    // of a course reaches a terminal unchecked.
    for (auto& named : report.blocks)
        std::visit(
            Visit{[&](report::Heading& h) { change(h.text); }, [&](report::Note& n) { change(n.markdown); },
                  [&](report::LabelledMatrix& m) {
                      change(m.title), change(m.legend), each(m.row_labels, change),
                          each(m.col_labels, change);
                  },
                  [&](report::Chart& c) { chart_texts(c, change); },
                  [&](report::Table& t) { table_texts(t, change); },
                  [&](report::Facts& f) {
                      change(f.title);
                      for (auto& [key, value] : f.items) change(key), value_texts(value, change);
                  }},
            named.block);
}

report::Report visible_report(report::Report report) {
    for_each_text(report, [](std::string& text) {
        if (holds_control(text)) text = attn::text::visible_controls(text);
    });
    return report;
}

}  // namespace attn::render
