// One writer per output format, each turning a report::Report into a string. Writers compute nothing:
// every number and label comes from the report; the style says how wide, how coloured, how many decimals.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "render/style.hpp"
#include "report/report.hpp"

namespace attn::render {

// The output formats, as ggml keeps its ops: one enum, one traits table (in enum order, checked by a
// static_assert in report_writers.cpp), and everything else — --format's names and help, export's
// file extensions, the dispatch to a writer — read from the table. A new format is a value here, a row
// there and its writer's file.
enum class Format { text, csv, json, md, svg, html, count };

struct FormatTraits {
    Format format;
    const char* name;       // what --format takes: "md"
    const char* extension;  // attn export's file names: "txt" for text
    const char* help;       // --format's description of it: "md (Markdown)"
    bool escapes_controls;  // the writer escapes control characters itself (JSON's \u001b); the others
                            // get the report with them made visible (^[)
    bool for_machines;      // JSON and CSV: written from the report's data blocks when it has any; the
                            // other formats never see data blocks
    std::string (*write)(const report::Report& report, const Style& style);
};

const FormatTraits& traits(Format format);

// The names --format takes ("txt" is also text), lower case.
const std::map<std::string, Format>& format_names();
const char* format_name(Format format);
const char* format_extension(Format format);
// "text, csv, json, md (Markdown), svg (...) or html (...)": the formats a command takes, for its help.
std::string format_help(const std::vector<Format>& taken);
// "{text,csv,json,md,svg,html}": the same, as the help's type column lists choices.
std::string format_choices(const std::vector<Format>& taken);
// Every format but those in `refused`.
std::vector<Format> formats_except(const std::vector<Format>& refused);

// The report less its data blocks: what text, Markdown, SVG and HTML show.
report::Report without_data(report::Report report);

// Dispatches to the writer of `format`.
std::string write_report(const report::Report& report, Format format, const Style& style);

// `text` with every path inside `data_dir` shown relative to it ("apple/vocab.toml"); unchanged when
// data_dir is empty. The text, Markdown and HTML writers show facts and prose this way.
std::string relative_to_data(const std::string& text, const std::string& data_dir);

// Text for a terminal: every line at most style.width columns (wrapped at spaces, never inside a number
// or word unless it alone is wider), pure ASCII without style.unicode, data paths relative to the data
// folder.
std::string report_text(const report::Report& report, const Style& style);
// Every matrix and table as a CSV block ("# stage: NAME" ...), charts as one block per series.
std::string report_csv(const report::Report& report);
// {"title": ..., "blocks": [{"name", "kind", ...}]}: numbers exact, masked cells null.
std::string report_json(const report::Report& report);
// GitHub-flavoured Markdown: headings, prose, matrices and tables as pipe tables, facts as a list.
std::string report_markdown(const report::Report& report, const Style& style);
// One standalone SVG document: the report's heatmaps and charts stacked top to bottom.
std::string report_svg(const report::Report& report, const Style& style);
// One self-contained HTML page (no script, no external resource; light and dark schemes).
std::string report_html(const report::Report& report, const Style& style);

}  // namespace attn::render
