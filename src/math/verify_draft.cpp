#include "math/verify_draft.hpp"

#include <string>

#include "math/shapes.hpp"

namespace attn::math {

namespace {

// The multiply-adds of the chunk: its projections, one score and one weighted value per visible (query,
// key) pair, and W_O per row, as decode_work counts a step's.
double chunk_multiply_adds(const PrefillChunk& c, const ProjectionWeights& w, arma::uword n_heads) {
    const double rows = static_cast<double>(c.rows.q.n_rows);
    const double projection = static_cast<double>(w.wq.n_rows) * (w.wq.n_cols + w.wk.n_cols + w.wv.n_cols);
    const arma::uword d_k = w.wq.n_cols / n_heads;
    const arma::uword d_v = c.attention.heads.at(0).v.n_cols;
    const double pairs = static_cast<double>(arma::accu(c.attention.keep));
    const double mix_out = w.wo ? static_cast<double>(n_heads) * d_v * w.wo->n_cols : 0.0;
    return rows * projection + pairs * static_cast<double>(n_heads) * (d_k + d_v) + rows * mix_out;
}

}  // namespace

DraftVerification verify_draft(const arma::mat& x, const ProjectionWeights& w, arma::uword n_heads,
                               arma::uword n_kv_heads, arma::uword drafted,
                               const std::optional<Window>& window, const Variant& variant) {
    require(drafted >= 1 && drafted < x.n_rows,
            "--verify K checks the last K tokens after at least one decoded: K must be 1.." +
                std::to_string(x.n_rows - 1) + " for " + std::to_string(x.n_rows) + " tokens, got " +
                std::to_string(drafted));
    DraftVerification d;
    d.drafted = drafted;
    d.prefix = x.n_rows - drafted;
    d.prefix_trace = decode(x.rows(0, d.prefix - 1), w, n_heads, n_kv_heads, window, variant);
    // Both ways start from the prefix's cache, with room for the drafted tokens.
    KvCache cache = empty_cache(x.n_rows, w.wk.n_cols, w.wv.n_cols, window);
    for (arma::uword t = 0; t < d.prefix; ++t)
        append_row(d.prefix_trace.steps[t].k, d.prefix_trace.steps[t].v, cache);
    KvCache for_steps = cache;
    d.verify =
        prefill_chunk(x.rows(d.prefix, x.n_rows - 1), w, n_heads, d.prefix_trace.n_kv_heads, cache, variant);
    d.verify_output = d.verify.attention.output;
    d.one_pass = {1, static_cast<double>(d.verify.cached.size() + drafted),
                  chunk_multiply_adds(d.verify, w, n_heads)};
    d.step_by_step.passes = static_cast<double>(drafted);
    for (arma::uword t = d.prefix; t < x.n_rows; ++t) {
        d.steps.push_back(decode_step(x.row(t), w, n_heads, d.prefix_trace.n_kv_heads, for_steps, variant));
        d.steps_output = arma::join_cols(d.steps_output, d.steps.back().output);
        d.step_by_step.rows_read += static_cast<double>(d.steps.back().cache_tokens.size());
        d.step_by_step.multiply_adds += d.steps.back().work.with_cache;
    }
    d.max_abs_difference = arma::abs(d.verify_output - d.steps_output).max();
    return d;
}

}  // namespace attn::math
