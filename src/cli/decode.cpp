// attn decode: generate one token at a time with a KV cache and check it against causal attention.
#include "course/decode.hpp"

#include <memory>

#include "cli/emit.hpp"
#include "cli/request_options.hpp"
#include "cli/subcommands.hpp"
#include "cli/variant_options.hpp"
#include "course/data_layers.hpp"
#include "course/mla.hpp"
#include "course/paths.hpp"
#include "course/reports.hpp"
#include "inputs/input_error.hpp"
#include "inputs/vocabulary.hpp"

namespace attn::cli {

namespace {

struct DecodeOptions {
    course::RunRequest request;
    std::string vocab = "apple";
    course::DecodeView view;     // --show and --step: what the text report prints
    course::ServeOptions serve;  // --block-size, --pool-blocks, --sequences, --chunk, --splits, --verify
    int precision = 4;
    render::Format format = render::Format::text;
};

// The ways a server runs the same decoding; each is checked against the causal run.
void add_serve_options(CLI::App* sub, course::ServeOptions& o) {
    sub->add_option("--block-size", o.block_size,
                    "Paged KV cache (vLLM's PagedAttention): keys and values in a pool of blocks of B rows, "
                    "read through each sequence's block table");
    sub->add_option("--pool-blocks", o.pool_blocks,
                    "With --block-size: blocks in the pool; default just enough for every sequence, and "
                    "fewer are refused");
    sub->add_option("--sequences", o.sequences,
                    "With --block-size: two or more sentences decoded round-robin in one shared pool")
        ->expected(1, -1);
    sub->add_option("--chunk", o.chunk,
                    "Chunked prefill: C queries at a time, each chunk over the cache plus itself (causal "
                    "within the chunk); with --block-size, C tokens per server step");
    sub->add_option("--splits", o.splits,
                    "Flash-decoding (split-K): each step's keys in S parts, each with its max, sum and "
                    "partial output, merged by the online-softmax rescale");
    sub->add_option("--verify", o.verify,
                    "Speculative decoding: decode all but the last K tokens, then check those K drafted "
                    "tokens in one pass, against K single steps");
}

void add_decode_options(CLI::App* sub, DecodeOptions& o) {
    add_self_attention_inputs(sub, o.request, o.vocab);
    add_head_options(sub, o.request);
    add_variant_options(sub, o.request);
    add_serve_options(sub, o.serve);
    sub->add_option("--show", o.view.show,
                    "Blocks to print, comma-separated: new (q, k, v), k_cache, v_cache, weights (scores and "
                    "weights), output, splits, pool, chunks, verify, check, work (table and cache size); "
                    "default all (with a serving option: its blocks and the check). Text only")
        ->delimiter(',');
    sub->add_option("--step", o.view.steps,
                    "Steps to print, comma-separated, t from 0 as in the step headers; default every step. "
                    "Text only")
        ->delimiter(',');
    sub->add_option("--precision", o.precision, "Decimals in text output")
        ->capture_default_str()
        ->check(CLI::Range(0, 17));
    add_format_option(sub, o.format, {render::Format::csv});
}

void run_decode_command(DecodeOptions o, Context& ctx, const CLI::App& sub) {
    check_variant_flags(o.request, sub);
    course::check_decode_blocks(o.view.show);
    course::check_serve_options(o.serve, o.request);
    if (!o.serve.sequences.empty()) {  // the first sentence is also decoded the plain way, for the check
        if (o.request.sentence)
            throw course::InputError("--sequences gives the sentences: drop -s/--sentence");
        o.request.sentence = o.serve.sequences.front();
    }
    if (!o.request.x_csv) {
        o.request.data = ctx.data_layers();
        o.request.vocab_path = course::resolve_vocab(o.vocab, o.request.data);
        if (!o.request.sentence) {
            const course::Vocabulary vocab = course::load_vocabulary(o.request.vocab_path);
            if (vocab.example_sentences.empty())
                throw course::InputError(vocab.path +
                                         " has no example sentences; give one with --sentence \"...\"");
            o.request.sentence = vocab.example_sentences.front();
        }
    }
    const std::string data_dir = o.request.data.layers.empty() ? "" : o.request.data.layers.back().path;
    if (o.request.mla) {
        if (o.request.data.layers.empty()) o.request.data = ctx.data_layers();
        o.request.mla = course::resolve_mla(*o.request.mla, o.request.data);
        const course::MlaDecodeRun mla = course::run_mla_decode(o.request);
        for (const arma::uword t : o.view.steps)
            if (t >= mla.run.tokens.size())
                throw course::InputError("--step " + std::to_string(t) + ": there are " +
                                         std::to_string(mla.run.tokens.size()) +
                                         " tokens, so the steps are 0.." +
                                         std::to_string(mla.run.tokens.size() - 1) + " (t counts from 0)");
        return emit(ctx, o.format, o.precision,
                    [&] { return course::mla_decode_report(mla, data_dir, o.view.steps); });
    }
    const course::DecodeReport report = course::run_decode(o.request, o.serve);
    course::check_decode_steps(o.view.steps, report);
    // On screen, paths inside the shipped data folder are shown relative to it, as attn run shows them.
    emit(ctx, o.format, o.precision, [&] { return course::decode_report(report, data_dir, o.view); });
}

}  // namespace

void setup_decode(CLI::App& app, Context& ctx) {
    auto opts = std::make_shared<DecodeOptions>();
    CLI::App* sub = app.add_subcommand(
        "decode", "Generate one token at a time with a KV cache, checked against causal attention");
    sub->footer(
        "Examples:\n"
        "  attn decode -s \"I ate the apple\"              every block, every step\n"
        "  attn decode -s \"I ate the apple\" --show k_cache,weights   two blocks\n"
        "  attn decode -s \"I ate the apple\" --step 3 --show weights,check\n"
        "  attn decode --heads 4 --kv-heads 2 --d-k 2 --step 3 --show k_cache,work\n"
        "  attn decode -s \"I ate pie, you ate the apple\" --window 3 --sinks 1\n"
        "  attn decode --x X.csv --wq WQ.csv --wk WK.csv --wv WV.csv --format json\n"
        "  attn decode -s \"I ate the apple\" --mla data/mla/mla.toml   a cache of latents, absorbed\n"
        "  attn decode -s \"I ate the apple\" --block-size 2        a paged KV cache\n"
        "  attn decode --block-size 2 --sequences \"I ate\" \"you ate the apple\"   one pool\n"
        "  attn decode -s \"I ate pie, you ate the apple\" --chunk 3   chunked prefill\n"
        "  attn decode -s \"I ate the apple\" --splits 2 --step 3   flash-decoding's split-K\n"
        "  attn decode -s \"I ate pie, you ate the apple\" --verify 3   a draft in one pass");
    add_decode_options(sub, *opts);
    sub->callback([opts, &ctx, sub]() { run_decode_command(*opts, ctx, *sub); });
}

}  // namespace attn::cli
