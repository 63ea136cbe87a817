// attn decode: generate one token at a time with a KV cache and check it against causal attention.
#include <memory>

#include "cli/subcommands.hpp"
#include "course/data_layers.hpp"
#include "course/decode.hpp"
#include "inputs/input_error.hpp"
#include "course/paths.hpp"
#include "inputs/vocabulary.hpp"
#include "render/decode_text.hpp"
#include "render/markdown_text.hpp"

namespace attn::cli {

namespace {

struct DecodeOptions {
    course::RunRequest request;
    std::string vocab = "apple";
    int precision = 4;
    std::string format = "text";
};

void add_decode_options(CLI::App* sub, DecodeOptions& o) {
    auto& r = o.request;
    sub->add_option("-s,--sentence", r.sentence, "Sentence to generate token by token, e.g. \"I ate the apple\"");
    sub->add_option("--vocab", o.vocab, "Vocabulary: a TOML file, or a name in the data folder")->capture_default_str();
    sub->add_option("--weights", r.weights, "W_Q/W_K/W_V: auto (preset if the vocabulary has one), preset, random, or a TOML file")
        ->capture_default_str();
    sub->add_option("--d-k", r.d_k, "Query/key size per head for random weights (default d_model / heads)");
    sub->add_option("--seed", r.seed, "Seed for random weights (default 42; giving one picks random weights)");
    sub->add_option("--x", r.x_csv, "X as CSV: one row per token, one column per embedding dimension");
    sub->add_option("--wq", r.wq_csv, "W_Q as CSV (d_model rows, heads*d_k columns)");
    sub->add_option("--wk", r.wk_csv, "W_K as CSV (d_model rows, kv-heads*d_k columns)");
    sub->add_option("--wv", r.wv_csv, "W_V as CSV (d_model rows, kv-heads*d_v columns)");
    sub->add_option("--wo", r.wo_csv, "W_O as CSV (heads*d_v rows); default identity with several heads");
    sub->add_option("--labels", r.labels, "Names of the rows of --x, space- or comma-separated");
    sub->add_option("--heads", r.heads, "Number of query heads")->capture_default_str()
        ->check(CLI::Range(arma::uword(1), course::kMaxHeads));
    sub->add_option("--kv-heads", r.kv_heads, "Key/value heads shared by the query heads; must divide --heads; "
                                              "1 = multi-query (default: --heads)");
    sub->add_option("--precision", o.precision, "Decimals in text output")->capture_default_str()->check(CLI::Range(0, 17));
    sub->add_option("--format", o.format, "text or json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
}

void run_decode_command(DecodeOptions o, Context& ctx) {
    if (!o.request.x_csv) {
        o.request.data = course::find_data_layers(ctx.global.data_dir);
        o.request.vocab_path = course::resolve_vocab(o.vocab, o.request.data);
        if (!o.request.sentence) {
            const course::Vocabulary vocab = course::load_vocabulary(o.request.vocab_path);
            if (vocab.example_sentences.empty())
                throw course::InputError(vocab.path + " has no example sentences; give one with --sentence \"...\"");
            o.request.sentence = vocab.example_sentences.front();
        }
    }
    const course::DecodeReport report = course::run_decode(o.request);
    if (o.format == "json") {
        ctx.out = render::decode_json(report).dump(2) + "\n";
        return;
    }
    const render::Style style = ctx.style(o.precision);
    ctx.out = render::decode_text(report, style);
    if (!style.unicode) ctx.out = render::ascii_fold(ctx.out);
}

}  // namespace

void setup_decode(CLI::App& app, Context& ctx) {
    auto opts = std::make_shared<DecodeOptions>();
    CLI::App* sub = app.add_subcommand("decode", "Generate one token at a time with a KV cache, checked against causal attention");
    sub->footer("Examples:\n"
                "  attn decode -s \"I ate the apple\"              every step: new rows, cache, weights\n"
                "  attn decode -s \"I ate the apple\" --heads 4 --kv-heads 2 --d-k 2\n"
                "  attn decode --x X.csv --wq WQ.csv --wk WK.csv --wv WV.csv --format json");
    add_decode_options(sub, *opts);
    sub->callback([opts, &ctx]() { run_decode_command(*opts, ctx); });
}

}  // namespace attn::cli
