// One writer per output format, each turning a course::Report into a string. Writers compute nothing:
// every number and label comes from the report; the style says how wide, how coloured, how many decimals.
#pragma once
#include <map>
#include <string>

#include "course/report.hpp"
#include "render/style.hpp"

namespace attn::render {

enum class Format { text, csv, json, md, svg, html };

// "text", "csv", "json", "md", "svg", "html": the names --format takes ("txt" also means text), and
// file extensions ("txt" for text).
const std::map<std::string, Format>& format_names();
const char* format_name(Format format);
const char* format_extension(Format format);

// Dispatches to the writer of `format`.
std::string write_report(const course::Report& report, Format format, const Style& style);

// `text` with every path inside `data_dir` shown relative to it ("apple/vocab.toml"); unchanged when
// data_dir is empty. The text, Markdown and HTML writers show facts and prose this way.
std::string relative_to_data(const std::string& text, const std::string& data_dir);

// Text for a terminal: every line at most style.width columns (wrapped at spaces, never inside a number
// or word unless it alone is wider), pure ASCII without style.unicode, data paths relative to the data
// folder.
std::string report_text(const course::Report& report, const Style& style);
// Every matrix and table as a CSV block ("# stage: NAME" ...), charts as one block per series.
std::string report_csv(const course::Report& report);
// {"title": ..., "blocks": [{"name", "kind", ...}]}: numbers exact, masked cells null.
std::string report_json(const course::Report& report);
// GitHub-flavoured Markdown: headings, prose, matrices and tables as pipe tables, facts as a list.
std::string report_markdown(const course::Report& report, const Style& style);
// One standalone SVG document: the report's heatmaps and charts stacked top to bottom.
std::string report_svg(const course::Report& report, const Style& style);
// One self-contained HTML page (no script, no external resource; light and dark schemes).
std::string report_html(const course::Report& report, const Style& style);

}  // namespace attn::render
