// The one output call of every subcommand. A subcommand computes its report in course, then calls emit
// once: the report goes to the writer of --format (render), or to `attn export`, which captures it.
// A command whose JSON or CSV layout is documented (docs/json.md, docs/commands.md) puts it in its report
// as data blocks, which only the JSON and CSV writers read (report/report.hpp).
#pragma once
#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

#include "cli/context.hpp"
#include "render/report_writers.hpp"
#include "report/report.hpp"

namespace attn::cli {

// --format, parsed once into render::Format; its names, help and choices come from render's formats
// table. A subcommand may refuse some (softmax and train have no documented CSV).
// Reads one format name (any case) among `taken` into the number CLI11 reads into render::Format; an
// unknown name is one line naming the formats taken.
CLI::Validator format_reader(const std::vector<render::Format>& taken);

CLI::Option* add_format_option(CLI::App* sub, render::Format& format,
                               const std::vector<render::Format>& refused = {});

// Writes the report in `format` into ctx.out (or hands it to `attn export`). `report` is only called
// when the report is needed. `precision` is the decimals of text and pictures.
void emit(Context& ctx, render::Format format, int precision, const std::function<report::Report()>& report);

}  // namespace attn::cli
