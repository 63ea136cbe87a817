#include "math/attention.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "math/shapes.hpp"
#include "math/variants.hpp"

namespace attn::math {

namespace {
constexpr double kMinusInf = -std::numeric_limits<double>::infinity();

void require_keep_shape(const arma::umat& keep, arma::uword n_queries, arma::uword n_keys) {
    require(keep.n_rows == n_queries && keep.n_cols == n_keys,
            "mask " + shape_of(keep) + " does not fit the scores (" + std::to_string(n_queries) + ", " +
                std::to_string(n_keys) + "): it needs one row per query and one column per key");
}

// require_no_overflow, as the ScoresOverflow that callers of attention catch.
void require_no_overflow_here(const arma::mat& m, const char* operation) {
    if (m.is_finite())
        return;  // the usual case, with no message to build (training calls this thousands of times)
    try {
        require_no_overflow(m, operation);
    } catch (const std::invalid_argument& e) {
        throw ScoresOverflow(e.what());
    }
}

// Columns [i·width, (i+1)·width) of m: the slice that head i works on.
arma::mat head_block(const arma::mat& m, arma::uword head, arma::uword width) {
    return m.cols(head * width, (head + 1) * width - 1);
}
}  // namespace

const std::vector<double>& bias_slopes(const AttentionTrace& t) { return t.alibi_slopes; }

std::vector<std::pair<std::string, std::vector<double>>> per_head_numbers(const AttentionTrace& t) {
    if (t.alibi_slopes.empty()) return {};
    return {{std::string(variant_part(VariantPart::bias).key) + "_slopes", t.alibi_slopes}};
}

arma::mat dot_scores(const arma::mat& q, const arma::mat& k) {
    if (q.n_cols != k.n_cols)  // the message is built only on failure: training calls this thousands of times
        throw std::invalid_argument("Q " + shape_of(q) + " and K " + shape_of(k) +
                                    " need the same number of columns (d_k) for Q·Kᵀ");
    arma::mat scores = q * k.t();  // (L, S)
    return scores;
}

arma::mat scale_scores(const arma::mat& scores, arma::uword d_k) {
    require(d_k > 0, "d_k must be at least 1 to scale by √d_k, got 0");
    arma::mat scaled = scores / std::sqrt(static_cast<double>(d_k));
    return scaled;
}

arma::mat apply_mask(const arma::mat& scaled, const arma::umat& keep) {
    require_keep_shape(keep, scaled.n_rows, scaled.n_cols);
    arma::mat masked = scaled;
    masked.elem(arma::find(keep == 0)).fill(kMinusInf);
    return masked;
}

arma::mat softmax_rows(const arma::mat& logits) {
    arma::mat weights(logits.n_rows, logits.n_cols, arma::fill::zeros);
    for (arma::uword r = 0; r < logits.n_rows; ++r) {
        double row_max = kMinusInf;  // max over finite entries only: −∞ marks a blocked key
        for (arma::uword c = 0; c < logits.n_cols; ++c) {
            // Only −∞ is a mask; +∞ or NaN is an overflow upstream, never a blocked key.
            if (std::isnan(logits(r, c)) || logits(r, c) == -kMinusInf)
                throw ScoresOverflow(
                    "the score at row " + std::to_string(r) + ", column " + std::to_string(c) + " of " +
                    shape_of(logits) + " is " + number_text(logits(r, c)) +
                    ", not a number the softmax can use: an overflow, not a mask; scale the inputs down");
            if (std::isfinite(logits(r, c)) && logits(r, c) > row_max) row_max = logits(r, c);
        }
        if (row_max == kMinusInf)
            throw std::invalid_argument("row " + std::to_string(r) + " of the scores " + shape_of(logits) +
                                        " has every key masked, so its softmax is undefined (0/0); "
                                        "let each query attend to at least one key");
        double row_sum = 0.0;
        for (arma::uword c = 0; c < logits.n_cols; ++c) {
            // exp(−∞ − max) is exactly 0, so blocked keys get no weight.
            const double e = std::exp(logits(r, c) - row_max);
            weights(r, c) = e;
            row_sum += e;
        }
        weights.row(r) /= row_sum;
    }
    return weights;
}

arma::mat softmax_rows_backward(const arma::mat& probs, const arma::mat& grad_probs) {
    // The message is built only on failure: training calls this thousands of times.
    if (probs.n_rows != grad_probs.n_rows || probs.n_cols != grad_probs.n_cols)
        throw std::invalid_argument("softmax backward needs P " + shape_of(probs) + " and ∂L/∂P " +
                                    shape_of(grad_probs) + " of one shape");
    const arma::colvec inner = arma::sum(grad_probs % probs, 1);  // (L, 1)  Σ_j G_j·P_j per row
    arma::mat centred = grad_probs;
    centred.each_col() -= inner;
    arma::mat grad_logits = probs % centred;  // (L, S)
    return grad_logits;
}

arma::umat causal_keep(arma::uword n_queries, arma::uword n_keys) {
    arma::umat keep(n_queries, n_keys, arma::fill::zeros);
    for (arma::uword i = 0; i < n_queries; ++i)
        for (arma::uword j = 0; j <= i && j < n_keys; ++j) keep(i, j) = 1;
    return keep;
}

arma::umat padding_keep(arma::uword n_queries, const std::vector<bool>& key_is_pad) {
    arma::umat keep(n_queries, key_is_pad.size(), arma::fill::ones);
    for (arma::uword j = 0; j < key_is_pad.size(); ++j)
        if (key_is_pad[j]) keep.col(j).zeros();
    return keep;
}

arma::umat combine_keep(const arma::umat& a, const arma::umat& b) {
    require(a.n_rows == b.n_rows && a.n_cols == b.n_cols,
            "cannot combine masks of shapes " + shape_of(a) + " and " + shape_of(b));
    arma::umat both = a % b;  // 1 only where both masks allow
    return both;
}

namespace {
// Linear attention replaces scores, scaling, mask and softmax; it takes no mask or the causal one.
void attend_linear(HeadTrace& t, const std::optional<arma::umat>& keep, const HeadVariant& variant) {
    require(
        !variant.rope && !variant.alibi_slope && !variant.softcap && !variant.qk_norm && !variant.sink_logit,
        "linear attention is computed without RoPE, ALiBi, softcapping, QK-norm or sinks here");
    if (keep)
        require(variant.causal && keep->n_rows == t.q.n_rows && keep->n_cols == t.k.n_rows &&
                    arma::all(arma::vectorise(*keep == causal_keep(t.q.n_rows, t.k.n_rows))),
                "linear attention takes no mask or the causal mask only (it never forms the n×n scores a "
                "mask " +
                    shape_of(*keep) + " would block)");
    LinearTrace linear = linear_attention(t.q, t.k, t.v, keep.has_value());
    if (!linear.weights.is_finite() || !linear.output.is_finite())
        throw ScoresOverflow("linear attention overflowed: phi(q)·phi(k) for Q " + shape_of(t.q) + " and K " +
                             shape_of(t.k) + " is too large for a double; use smaller inputs");
    t.phi_q = std::move(linear.phi_q);
    t.phi_k = std::move(linear.phi_k);
    if (!keep) {
        t.kv = std::move(linear.kv);
        t.z = std::move(linear.z);
    }
    t.weights = std::move(linear.weights);
    t.output = std::move(linear.output);
}
}  // namespace

HeadTrace attend(const arma::mat& q, const arma::mat& k, const arma::mat& v,
                 const std::optional<arma::umat>& keep, const HeadVariant& variant) {
    // Each message is built only on failure: training calls this thousands of times.
    if (k.n_rows != v.n_rows)
        throw std::invalid_argument("K " + shape_of(k) + " and V " + shape_of(v) +
                                    " need the same number of rows (one per key)");
    if (!(std::isfinite(variant.temperature) && variant.temperature > 0))
        throw std::invalid_argument("the softmax temperature must be a positive finite number, got " +
                                    number_text(variant.temperature));
    if (variant.kernel != Kernel::softmax && variant.temperature != 1.0)
        throw std::invalid_argument(
            "linear attention has no scores to divide by a temperature; use the softmax kernel");
    HeadTrace t;
    t.q = q;
    t.k = k;
    t.v = v;
    if (variant.kernel == Kernel::linear) {
        attend_linear(t, keep, variant);
        return t;
    }
    // 0. QK-norm: every query and key row brought to RMS 1 (times the weight), so that no projection
    // can make the scores grow without bound.
    if (variant.qk_norm) {
        t.q_norm = rms_norm_rows(q, variant.qk_norm->eps, variant.qk_norm->q_weight, variant.qk_norm->offset);
        t.k_norm = rms_norm_rows(k, variant.qk_norm->eps, variant.qk_norm->k_weight, variant.qk_norm->offset);
    }
    const arma::mat& q_in = t.q_norm ? *t.q_norm : q;
    const arma::mat& k_in = t.k_norm ? *t.k_norm : k;
    // 1. Position transform: rotate each query and key by its position, before the dot product.
    if (variant.rope) {
        t.q_rot = rope_rotate(q_in, *variant.rope, variant.rope->offset);
        t.k_rot = rope_rotate(k_in, *variant.rope, variant.rope->offset);
    }
    t.scores = dot_scores(t.q_rot ? *t.q_rot : q_in, t.k_rot ? *t.k_rot : k_in);
    require_no_overflow_here(t.scores, "the scores Q·Kᵀ");
    t.scaled = scale_scores(t.scores, q.n_cols);
    // 2b. Softcapping: bends the scaled scores smoothly toward ±C, so that no logit runs away.
    if (variant.softcap) t.capped = softcap_logits(t.scaled, *variant.softcap);
    const arma::mat& scaled = t.capped ? *t.capped : t.scaled;
    // 3. Bias: a penalty by distance, added after scaling and before the mask.
    if (variant.alibi_slope) {
        if (variant.positions)
            require(
                variant.positions->queries.size() == q.n_rows && variant.positions->keys.size() == k.n_rows,
                "the positions of " + std::to_string(variant.positions->queries.size()) + " queries and " +
                    std::to_string(variant.positions->keys.size()) + " keys do not fit Q " + shape_of(q) +
                    " and K " + shape_of(k));
        t.bias = variant.positions ? alibi_bias(*variant.positions, *variant.alibi_slope, variant.causal)
                                   : alibi_bias(q.n_rows, k.n_rows, *variant.alibi_slope, variant.causal);
        t.biased = scaled + *t.bias;
    }
    // 3b. Temperature: divides the logits, so exp(logit / T) spreads (T > 1) or concentrates (T < 1).
    if (variant.temperature != 1.0) {
        t.tempered = (t.biased ? *t.biased : scaled) / variant.temperature;
        if (!t.tempered->is_finite())
            throw ScoresOverflow("the scores divided by the temperature " + number_text(variant.temperature) +
                                 " overflow double precision; use a larger temperature");
    }
    const arma::mat& logits = t.tempered ? *t.tempered : (t.biased ? *t.biased : scaled);
    if (keep) t.masked = apply_mask(logits, *keep);
    // 5. The softmax, with the learned sink as one more column when the head has one (gpt-oss).
    if (variant.sink_logit) {
        SinkSoftmax sunk = softmax_with_sink(t.masked ? *t.masked : logits, *variant.sink_logit);
        t.weights = std::move(sunk.weights);
        t.sink_weight = std::move(sunk.sink_weight);
    } else {
        t.weights = softmax_rows(t.masked ? *t.masked : logits);
    }
    t.output = t.weights * v;  // (L, S)·(S, d_v) → (L, d_v)
    require_no_overflow_here(t.output, "the output weights·V");
    return t;
}

std::vector<HeadVariant> variant_of_heads(const Variant& variant, arma::uword n_heads) {
    const std::vector<double> slopes = variant.alibi ? alibi_slopes(n_heads) : std::vector<double>{};
    std::vector<HeadVariant> heads;
    for (arma::uword h = 0; h < n_heads; ++h) {
        HeadVariant hv{variant.qk_norm, variant.rope,
                       std::nullopt,    variant.causal || variant.window.has_value(),
                       variant.kernel,  variant.temperature,
                       variant.softcap, std::nullopt,
                       std::nullopt};
        if (variant.alibi) hv.alibi_slope = slopes[h];
        // One sink per query head: heads that share a key/value head keep their own sink.
        if (variant.sink_logits) {
            require(variant.sink_logits->n_elem == n_heads,
                    std::to_string(variant.sink_logits->n_elem) + " learned sink logits cannot serve " +
                        std::to_string(n_heads) + " query heads: give one per query head");
            hv.sink_logit = (*variant.sink_logits)(h);
        }
        heads.push_back(hv);
    }
    return heads;
}

arma::uword kv_head_of(arma::uword head, arma::uword n_heads, arma::uword n_kv_heads) {
    return head / (n_heads / n_kv_heads);
}

void require_kv_heads(arma::uword n_heads, arma::uword n_kv_heads) {
    require(n_kv_heads >= 1 && n_kv_heads <= n_heads && n_heads % n_kv_heads == 0,
            std::to_string(n_kv_heads) + " key/value heads cannot serve " + std::to_string(n_heads) +
                " query heads: the number of key/value heads must divide the number of heads (1 to " +
                std::to_string(n_heads) + ")");
}

void apply_output_gate(HeadTrace& head, const arma::mat& gate_logits, arma::uword h) {
    const arma::uword d_v = head.output.n_cols;
    require(gate_logits.n_rows == head.output.n_rows && gate_logits.n_cols >= (h + 1) * d_v,
            "the output gate X·W_g " + shape_of(gate_logits) + " has no d_v = " + std::to_string(d_v) +
                " columns for head " + std::to_string(h) + "; W_g needs H·d_v columns");
    head.gate = sigmoid(head_block(gate_logits, h, d_v));
    head.ungated = head.output;
    head.output = *head.ungated % *head.gate;  // elementwise: each value dimension let through by its gate
}

AttentionTrace attention_from_qkv(const arma::mat& q, const arma::mat& k, const arma::mat& v,
                                  arma::uword n_heads, const std::optional<arma::umat>& keep,
                                  const std::optional<arma::mat>& wo, const Variant& variant,
                                  const std::optional<arma::mat>& gate_logits) {
    require(n_heads >= 1, "the number of heads must be at least 1, got 0");
    require(q.n_rows > 0 && k.n_rows > 0,
            "attention needs at least one query and one key, got Q " + shape_of(q) + " and K " + shape_of(k));
    const arma::uword n_kv = variant.kv_heads == 0 ? n_heads : variant.kv_heads;
    require_kv_heads(n_heads, n_kv);
    require(q.n_cols % n_heads == 0 && v.n_cols % n_kv == 0 && q.n_cols >= n_heads,
            "Q " + shape_of(q) + " and V " + shape_of(v) + " cannot be split into " +
                std::to_string(n_heads) + " query heads and " + std::to_string(n_kv) +
                " value heads: their column counts must be "
                "multiples of the heads");
    require(q.n_cols / n_heads * n_kv == k.n_cols,
            n_heads == n_kv
                ? "Q " + shape_of(q) + " and K " + shape_of(k) + " need the same number of columns (h·d_k)"
                : "Q " + shape_of(q) + " and K " + shape_of(k) + " do not fit " + std::to_string(n_heads) +
                      " query heads sharing " + std::to_string(n_kv) + " key/value heads: with d_k = " +
                      std::to_string(q.n_cols / n_heads) + " (Q's columns / query heads) K needs " +
                      std::to_string(q.n_cols / n_heads * n_kv) + " columns");
    require(k.n_rows == v.n_rows,
            "K " + shape_of(k) + " and V " + shape_of(v) + " need the same number of rows (one per key)");
    require_finite(q, "Q");
    require_finite(k, "K");
    require_finite(v, "V");
    if (keep) require_keep_shape(*keep, q.n_rows, k.n_rows);
    const arma::uword d_k = q.n_cols / n_heads, d_v = v.n_cols / n_kv;
    require_variant_fits(variant, d_k);

    AttentionTrace t;
    t.q = q;
    t.k = k;
    t.v = v;
    t.variant = variant;
    t.n_kv_heads = n_kv;
    t.keep = keep;
    if (variant.window) {
        const arma::umat window =
            window_keep(q.n_rows, k.n_rows, variant.window->size, variant.window->sinks);
        t.keep = keep ? combine_keep(*keep, window) : window;
    }
    if (variant.alibi) t.alibi_slopes = alibi_slopes(n_heads);
    const std::vector<HeadVariant> head_variants = variant_of_heads(variant, n_heads);
    for (arma::uword h = 0; h < n_heads; ++h) {
        const HeadVariant& hv = head_variants[h];
        const arma::uword g = kv_head_of(h, n_heads, n_kv);  // shared by h/g query heads at once
        t.heads.push_back(
            attend(head_block(q, h, d_k), head_block(k, g, d_k), head_block(v, g, d_v), t.keep, hv));
        t.heads.back().kv_head = g;
        // The output gate (Qwen3-Next): before the concatenation, so W_O mixes the gated heads.
        if (variant.output_gate) {
            require(gate_logits.has_value(),
                    "the output gate needs X (gate = sigmoid(X·W_g)); give X and weights, not Q, K and V");
            apply_output_gate(t.heads.back(), *gate_logits, h);
        }
    }
    if (variant.rope) {
        t.q_rot = arma::mat(q.n_rows, 0);
        t.k_rot = arma::mat(k.n_rows, 0);
        for (const HeadTrace& head : t.heads) {
            t.q_rot = arma::join_rows(*t.q_rot, *head.q_rot);
            t.k_rot = arma::join_rows(*t.k_rot, *head.k_rot);
        }
    }
    if (!wo) {
        require(n_heads == 1,
                "with " + std::to_string(n_heads) + " heads an output projection W_O is needed");
        t.output = t.heads[0].output;
        return t;
    }
    require(wo->n_rows == n_heads * d_v,
            "W_O " + shape_of(*wo) +
                " needs one row per concatenated value column: " + std::to_string(n_heads) +
                " heads of d_v = " + std::to_string(d_v) + " give " + std::to_string(n_heads * d_v));
    require_finite(*wo, "W_O");
    arma::mat concat(q.n_rows, 0);  // heads side by side, in order: (L, h·d_v)
    for (const HeadTrace& head : t.heads) concat = arma::join_rows(concat, head.output);
    t.concat = concat;
    t.output = concat * (*wo);  // (L, h·d_v)·(h·d_v, d_out) → (L, d_out)
    require_no_overflow_here(t.output, "the output concat·W_O");
    return t;
}

namespace {
// X_q·W_g (L, h·d_v), after checking W_g (d_model, h·d_v) against X_q and W_V.
arma::mat output_gate_logits(const arma::mat& x_q, const arma::mat& wg, const ProjectionWeights& w,
                             arma::uword n_heads, const Variant& variant) {
    const arma::uword n_kv = variant.kv_heads == 0 ? n_heads : variant.kv_heads;
    const arma::uword d_v = n_kv == 0 ? 0 : w.wv.n_cols / n_kv;
    require(wg.n_rows == x_q.n_cols && wg.n_cols == n_heads * d_v,
            "W_g " + shape_of(wg) +
                " does not fit: the output gate needs d_model = " + std::to_string(x_q.n_cols) +
                " rows and H·d_v = " + std::to_string(n_heads) + "·" + std::to_string(d_v) + " = " +
                std::to_string(n_heads * d_v) + " columns (one per value column of each query head)");
    require_finite(wg, "W_g");
    arma::mat logits = x_q * wg;  // (L, d_model)·(d_model, h·d_v)
    return logits;
}
}  // namespace

AttentionTrace cross_attention(const arma::mat& x_q, const arma::mat& x_kv, const ProjectionWeights& w,
                               arma::uword n_heads, const std::optional<arma::umat>& keep,
                               const Variant& variant) {
    require(w.wq.n_rows == x_q.n_cols, "W_Q " + shape_of(w.wq) + " needs one row per column of X " +
                                           shape_of(x_q) + " (d_model = " + std::to_string(x_q.n_cols) + ")");
    require(w.wk.n_rows == x_kv.n_cols, "W_K " + shape_of(w.wk) + " needs one row per column of X " +
                                            shape_of(x_kv) + " (d_model = " + std::to_string(x_kv.n_cols) +
                                            ")");
    require(w.wv.n_rows == x_kv.n_cols, "W_V " + shape_of(w.wv) + " needs one row per column of X " +
                                            shape_of(x_kv) + " (d_model = " + std::to_string(x_kv.n_cols) +
                                            ")");
    require_finite(x_q, "X");
    require_finite(x_kv, "X");
    require_finite(w.wq, "W_Q");
    require_finite(w.wk, "W_K");
    require_finite(w.wv, "W_V");
    const arma::mat q = x_q * w.wq;   // (L, d_model)·(d_model, h·d_k)
    const arma::mat k = x_kv * w.wk;  // (S, d_model)·(d_model, h·d_k)
    const arma::mat v = x_kv * w.wv;  // (S, d_model)·(d_model, h·d_v)
    require_no_overflow_here(q, "the queries Q = X·W_Q");
    require_no_overflow_here(k, "the keys K = X·W_K");
    require_no_overflow_here(v, "the values V = X·W_V");
    std::optional<arma::mat> gate_logits;
    if (variant.output_gate) gate_logits = output_gate_logits(x_q, *variant.output_gate, w, n_heads, variant);
    AttentionTrace t = attention_from_qkv(q, k, v, n_heads, keep, w.wo, variant, gate_logits);
    return t;
}

AttentionTrace self_attention(const arma::mat& x, const ProjectionWeights& w, arma::uword n_heads,
                              const std::optional<arma::umat>& keep, const Variant& variant) {
    AttentionTrace t = cross_attention(x, x, w, n_heads, keep, variant);
    t.x = x;
    return t;
}

}  // namespace attn::math
