// attn transformer: one Transformer encoder block on a sentence or a CSV matrix, every stage shown.
#include "course/transformer.hpp"

#include <memory>

#include "cli/emit.hpp"
#include "cli/explain_option.hpp"
#include "cli/subcommands.hpp"
#include "course/data_blocks.hpp"
#include "course/data_layers.hpp"
#include "course/reports.hpp"
#include "course/transformer_stages.hpp"
#include "inputs/input_error.hpp"

namespace attn::cli {

namespace {

struct TransformerOptions {
    course::TransformerRequest request;
    std::string vocab = "apple";
    std::vector<std::string> show;
    int precision = 4;
    std::optional<std::string> explain;  // "ROW,COL": indices or token names
    std::optional<arma::uword> head;
    render::Format format = render::Format::text;
};

void add_input_options(CLI::App* sub, TransformerOptions& o) {
    auto& r = o.request;
    sub->add_option("-s,--sentence", r.sentence,
                    "Sentence to run the block on (default: the vocabulary's first example)");
    sub->add_option("--vocab", o.vocab, "Vocabulary: a TOML file, or a name in the data folder")
        ->capture_default_str();
    sub->add_option("--x", r.x_csv, "X as CSV instead of a sentence: one row per token, d_model columns");
    sub->add_option("--labels", r.labels, "Names of the CSV rows, space- or comma-separated");
    sub->add_option("--weights", r.weights,
                    "random, or a weights TOML (a file, or a name in the data folder such as "
                    "transformer/encoder.toml)")
        ->capture_default_str();
    sub->add_option("--seed", r.seed, "Seed for random weights (default 42)");
    sub->add_flag("--positional", r.positional, "Add sinusoidal positional encodings to X before the block");
    sub->add_option("--decoder", r.decoder,
                    "A target sentence: sketch the decoder's masked self-attention and its "
                    "cross-attention over the block's output");
    sub->add_option("--permute", r.permute,
                    "Also run the tokens reordered ('reverse' or indices like 3,1,0,2) and compare");
}

void add_block_options(CLI::App* sub, TransformerOptions& o) {
    auto& r = o.request;
    sub->add_option("--heads", r.heads, "Attention heads (default: the file's, else 2 when d_model is even)")
        ->check(CLI::Range(arma::uword(1), course::kMaxHeads));
    sub->add_option("--d-ff", r.d_ff,
                    "Feed-forward width for random weights (default 2*d_model; the paper uses 4*d_model)")
        ->check(CLI::Range(arma::uword(1), course::kMaxDff));
    sub->add_option("--activation", r.activation,
                    "Feed-forward non-linearity: relu (the paper) or gelu (BERT, GPT)")
        ->check(CLI::IsMember({"relu", "gelu"}));
    sub->add_option("--norm", r.norm,
                    "Layer norm placement: post (the 2017 paper, default) or pre (GPT-2 and later)")
        ->check(CLI::IsMember({"post", "pre"}));
    sub->add_option("--show", o.show,
                    "Stages, comma-separated: x,positions,input,norm1,q,k,v,scores,scaled,weights,concat,"
                    "attention,residual1,norm2,hidden,activated,ffn,residual2, output, or all")
        ->delimiter(',');
    sub->add_option("--precision", o.precision, "Decimals in text output")
        ->capture_default_str()
        ->check(CLI::Range(0, 17));
    sub->add_option("--explain", o.explain,
                    "Explain one attention weight, ROW,COL as token names or 0-based indices");
    sub->add_option("--head", o.head, "With --explain: which head (0-based); default every head");
    add_format_option(sub, o.format);
}

void run_transformer_command(TransformerOptions o, Context& ctx) {
    course::check_transformer_stage_names(o.show);
    if (o.head && !o.explain)
        throw course::InputError("--head picks the head for --explain; add --explain ROW,COL");
    const course::DataLayers data = ctx.data_layers();
    // A weights name like transformer/encoder.toml is looked up through the overlay.
    const course::DataLayer* layer = data.origin(o.request.weights);
    o.request.data_dir = layer ? layer->path : data.layers.back().path;
    if (!o.request.x_csv) o.request.vocab_path = course::resolve_vocab(o.vocab, data);
    // Text shows the block's main path by default; machine-readable output carries every stage.
    if (o.format != render::Format::text && o.show.empty()) o.show = {"all"};
    const course::TransformerRun run = course::run_transformer(o.request);
    // --explain is checked before any output, whatever the format.
    std::vector<course::HeadExplanation> explained;
    if (o.explain) explained = explain_heads(*o.explain, o.head, course::attention_experiment(run));
    const std::string data_dir = data.layers.back().path;
    emit(ctx, o.format, o.precision, [&] {
        report::Report report = course::transformer_report(run, o.show, data_dir, explained, o.precision);
        course::add_transformer_data(report, run, o.show);
        // The JSON explains the weight in every head, whatever --head shows.
        if (o.explain) {
            const course::Experiment attention = course::attention_experiment(run);
            course::add_explain_data(report, attention, explain_heads(*o.explain, std::nullopt, attention));
        }
        return report;
    });
}

}  // namespace

void setup_transformer(CLI::App& app, Context& ctx) {
    auto opts = std::make_shared<TransformerOptions>();
    CLI::App* sub = app.add_subcommand(
        "transformer", "Run one Transformer encoder block on a sentence, every intermediate shown");
    sub->footer(
        "Examples:\n"
        "  attn transformer                                  the block on \"I ate the apple\"\n"
        "  attn transformer -s \"I ate the apple\" --permute reverse            order is invisible...\n"
        "  attn transformer -s \"I ate the apple\" --permute reverse --positional  ...until positions are "
        "added\n"
        "  attn transformer --positional --show positions\n"
        "  attn transformer --weights transformer/encoder.toml --positional --format json\n"
        "  attn transformer --norm pre --activation gelu --show all\n"
        "  attn transformer -s \"I ate the apple\" --decoder \"she ate a banana\" --show output\n"
        "  attn transformer --x X.csv --heads 1 --d-ff 8 --format csv");
    add_input_options(sub, *opts);
    add_block_options(sub, *opts);
    sub->callback([opts, &ctx]() { run_transformer_command(*opts, ctx); });
}

}  // namespace attn::cli
