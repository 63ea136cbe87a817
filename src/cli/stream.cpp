// attn stream: streaming (online-softmax) attention on a sentence, block by block.
#include <memory>

#include "cli/emit.hpp"
#include "cli/subcommands.hpp"
#include "cli/variant_options.hpp"
#include "course/data_layers.hpp"
#include "course/paths.hpp"
#include "course/reports.hpp"
#include "course/streaming_demo.hpp"

namespace attn::cli {

namespace {

struct StreamOptions {
    course::RunRequest request;
    std::string vocab = "apple";
    arma::uword block = 2;
    bool causal = false;
    int precision = 4;
    render::Format format = render::Format::text;
};

void add_stream_options(CLI::App* sub, StreamOptions& o) {
    auto& r = o.request;
    sub->add_option("-s,--sentence", r.sentence, "Sentence to attend over, e.g. \"I ate the apple\"")
        ->required();
    sub->add_option("--vocab", o.vocab, "Vocabulary: a TOML file, or a name in the data folder")
        ->capture_default_str();
    sub->add_option("--weights", r.weights, "W_Q/W_K/W_V: auto, preset, random, or a TOML file")
        ->capture_default_str();
    sub->add_option("--d-k", r.d_k, "Query/key size for random weights (default d_model)");
    sub->add_option("--seed", r.seed, "Seed for random weights (giving one picks random weights)");
    sub->add_option("--block", o.block, "Keys per block")
        ->capture_default_str()
        ->check(CLI::Range(arma::uword(1), arma::uword(4096)));
    sub->add_flag("--causal", o.causal, "Each token attends only to itself and earlier tokens");
    add_variant_options(sub,
                        r);  // the flags attn run takes; those the online softmax cannot apply are refused
    sub->add_option("--precision", o.precision, "Decimals in text output")
        ->capture_default_str()
        ->check(CLI::Range(0, 17));
    add_format_option(sub, o.format, {render::Format::csv});
}

void run_stream_command(StreamOptions o, Context& ctx, const CLI::App& sub) {
    check_variant_flags(o.request, sub);
    o.request.data = ctx.data_layers();
    o.request.vocab_path = course::resolve_vocab(o.vocab, o.request.data);
    const course::StreamingDemo demo = course::run_streaming_demo(o.request, o.block, o.causal);
    const std::string data_dir = o.request.data.layers.back().path;
    emit(ctx, o.format, o.precision, [&] { return course::streaming_report(demo, data_dir); });
}

}  // namespace

void setup_stream(CLI::App& app, Context& ctx) {
    auto opts = std::make_shared<StreamOptions>();
    CLI::App* sub = app.add_subcommand(
        "stream", "Streaming (online-softmax) attention block by block: running max, sum, output");
    sub->footer(
        "Examples:\n"
        "  attn stream -s \"I ate the apple\"               blocks of 2 keys\n"
        "  attn stream -s \"I love my apple phone\" --block 3 --causal\n"
        "  attn stream -s \"I ate the apple\" --rope --d-k 4   the rotated queries and keys, streamed\n"
        "  attn stream -s \"I ate the apple\" --format json");
    add_stream_options(sub, *opts);
    sub->callback([opts, &ctx, sub]() { run_stream_command(*opts, ctx, *sub); });
}

}  // namespace attn::cli
