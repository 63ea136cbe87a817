// The one output call of every subcommand. A subcommand computes its report in course, then calls emit
// once: the report goes to the writer of --format (render), or to `attn export`, which captures it.
// Outputs documented before reports existed (the JSON and CSV layouts in README.md) are passed as
// `documented` writers and win for their format, byte for byte. Text is always the report's.
#pragma once
#include <CLI/CLI.hpp>
#include <functional>
#include <string>

#include "cli/context.hpp"
#include "course/report.hpp"
#include "render/report_writers.hpp"

namespace attn::cli {

// The subcommand's own writers for formats whose layout is documented; empty = use the report's writer.
struct Documented {
    std::function<std::string()> csv, json;
};

// --format, parsed once into render::Format: text, csv, json, md, svg or html. Without `csv` the
// subcommand refuses csv, as it always has (softmax and train have no documented CSV).
CLI::Option* add_format_option(CLI::App* sub, render::Format& format, bool csv = true);

// Writes the report in `format` into ctx.out (or hands it to `attn export`). `report` is only called
// when the report is needed. `precision` is the decimals of text and pictures.
void emit(Context& ctx, render::Format format, int precision, const std::function<course::Report()>& report,
          const Documented& documented = {});

}  // namespace attn::cli
