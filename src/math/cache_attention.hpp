// New rows of queries over cached keys, by the tokens' absolute positions: what a paged cache, chunked
// prefill and draft verification share with a decode step. A decode step is the case of one new row.
// Keys and values are gathered by the caller (from a rolling buffer, from pages) in any row order, each
// with the position of its token; the mask and ALiBi's bias are built from those positions, so the order
// the rows are stored in never changes a weight.
#pragma once
#include <armadillo>
#include <optional>
#include <vector>

#include "math/attention.hpp"

namespace attn::math {

// The new tokens' projections, QK-norm and RoPE applied as a model applies them before caching.
struct NewRows {
    arma::mat q;  // (C, h·d_k)  normalised and rotated at each token's position
    arma::mat k;  // (C, g·d_k)  likewise: the rows the cache stores
    arma::mat v;  // (C, g·d_v)
};

// Projects x_rows (C, d_model), tokens at positions first..first+C−1, and applies the variant's QK-norm
// and RoPE (at rope.offset + position) to each head's columns. n_kv_heads ≥ 1.
NewRows project_new_rows(const arma::mat& x_rows, const ProjectionWeights& w, arma::uword n_heads,
                         arma::uword n_kv_heads, arma::uword first, const Variant& variant);

// keep (L, S): query at queries[i] may see the key at keys[j] when keys[j] ≤ queries[i] and, with a
// window, keys[j] is one of the last W positions up to queries[i] or a sink (keys[j] < S).
arma::umat position_keep(const std::vector<arma::uword>& queries, const std::vector<arma::uword>& keys,
                         const std::optional<Window>& window);

// The new rows attended to the gathered keys.
struct RowsAttention {
    std::vector<arma::uword> query_positions;  // (C)
    std::vector<arma::uword> key_positions;    // (S)
    arma::umat keep;                           // (C, S)  position_keep
    std::vector<HeadTrace> heads;              // q (C, d_k), k (S, d_k), weights (C, S), output (C, d_v)
    arma::mat output;                          // (C, d_out)  heads side by side, times W_O when present
};

// Each query head of `rows` (the new tokens at positions first..first+C−1, x_rows their inputs for the
// output gate) over keys (S, g·d_k) and values (S, g·d_v), whose row j holds token key_positions[j]. Every
// head is computed by attend() with the variant's temperature, softcap, ALiBi (at these positions), learned
// sink and gate; QK-norm and RoPE are already in `rows` and in the cached keys.
RowsAttention attend_new_rows(const arma::mat& x_rows, const NewRows& rows, arma::uword first,
                              const arma::mat& keys, const arma::mat& values,
                              const std::vector<arma::uword>& key_positions, const ProjectionWeights& w,
                              arma::uword n_heads, arma::uword n_kv_heads,
                              const std::optional<Window>& window, const Variant& variant);

// The logits the softmax took in a head's trace: masked, else tempered, biased, capped or scaled. (L, S).
const arma::mat& softmax_logits(const HeadTrace& head);

// Positions first..first+count−1.
std::vector<arma::uword> position_range(arma::uword first, arma::uword count);

}  // namespace attn::math
