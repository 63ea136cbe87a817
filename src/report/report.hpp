// A report: everything one command shows, computed, as an ordered list of named blocks. course builds it;
// render has one writer per format (text, CSV, JSON, Markdown, SVG, HTML) that turns it into output and
// computes nothing, so every number, label and explanation is already in the blocks.
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
// (made safe there), and --show selects by them.
//
// Data blocks (report.data(...)) are for the machine formats only: a command whose JSON layout is
// documented (docs/json.md, docs/commands.md) adds one per part of it, named by its JSON path:
//   report.data("", Facts{"", {{"d_k", 4}, {"tokens", words(tokens)}}});  // {"d_k": 4, "tokens": [...]}
//   report.data("stages.weights", view);          // {"stages": {"weights": [[...], ...]}}
//   report.data("steps.3", Facts{"", {{"t", 3}}});  // {"steps": [..., {"t": 3}]}: a number is an index
// A report with data blocks is written to JSON as one document of them, each at its path, and to CSV as
// their matrices ("# stage: TITLE", or the path without a title), tables and notes (comment lines); text,
// Markdown, SVG and HTML never show them. A report without any is written to JSON as the list of its blocks,
// and to CSV as its matrices, tables and charts. The cli then makes one call:
//   emit(ctx, format, precision, [&] { return report; })  (cli/emit.hpp)
#pragma once
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "report/blocks.hpp"
#include "report/value.hpp"

namespace attn::report {

struct Heading {
    std::string text;
    int level = 1;  // 1 = the report's sections, 2 = a subsection
};

// Key–value lines: "inputs: toy vocabulary data/apple/vocab.toml". In a data block, each item is one
// key of the JSON object at the block's path, its value typed.
struct Facts {
    std::string title;
    std::vector<std::pair<std::string, Value>> items;
};

using ReportBlock = std::variant<Heading, Note, LabelledMatrix, Chart, Table, Facts>;

// Who reads a block: the learner (text, Markdown, SVG, HTML; and JSON and CSV of a report without data
// blocks), programs (JSON and CSV), or CSV alone (a layout that JSON holds elsewhere, or a comment line).
enum class Use { view, data, csv };

struct NamedBlock {
    std::string name;  // machine name, unique within the report; a data block's JSON path
    ReportBlock block;
    Use use = Use::view;
    bool data() const { return use != Use::view; }
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
    // Data blocks, named by their JSON path ("" is the document itself).
    void data(const std::string& path, Facts values);
    void data(const std::string& path, LabelledMatrix matrix);
    void data(const std::string& path, const arma::mat& values);  // unlabelled
    void data(const std::string& path, Table table);
    // CSV alone: a matrix or table that JSON holds in another form, and comment lines ("# sentence 1: ...").
    void csv(const std::string& name, LabelledMatrix matrix);
    void csv(const std::string& name, Table table);  // without a title: its header and rows alone
    void csv(const std::string& name, Note comment);
    // Whether any block is a data block: then JSON and CSV are written from those alone.
    bool has_data() const;
};

}  // namespace attn::report
