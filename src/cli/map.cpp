// attn map: where the projections put each word, as a scatter plot of its vectors on two principal axes.
#include <memory>

#include "cli/emit.hpp"
#include "cli/request_options.hpp"
#include "cli/subcommands.hpp"
#include "course/data_layers.hpp"
#include "course/word_map.hpp"
#include "inputs/input_error.hpp"

namespace attn::cli {

namespace {

struct MapOptions {
    course::MapRequest request;
    WordInputs words;
    int precision = 3;
    render::Format format = render::Format::text;
};

void run_map(MapOptions o, Context& ctx) {
    resolve_word_inputs(o.words, o.request.run, ctx.data_layers(), "the words to map");
    emit(ctx, o.format, o.precision,
         [&] { return course::map_report(o.request, o.request.run.data.layers.back().path); });
}

void add_options(CLI::App* sub, MapOptions& o) {
    add_word_inputs(sub, o.words, o.request.run, "Map", "W_Q/W_K/W_V: auto, preset, random, or a TOML file");
    sub->add_option("--show", o.request.show,
                    "Kinds to draw, comma-separated, all of one width: x (embeddings), q, k, v")
        ->delimiter(',')
        ->check(CLI::IsMember(course::map_kinds()))
        ->capture_default_str();
    sub->add_option("--precision", o.precision, "Decimals in text output")
        ->capture_default_str()
        ->check(CLI::Range(0, 17));
    add_format_option(sub, o.format);
}

}  // namespace

void setup_map(CLI::App& app, Context& ctx) {
    auto opts = std::make_shared<MapOptions>();
    CLI::App* sub = app.add_subcommand("map",
                                       "The words' embeddings, queries, keys or values on a flat map (PCA): "
                                       "where the projections move them");
    sub->footer(
        "Examples:\n"
        "  attn map -s \"I ate the apple phone\"               queries and keys, each query joined to its "
        "key\n"
        "  attn map -s \"I ate the apple phone\" --show x      the embeddings themselves\n"
        "  attn map -s \"I ate the apple\" --format svg > map.svg\n"
        "  attn map --words apple,banana,phone,laptop --show k --format html > map.html");
    add_options(sub, *opts);
    sub->callback([opts, &ctx]() { run_map(*opts, ctx); });
}

}  // namespace attn::cli
