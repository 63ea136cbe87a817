// A report: everything one command shows, computed, as an ordered list of named blocks. render has one
// writer per format (text, CSV, JSON, Markdown, SVG, HTML) that turns a report into output; it computes
// nothing, so every number, label and explanation is already in the blocks.
//
// How a use case builds one (the seam for new subcommands):
//   Report report{"attn run", data_dir};          // title; paths under data_dir are shown relative to it
//   report.heading("I ate the apple");
//   report.paragraph("Each row of the weights sums to 1.");      // Markdown prose
//   report.matrix("weights", view);               // a LabelledMatrix; view.shading says weights/signed
//   report.chart("loss", chart);                  // series on (log) axes
//   report.table("results", table);               // rows of numbers or text
//   report.facts("settings", {{"d_k", "4"}});     // key–value lines
// Block names are machine names ("weights", "heads.1.scores"): `attn export` makes file names of them
// (made safe there), and --show selects by them. The cli then makes one call:
//   emit(ctx, format, report, style)  (cli/emit.hpp)
#pragma once
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "report/blocks.hpp"

namespace attn::report {

struct Heading {
    std::string text;
    int level = 1;  // 1 = the report's sections, 2 = a subsection
};

// Key–value lines: "inputs: toy vocabulary data/apple/vocab.toml".
struct Facts {
    std::string title;
    std::vector<std::pair<std::string, std::string>> items;
};

using ReportBlock = std::variant<Heading, Note, LabelledMatrix, Chart, Table, Facts>;

struct NamedBlock {
    std::string name;  // machine name, unique within the report
    ReportBlock block;
};

// A number quoted in prose, as the text writer prints numbers: `decimals` places, "-inf", never "-0.000".
std::string decimal(double value, int decimals);

struct Report {
    std::string title;     // "attn run -s \"I ate the apple\""
    std::string data_dir;  // text writers show paths below it relative to it; may be empty
    std::vector<NamedBlock> blocks;

    void heading(const std::string& text, int level = 1);
    void paragraph(const std::string& markdown);
    void matrix(const std::string& name, LabelledMatrix view);
    void chart(const std::string& name, Chart chart);
    void table(const std::string& name, Table table);
    void facts(const std::string& name, Facts facts);
};

}  // namespace attn::report
