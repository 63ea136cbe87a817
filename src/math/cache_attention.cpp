#include "math/cache_attention.hpp"

#include <string>

#include "math/shapes.hpp"

namespace attn::math {

namespace {

// Each head's block of width d_k of `rows` (C, heads·d_k) over its RMS, times the weight (QK-norm).
arma::mat norm_head_columns(const arma::mat& rows, arma::uword d_k, const QkNorm& norm,
                            const arma::rowvec& weight) {
    arma::mat out(rows.n_rows, rows.n_cols);  // (C, heads·d_k)
    for (arma::uword h = 0; h < rows.n_cols / d_k; ++h)
        out.cols(h * d_k, (h + 1) * d_k - 1) =
            rms_norm_rows(rows.cols(h * d_k, (h + 1) * d_k - 1), norm.eps, weight, norm.offset);
    return out;
}

// Each head's block of `rows` (C, heads·d_k) rotated by RoPE, row r at position rope.offset + first + r.
arma::mat rotate_head_columns(const arma::mat& rows, arma::uword d_k, const Rope& rope, arma::uword first) {
    arma::mat out(rows.n_rows, rows.n_cols);  // (C, heads·d_k)
    for (arma::uword h = 0; h < rows.n_cols / d_k; ++h)
        out.cols(h * d_k, (h + 1) * d_k - 1) = rope_rotate(rows.cols(h * d_k, (h + 1) * d_k - 1), rope,
                                                           rope.offset + static_cast<double>(first));
    return out;
}

void require_row_shapes(const arma::mat& x_rows, const ProjectionWeights& w, arma::uword n_heads,
                        arma::uword n_kv_heads) {
    require(n_heads >= 1, "the number of heads must be at least 1, got 0");
    require_kv_heads(n_heads, n_kv_heads);
    require(x_rows.n_rows >= 1, "no new tokens to attend from, got X " + shape_of(x_rows));
    require(w.wq.n_rows == x_rows.n_cols && w.wk.n_rows == x_rows.n_cols && w.wv.n_rows == x_rows.n_cols,
            "W_Q " + shape_of(w.wq) + ", W_K " + shape_of(w.wk) + " and W_V " + shape_of(w.wv) +
                " need one row per column of X " + shape_of(x_rows));
    require(w.wq.n_cols % n_heads == 0 && w.wq.n_cols / n_heads * n_kv_heads == w.wk.n_cols &&
                w.wv.n_cols % n_kv_heads == 0,
            "W_Q " + shape_of(w.wq) + ", W_K " + shape_of(w.wk) + " and W_V " + shape_of(w.wv) +
                " do not fit " + std::to_string(n_heads) + " query heads and " + std::to_string(n_kv_heads) +
                " key/value heads");
    require_finite(x_rows, "X");
}

// The output gate's logits X·W_g (C, h·d_v), W_g checked against X and the heads.
arma::mat gate_logits_of(const arma::mat& x_rows, const arma::mat& wg, arma::uword n_heads, arma::uword d_v) {
    require(wg.n_rows == x_rows.n_cols && wg.n_cols == n_heads * d_v,
            "W_g " + shape_of(wg) + " does not fit X " + shape_of(x_rows) +
                ": it needs d_model rows and H·d_v = " + std::to_string(n_heads * d_v) + " columns");
    arma::mat logits = x_rows * wg;  // (C, d_model)·(d_model, h·d_v)
    return logits;
}

}  // namespace

std::vector<arma::uword> position_range(arma::uword first, arma::uword count) {
    std::vector<arma::uword> positions(count);
    for (arma::uword i = 0; i < count; ++i) positions[i] = first + i;
    return positions;
}

NewRows project_new_rows(const arma::mat& x_rows, const ProjectionWeights& w, arma::uword n_heads,
                         arma::uword n_kv_heads, arma::uword first, const Variant& variant) {
    require_row_shapes(x_rows, w, n_heads, n_kv_heads);
    const arma::uword d_k = w.wq.n_cols / n_heads;
    NewRows r;
    r.q = x_rows * w.wq;  // (C, d_model)·(d_model, h·d_k)
    r.k = x_rows * w.wk;  // (C, d_model)·(d_model, g·d_k)
    r.v = x_rows * w.wv;  // (C, d_model)·(d_model, g·d_v)
    // QK-norm, then RoPE, before the keys are cached, as a model does: cached keys are never touched again.
    if (variant.qk_norm) {
        require_variant_fits(variant, d_k);
        r.q = norm_head_columns(r.q, d_k, *variant.qk_norm, variant.qk_norm->q_weight);
        r.k = norm_head_columns(r.k, d_k, *variant.qk_norm, variant.qk_norm->k_weight);
    }
    if (variant.rope) {
        require_variant_fits(variant, d_k);
        r.q = rotate_head_columns(r.q, d_k, *variant.rope, first);
        r.k = rotate_head_columns(r.k, d_k, *variant.rope, first);
    }
    return r;
}

arma::umat position_keep(const std::vector<arma::uword>& queries, const std::vector<arma::uword>& keys,
                         const std::optional<Window>& window) {
    arma::umat keep(queries.size(), keys.size(), arma::fill::zeros);  // (L, S)
    for (arma::uword i = 0; i < keep.n_rows; ++i)
        for (arma::uword j = 0; j < keep.n_cols; ++j) {
            const arma::uword qi = queries[i], kj = keys[j];
            // In the window: kj > qi − W, written kj + W > qi so that it never goes below 0.
            const bool seen = !window || kj + window->size > qi || kj < window->sinks;
            keep(i, j) = kj <= qi && seen ? 1 : 0;
        }
    return keep;
}

const arma::mat& softmax_logits(const HeadTrace& head) {
    if (head.masked) return *head.masked;
    if (head.tempered) return *head.tempered;
    if (head.biased) return *head.biased;
    if (head.capped) return *head.capped;
    return head.scaled;
}

RowsAttention attend_new_rows(const arma::mat& x_rows, const NewRows& rows, arma::uword first,
                              const arma::mat& keys, const arma::mat& values,
                              const std::vector<arma::uword>& key_positions, const ProjectionWeights& w,
                              arma::uword n_heads, arma::uword n_kv_heads,
                              const std::optional<Window>& window, const Variant& variant) {
    require(keys.n_rows == key_positions.size() && values.n_rows == keys.n_rows,
            "keys " + shape_of(keys) + " and values " + shape_of(values) +
                " need one row per key position (" + std::to_string(key_positions.size()) + ")");
    const arma::uword d_k = rows.q.n_cols / n_heads, d_v = values.n_cols / n_kv_heads;
    RowsAttention a;
    a.query_positions = position_range(first, rows.q.n_rows);
    a.key_positions = key_positions;
    a.keep = position_keep(a.query_positions, key_positions, window);
    // QK-norm and RoPE are in the rows already; the bias takes the positions, the mask the window.
    Variant heads_variant = variant;
    heads_variant.rope.reset();
    heads_variant.qk_norm.reset();
    heads_variant.causal = true;
    std::vector<HeadVariant> head_variants = variant_of_heads(heads_variant, n_heads);
    std::optional<arma::mat> gates;  // (C, h·d_v)
    if (variant.output_gate) gates = gate_logits_of(x_rows, *variant.output_gate, n_heads, d_v);
    arma::mat concat(rows.q.n_rows, 0);  // (C, h·d_v)
    for (arma::uword h = 0; h < n_heads; ++h) {
        HeadVariant& hv = head_variants[h];
        hv.positions = RowPositions{a.query_positions, key_positions};
        const arma::uword g = kv_head_of(h, n_heads, n_kv_heads);
        a.heads.push_back(attend(rows.q.cols(h * d_k, (h + 1) * d_k - 1),
                                 keys.cols(g * d_k, (g + 1) * d_k - 1),
                                 values.cols(g * d_v, (g + 1) * d_v - 1), a.keep, hv));
        a.heads.back().kv_head = g;
        if (gates) apply_output_gate(a.heads.back(), *gates, h);
        concat = arma::join_rows(concat, a.heads.back().output);
    }
    if (w.wo) {
        require(w.wo->n_rows == concat.n_cols,
                "W_O " + shape_of(*w.wo) +
                    " needs one row per concatenated value column: " + std::to_string(concat.n_cols));
        a.output = concat * (*w.wo);  // (C, h·d_v)·(h·d_v, d_out)
    } else {
        require(n_heads == 1,
                "with " + std::to_string(n_heads) + " heads an output projection W_O is needed");
        a.output = concat;
    }
    return a;
}

}  // namespace attn::math
