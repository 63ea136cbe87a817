#include "math/decode.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "math/cache_attention.hpp"
#include "math/shapes.hpp"

namespace attn::math {

namespace {

// Columns [i·width, (i+1)·width) of rows 0..rows-1: head i's part of the cache.
arma::mat head_rows(const arma::mat& m, arma::uword rows, arma::uword head, arma::uword width) {
    arma::mat block = m.submat(0, head * width, rows - 1, (head + 1) * width - 1);
    return block;
}

// The cache was made for these projections: as many key and value columns as W_K and W_V give.
void require_cache_fits(const ProjectionWeights& w, const KvCache& cache) {
    require(cache.keys.n_cols == w.wk.n_cols && cache.values.n_cols == w.wv.n_cols,
            "the cache (" + shape_of(cache.keys) + " keys, " + shape_of(cache.values) +
                " values) does not fit W_K " + shape_of(w.wk) + " and W_V " + shape_of(w.wv));
}

// One query head against its key/value head's cached rows; `row` holds the new token. The arithmetic is
// the traced core's, attend(): one query row against the r cached keys.
DecodeHeadStep attend_cached(const arma::mat& q_h, const KvCache& cache, arma::uword row, arma::uword kv_head,
                             arma::uword d_v, const HeadVariant& variant) {
    DecodeHeadStep s;
    const arma::uword d_k = q_h.n_cols, rows = cache.size;
    s.kv_head = kv_head;
    s.q = q_h;
    s.k_cache = head_rows(cache.keys, rows, kv_head, d_k);    // (r, d_k)
    s.v_cache = head_rows(cache.values, rows, kv_head, d_v);  // (r, d_v)
    s.k = s.k_cache.row(row);
    s.v = s.v_cache.row(row);
    // The cache holds only keys this query may see (the past and itself, and with a window only the
    // window and the sinks), so no mask is needed.
    // The bias takes the token positions: query t against the token each row holds, in row order.
    HeadVariant positioned = variant;
    positioned.positions = RowPositions{{cache.seen - 1}, cache.tokens};
    HeadTrace core = attend(q_h, s.k_cache, s.v_cache, std::nullopt, positioned);
    s.scores = std::move(core.scores);  // (1, r)  one score per cached key
    s.weights = std::move(core.weights);
    if (core.sink_weight) s.sink_weight = (*core.sink_weight)(0, 0);
    s.output = std::move(core.output);  // (1, r)·(r, d_v)
    return s;
}

// The output gate of head h on the new token: σ(x_t·W_g) in the head's d_v columns, times its output.
void gate_head(DecodeHeadStep& hs, const arma::mat& x_t, const arma::mat& wg, arma::uword h) {
    const arma::uword d_v = hs.output.n_cols;
    require(wg.n_rows == x_t.n_cols && wg.n_cols >= (h + 1) * d_v,
            "W_g " + shape_of(wg) + " does not fit X " + shape_of(x_t) +
                ": it needs d_model rows and H·d_v columns");
    hs.gate = sigmoid(x_t * wg.cols(h * d_v, (h + 1) * d_v - 1));  // (1, d_model)·(d_model, d_v)
    hs.ungated = hs.output;
    hs.output = *hs.ungated % *hs.gate;
}

}  // namespace

KvCache empty_cache(arma::uword tokens, arma::uword kv_key_columns, arma::uword kv_value_columns,
                    std::optional<Window> window) {
    require(!window || window->size >= 1,
            "a sliding window must hold at least 1 key (the query's own), got 0");
    KvCache cache;
    cache.window = window;
    const arma::uword capacity = window ? std::min(tokens, window->sinks + window->size) : tokens;
    cache.keys.zeros(capacity, kv_key_columns);
    cache.values.zeros(capacity, kv_value_columns);
    return cache;
}

CacheWrite append_row(const arma::mat& k, const arma::mat& v, KvCache& cache) {
    CacheWrite write;
    write.row = cache_row(cache.seen, cache.window);
    require(write.row < cache.keys.n_rows,
            "the cache is full: it has room for " + std::to_string(cache.keys.n_rows) + " tokens");
    cache.keys.row(write.row) = k;
    cache.values.row(write.row) = v;
    if (write.row < cache.size) {
        write.evicted = cache.tokens[write.row];
        cache.tokens[write.row] = cache.seen;
    } else {
        cache.tokens.push_back(cache.seen);
        ++cache.size;
    }
    ++cache.seen;
    return write;
}

arma::uword cache_row(arma::uword position, const std::optional<Window>& window) {
    if (!window || position < window->sinks) return position;
    return window->sinks + (position - window->sinks) % window->size;
}

arma::uword visible_keys(arma::uword position, const std::optional<Window>& window) {
    if (!window || position < window->size) return position + 1;
    // Keys position−W+1..position, plus the sinks 0..S−1 that lie before them.
    return window->size + std::min(window->sinks, position + 1 - window->size);
}

namespace {
// Σ visible_keys(i) for i = 0..t: the (query, key) pairs of (windowed) causal attention over t+1 tokens.
double visible_pairs(arma::uword t, const std::optional<Window>& window) {
    const double tokens = static_cast<double>(t) + 1;
    if (!window || t < window->size) return tokens * (tokens + 1) / 2;
    const double w = static_cast<double>(window->size), sinks = static_cast<double>(window->sinks);
    const double inside = w * (w + 1) / 2;  // queries 0..W−1 see every key before them
    const double later = tokens - w;        // queries W..t: W keys, plus min(S, i+1−W) sinks
    const double sink_pairs =
        later <= sinks ? later * (later + 1) / 2 : sinks * (sinks + 1) / 2 + (later - sinks) * sinks;
    return inside + later * w + sink_pairs;
}
}  // namespace

DecodeWork decode_work(arma::uword t, arma::uword d_model, arma::uword n_heads, arma::uword n_kv_heads,
                       arma::uword d_k, arma::uword d_v, arma::uword d_out,
                       const std::optional<Window>& window) {
    const double tokens = static_cast<double>(t) + 1;
    const double projection = static_cast<double>(d_model) * (n_heads * d_k + n_kv_heads * (d_k + d_v));
    const double per_pair = static_cast<double>(n_heads) * (d_k + d_v);  // one score and one weighted value
    const double mix_out = static_cast<double>(n_heads) * d_v * d_out;   // W_O, 0 when absent
    DecodeWork w;
    w.with_cache = projection + static_cast<double>(visible_keys(t, window)) * per_pair + mix_out;
    // Causal attention over t+1 tokens: query i sees i+1 keys, (t+1)(t+2)/2 pairs in all (fewer in a window).
    w.without_cache = tokens * projection + visible_pairs(t, window) * per_pair + tokens * mix_out;
    w.ratio = w.without_cache / w.with_cache;
    return w;
}

DecodeStep decode_step(const arma::mat& x_t, const ProjectionWeights& w, arma::uword n_heads,
                       arma::uword n_kv_heads, KvCache& cache, const Variant& variant) {
    require(n_heads >= 1, "the number of heads must be at least 1, got 0");
    if (n_kv_heads == 0) n_kv_heads = n_heads;
    require(x_t.n_rows == 1, "a decode step takes one token, got X " + shape_of(x_t));
    DecodeStep s;
    s.t = cache.seen;
    // QK-norm, then RoPE at the token's position, on the new query and key before the key is cached, as
    // a model does: cached keys are never normalised or rotated again. The same projection as a chunk's;
    // it checks the heads, X's shape against the weights, and that X is finite.
    NewRows projected = project_new_rows(x_t, w, n_heads, n_kv_heads, s.t, variant);
    require_cache_fits(w, cache);
    s.q = std::move(projected.q);  // (1, h·d_k)
    s.k = std::move(projected.k);  // (1, g·d_k)
    s.v = std::move(projected.v);  // (1, g·d_v)
    const arma::uword d_k = w.wq.n_cols / n_heads, d_v = w.wv.n_cols / n_kv_heads;
    // The only new keys and values this step computes: the earlier tokens' are already in the cache.
    const CacheWrite write = append_row(s.k, s.v, cache);
    s.row = write.row;
    s.evicted = write.evicted;
    s.cache_tokens = cache.tokens;
    s.k_cache = cache.keys.rows(0, cache.size - 1);
    s.v_cache = cache.values.rows(0, cache.size - 1);
    arma::mat concat(1, 0);  // (1, h·d_v)
    // Each head's variant as attention_from_qkv resolves it, without QK-norm and RoPE: q and k are
    // normalised and rotated above.
    // The bias −m·(t − j) takes each row's token position from the cache (attend_cached), so it is the
    // model's bias, in or out of a rolling buffer, and a learned sink needs no shift.
    Variant heads_variant = variant;
    heads_variant.rope.reset();
    heads_variant.qk_norm.reset();
    heads_variant.causal = true;  // the cache holds only the past: causal by construction
    const std::vector<HeadVariant> head_variants = variant_of_heads(heads_variant, n_heads);
    for (arma::uword h = 0; h < n_heads; ++h) {
        const arma::mat q_h = s.q.cols(h * d_k, (h + 1) * d_k - 1);
        s.heads.push_back(
            attend_cached(q_h, cache, s.row, kv_head_of(h, n_heads, n_kv_heads), d_v, head_variants[h]));
        if (variant.output_gate) gate_head(s.heads.back(), x_t, *variant.output_gate, h);
        concat = arma::join_rows(concat, s.heads.back().output);
    }
    if (w.wo) {
        require(w.wo->n_rows == concat.n_cols, "W_O " + shape_of(*w.wo) +
                                                   " needs one row per concatenated value "
                                                   "column: " +
                                                   std::to_string(concat.n_cols));
        s.output = concat * (*w.wo);  // (1, h·d_v)·(h·d_v, d_out)
    } else {
        require(n_heads == 1,
                "with " + std::to_string(n_heads) + " heads an output projection W_O is needed");
        s.output = concat;
    }
    s.work =
        decode_work(s.t, x_t.n_cols, n_heads, n_kv_heads, d_k, d_v, w.wo ? w.wo->n_cols : 0, cache.window);
    s.cache_bytes =
        static_cast<double>(cache.size) * (cache.keys.n_cols + cache.values.n_cols) * sizeof(double);
    return s;
}

DecodeTrace decode(const arma::mat& x, const ProjectionWeights& w, arma::uword n_heads,
                   arma::uword n_kv_heads, std::optional<Window> window, const Variant& variant) {
    require(x.n_rows >= 1, "decoding needs at least one token, got X " + shape_of(x));
    DecodeTrace trace;
    trace.n_heads = n_heads;
    trace.n_kv_heads = n_kv_heads == 0 ? n_heads : n_kv_heads;
    trace.cache = empty_cache(x.n_rows, w.wk.n_cols, w.wv.n_cols, window);
    for (arma::uword t = 0; t < x.n_rows; ++t) {
        trace.steps.push_back(decode_step(x.row(t), w, n_heads, trace.n_kv_heads, trace.cache, variant));
        trace.output = arma::join_cols(trace.output, trace.steps.back().output);
    }
    return trace;
}

}  // namespace attn::math
