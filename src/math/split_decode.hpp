// Flash-decoding (split-K, Dao et al. 2023): one decode step has a single query, too little to keep a GPU
// busy, so its keys are cut into S parts that run in parallel. Each part computes its own maximum logit
// m_s, sum l_s = Σ exp(logit − m_s) and unnormalised partial output o_s = Σ exp(logit − m_s)·v; the
// parts are merged with the online softmax's rescale:
//   M = max_s m_s,   l = Σ_s exp(m_s − M)·l_s,   output = Σ_s exp(m_s − M)·o_s / l,
// which is softmax(logits)·V exactly (a learned sink is one more term exp(sink − M) in l, with no value).
#pragma once
#include <armadillo>
#include <optional>
#include <vector>

#include "math/cache_attention.hpp"
#include "math/decode.hpp"

namespace attn::math {

struct SplitPart {
    arma::uword first = 0;               // its first key row (in the cache's row order)
    std::vector<arma::uword> positions;  // (r_s) the tokens its rows hold
    double max = 0;                      // m_s: its largest logit (−∞ when every key is masked)
    double sum = 0;                      // l_s = Σ exp(logit − m_s) over its keys
    arma::mat partial_output;            // (1, d_v)  o_s = Σ exp(logit − m_s)·v, unnormalised
};

struct SplitHead {
    std::vector<SplitPart> parts;
    double max = 0;    // M = max_s m_s (and the sink logit)
    double sum = 0;    // l = Σ_s exp(m_s − M)·l_s (+ exp(sink − M))
    arma::mat output;  // (1, d_v)  Σ_s exp(m_s − M)·o_s / l: before the output gate
};

// One query head q (1, d_k) over keys (r, d_k) and values (r, d_v) holding the tokens `positions`, the
// query at `position`, in min(S, r) parts of consecutive rows. Each part's logits come from attend() on
// its rows (scaling, softcap, ALiBi at these positions, temperature, the window's mask); `variant` is the
// head's, with QK-norm and RoPE already in q and the keys.
SplitHead split_head(const arma::mat& q, const arma::mat& keys, const arma::mat& values,
                     const std::vector<arma::uword>& positions, arma::uword position, arma::uword splits,
                     const std::optional<Window>& window, const HeadVariant& variant);

// A whole decode step split: each head of `step` (its q and cache) split and merged, then the output gate
// on x_t (1, d_model) and W_O as the step applies them.
struct SplitStep {
    std::vector<SplitHead> heads;
    arma::mat output;  // (1, d_out)  equals step.output
};
SplitStep split_step(const DecodeStep& step, const arma::mat& x_t, const ProjectionWeights& w,
                     arma::uword splits, const std::optional<Window>& window, const Variant& variant);
// The same for one new row over gathered keys (a paged step, a = its attention, one query row): each head's
// q, keys and values of `a` split by their key positions and merged. Equals a.output.
SplitStep split_rows(const RowsAttention& a, const arma::mat& x_t, const ProjectionWeights& w,
                     arma::uword splits, const std::optional<Window>& window, const Variant& variant);

}  // namespace attn::math
