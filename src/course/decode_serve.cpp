// attn decode served four ways: a paged KV cache shared by sequences, chunked prefill, flash-decoding's
// split-K and draft verification. Each is run on the same inputs and checked against the causal run.
#include <fmt/format.h>

#include <numeric>

#include "course/decode.hpp"
#include "inputs/input_error.hpp"

namespace attn::course {

namespace {

// attn run --mask causal with the decode's variant (its window included) on X (n, d_model): (n, d_out).
arma::mat causal_output(const arma::mat& x, const math::ProjectionWeights& w, arma::uword heads,
                        const math::Variant& variant, arma::uword kv_heads) {
    math::Variant grouped = variant;
    grouped.kv_heads = kv_heads;
    grouped.causal = true;
    const math::AttentionTrace causal =
        math::self_attention(x, w, heads, math::causal_keep(x.n_rows, x.n_rows), grouped);
    return causal.output;
}

double max_difference(const arma::mat& a, const arma::mat& b) {
    const arma::mat difference = arma::abs(a - b);  // (n, d_out)
    return difference.max();
}

// Each sentence of --sequences loaded as run_decode loads one, with its causal run.
std::vector<arma::mat> load_sequences(DecodeReport& r, const RunRequest& request,
                                      const math::Variant& variant, arma::uword kv_heads) {
    std::vector<arma::mat> xs;
    for (const std::string& sentence : r.serve.sequences) {
        RunRequest one = request;
        one.sentence = sentence;
        const SelfAttentionInputs in = load_self_attention_inputs(one);
        xs.push_back(in.x);
        r.sequences.push_back(
            {in.labels, causal_output(in.x, in.weights, request.heads, variant, kv_heads), 0});
    }
    return xs;
}

void require_pool(const std::vector<arma::mat>& xs, arma::uword block_size, arma::uword pool_blocks) {
    std::vector<std::string> each;
    arma::uword needed = 0;
    for (const arma::mat& x : xs) {
        each.push_back(std::to_string(math::blocks_for(x.n_rows, block_size)));
        needed += math::blocks_for(x.n_rows, block_size);
    }
    if (pool_blocks < needed)
        throw InputError(fmt::format(
            "--pool-blocks {} is too small: {} token{} in blocks of {} rows need {} blocks ({}); give "
            "--pool-blocks {} or more, or leave it out",
            pool_blocks, xs.size() > 1 ? "the sequences'" : "the", xs.size() > 1 ? "s" : "s", block_size,
            needed, fmt::join(each, " + "), needed));
}

void run_paged(DecodeReport& r, const SelfAttentionInputs& in, const RunRequest& request,
               const math::Variant& variant, arma::uword kv_heads) {
    const ServeOptions& o = r.serve;
    std::vector<arma::mat> xs;
    if (o.sequences.empty()) {
        xs.push_back(in.x);
        r.sequences.push_back({r.tokens, r.causal_output, 0});
    } else {
        xs = load_sequences(r, request, variant, kv_heads);
    }
    arma::uword needed = 0;
    for (const arma::mat& x : xs) needed += math::blocks_for(x.n_rows, *o.block_size);
    const arma::uword pool = o.pool_blocks.value_or(needed);
    require_pool(xs, *o.block_size, pool);
    r.paged = math::paged_decode(xs, in.weights, request.heads, kv_heads, *o.block_size, pool,
                                 o.chunk.value_or(1), variant.window, variant);
    for (size_t k = 0; o.splits && k < r.paged->steps.size(); ++k) {
        const math::PagedStep& s = r.paged->steps[k];
        r.paged_splits.push_back(math::split_rows(s.attention, xs[s.sequence].row(s.first), in.weights,
                                                  *o.splits, variant.window, variant));
        r.split_max_abs_difference = std::max(
            r.split_max_abs_difference, max_difference(r.paged_splits.back().output, s.attention.output));
    }
    for (size_t i = 0; i < xs.size(); ++i) {
        r.sequences[i].max_abs_difference = max_difference(r.paged->outputs[i], r.sequences[i].causal_output);
        r.paged_max_abs_difference = std::max(r.paged_max_abs_difference, r.sequences[i].max_abs_difference);
    }
}

void run_splits(DecodeReport& r, const SelfAttentionInputs& in, const math::Variant& variant) {
    for (arma::uword t = 0; t < r.trace.steps.size(); ++t) {
        r.splits.push_back(math::split_step(r.trace.steps[t], in.x.row(t), in.weights, *r.serve.splits,
                                            variant.window, variant));
        r.split_max_abs_difference = std::max(
            r.split_max_abs_difference, max_difference(r.splits.back().output, r.trace.steps[t].output));
    }
}

}  // namespace

void serve_decode(DecodeReport& r, const SelfAttentionInputs& in, const RunRequest& request,
                  const math::Variant& variant, arma::uword kv_heads) {
    const ServeOptions& o = r.serve;
    if (o.block_size) {
        run_paged(r, in, request, variant, kv_heads);
    } else if (o.chunk) {
        r.prefill = math::chunked_prefill(in.x, in.weights, request.heads, kv_heads, *o.chunk, variant.window,
                                          variant);
        r.chunk_max_abs_difference = max_difference(r.prefill->output, r.causal_output);
    }
    if (o.splits) run_splits(r, in, variant);
    if (o.verify) {
        r.verify =
            math::verify_draft(in.x, in.weights, request.heads, kv_heads, *o.verify, variant.window, variant);
        r.verify_causal_max_abs_difference =
            max_difference(r.verify->verify_output, r.causal_output.rows(r.verify->prefix, in.x.n_rows - 1));
    }
}

namespace {
constexpr arma::uword kMaxBlockSize = 4096;
constexpr arma::uword kMaxPoolRows = 1 << 20;  // 8 MiB a column of doubles
}  // namespace

void check_serve_options(const ServeOptions& o, const RunRequest& request) {
    const auto refuse = [](const std::string& why) { throw InputError(why); };
    for (const auto& [flag, value] :
         {std::pair{"--block-size", o.block_size}, std::pair{"--pool-blocks", o.pool_blocks},
          std::pair{"--chunk", o.chunk}, std::pair{"--splits", o.splits}, std::pair{"--verify", o.verify}})
        if (value && *value == 0) refuse(fmt::format("{} must be at least 1, got 0", flag));
    // A block bigger than any sentence only wastes its slots; this bound keeps a mistyped size from
    // reserving gigabytes (vLLM's blocks hold 16 to 256 tokens).
    if (o.block_size && *o.block_size > kMaxBlockSize)
        refuse(
            fmt::format("--block-size {} is more rows than a block needs: give 1..{} (servers use 16 to 256)",
                        *o.block_size, kMaxBlockSize));
    if (o.block_size && o.pool_blocks && *o.pool_blocks > kMaxPoolRows / *o.block_size)
        refuse(fmt::format(
            "--pool-blocks {} of {} rows is more than the {} rows a toy pool may hold: give fewer "
            "blocks, or leave --pool-blocks out for just enough",
            *o.pool_blocks, *o.block_size, kMaxPoolRows));
    if (o.pool_blocks && !o.block_size)
        refuse("--pool-blocks sizes the paged cache: give --block-size B too");
    if (!o.sequences.empty() && !o.block_size)
        refuse("--sequences share one paged pool, round-robin: give --block-size B too");
    if (o.sequences.size() == 1) refuse("--sequences takes two or more sentences; for one, use -s");
    if (!o.sequences.empty() && request.x_csv)
        refuse("--sequences are sentences of the vocabulary: give them without --x");
    if (o.splits && o.chunk)
        refuse(
            "--splits cuts the keys of one decode step's single query; a --chunk has C queries to spread "
            "already: use one or the other");
    if (o.verify && (o.chunk || o.block_size || o.splits))
        refuse(
            "--verify decodes the prefix step by step and checks the draft in one chunk of its own: give it "
            "without --chunk, --block-size and --splits");
    if (request.mla && (o.block_size || o.chunk || o.splits || o.verify))
        refuse(
            "--mla decodes its own cache of latents; --block-size, --chunk, --splits and --verify serve the "
            "per-head cache of attn decode without --mla");
}

}  // namespace attn::course
