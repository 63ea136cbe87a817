#include "math/split_decode.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "math/cache_attention.hpp"
#include "math/shapes.hpp"

namespace attn::math {

namespace {

constexpr double kMinusInf = -std::numeric_limits<double>::infinity();

// Part s's max, sum and unnormalised output over rows first..first+count−1.
SplitPart split_part(const arma::mat& q, const arma::mat& keys, const arma::mat& values,
                     const std::vector<arma::uword>& positions, arma::uword position, arma::uword first,
                     arma::uword count, const std::optional<Window>& window, HeadVariant variant) {
    SplitPart p;
    p.first = first;
    p.positions.assign(positions.begin() + first, positions.begin() + first + count);
    const arma::umat keep = position_keep({position}, p.positions, window);  // (1, r_s)
    p.partial_output.zeros(1, values.n_cols);
    p.max = kMinusInf;
    if (!arma::any(arma::vectorise(keep))) return p;  // every key masked: a part that adds nothing
    // The core computes the part's logits; its softmax (normalised within the part) is not used, nor its
    // sink.
    variant.sink_logit.reset();
    variant.positions = RowPositions{{position}, p.positions};
    const HeadTrace core =
        attend(q, keys.rows(first, first + count - 1), values.rows(first, first + count - 1), keep, variant);
    const arma::mat& logits = softmax_logits(core);  // (1, r_s)
    p.max = logits.max();
    const arma::mat e = arma::exp(logits - p.max);  // (1, r_s)  0 where masked
    p.sum = arma::accu(e);
    p.partial_output = e * values.rows(first, first + count - 1);  // (1, r_s)·(r_s, d_v)
    return p;
}

}  // namespace

SplitHead split_head(const arma::mat& q, const arma::mat& keys, const arma::mat& values,
                     const std::vector<arma::uword>& positions, arma::uword position, arma::uword splits,
                     const std::optional<Window>& window, const HeadVariant& variant) {
    require(splits >= 1, "split-K needs at least 1 part, got --splits 0");
    const arma::uword r = keys.n_rows, parts = std::min(splits, r);
    SplitHead h;
    for (arma::uword s = 0; s < parts; ++s) {  // balanced: part s takes rows s·r/P..(s+1)·r/P − 1
        const arma::uword first = s * r / parts, next = (s + 1) * r / parts;
        h.parts.push_back(
            split_part(q, keys, values, positions, position, first, next - first, window, variant));
    }
    // The merge: every part's numbers rescaled to the largest maximum, as the online softmax rescales.
    h.max = variant.sink_logit ? *variant.sink_logit : kMinusInf;
    for (const SplitPart& p : h.parts) h.max = std::max(h.max, p.max);
    h.sum = variant.sink_logit ? std::exp(*variant.sink_logit - h.max) : 0.0;
    h.output.zeros(1, values.n_cols);  // (1, d_v)
    for (const SplitPart& p : h.parts) {
        if (p.max == kMinusInf) continue;
        const double scale = std::exp(p.max - h.max);
        h.sum += scale * p.sum;
        h.output += scale * p.partial_output;
    }
    h.output /= h.sum;
    return h;
}

namespace {

// The heads' variants as a step applies them: QK-norm and RoPE are in q and the cache already.
std::vector<HeadVariant> step_head_variants(const Variant& variant, arma::uword n_heads) {
    Variant heads_variant = variant;
    heads_variant.rope.reset();
    heads_variant.qk_norm.reset();
    heads_variant.causal = true;
    return variant_of_heads(heads_variant, n_heads);
}

// The merged heads through the output gate on x_t (1, d_model) and W_O, as the step applies them.
void combine_heads(SplitStep& s, const arma::mat& x_t, const ProjectionWeights& w, const Variant& variant) {
    arma::mat concat(1, 0);  // (1, h·d_v)
    for (arma::uword h = 0; h < s.heads.size(); ++h) {
        arma::mat out = s.heads[h].output;  // (1, d_v)
        if (variant.output_gate) {
            const arma::uword d_v = out.n_cols;
            out %= sigmoid(x_t * variant.output_gate->cols(h * d_v, (h + 1) * d_v - 1));  // (1, d_v)
        }
        concat = arma::join_rows(concat, out);
    }
    s.output = w.wo ? arma::mat(concat * (*w.wo)) : concat;  // (1, h·d_v)·(h·d_v, d_out)
}

}  // namespace

SplitStep split_step(const DecodeStep& step, const arma::mat& x_t, const ProjectionWeights& w,
                     arma::uword splits, const std::optional<Window>& window, const Variant& variant) {
    const std::vector<HeadVariant> head_variants = step_head_variants(variant, step.heads.size());
    SplitStep s;
    for (arma::uword h = 0; h < step.heads.size(); ++h) {
        const DecodeHeadStep& hs = step.heads[h];
        s.heads.push_back(split_head(hs.q, hs.k_cache, hs.v_cache, step.cache_tokens, step.t, splits, window,
                                     head_variants[h]));
    }
    combine_heads(s, x_t, w, variant);
    return s;
}

SplitStep split_rows(const RowsAttention& a, const arma::mat& x_t, const ProjectionWeights& w,
                     arma::uword splits, const std::optional<Window>& window, const Variant& variant) {
    require(a.query_positions.size() == 1, "split-K splits the keys of one query; this step has " +
                                               std::to_string(a.query_positions.size()));
    const std::vector<HeadVariant> head_variants = step_head_variants(variant, a.heads.size());
    SplitStep s;
    for (arma::uword h = 0; h < a.heads.size(); ++h) {
        const HeadTrace& head = a.heads[h];
        s.heads.push_back(split_head(head.q, head.k, head.v, a.key_positions, a.query_positions[0], splits,
                                     window, head_variants[h]));
    }
    combine_heads(s, x_t, w, variant);
    return s;
}

}  // namespace attn::math
