// Scaled dot-product attention, single- and multi-head, returning a trace of every stage.
// Tokens are rows. Shapes are written (rows, columns): n = tokens, L = queries, S = keys.
#pragma once
#include <armadillo>
#include <optional>
#include <vector>

namespace attn::math {

// Q = X·W_Q, K = X·W_K, V = X·W_V and, for several heads, output = concat·W_O.
// With grouped-query attention W_K and W_V have g·d_k and g·d_v columns: g key/value heads, g dividing h.
struct ProjectionWeights {
    arma::mat wq;  // (d_model, h·d_k)
    arma::mat wk;  // (d_model, g·d_k)
    arma::mat wv;  // (d_model, g·d_v)
    std::optional<arma::mat> wo;  // (h·d_v, d_out); absent means no output projection
};

// Every intermediate of one head. `masked` is present only when a mask applies.
struct HeadTrace {
    arma::mat q;        // (L, d_k)
    arma::mat k;        // (S, d_k)
    arma::mat v;        // (S, d_v)
    arma::mat scores;   // (L, S)  Q·Kᵀ
    arma::mat scaled;   // (L, S)  scores / √d_k
    std::optional<arma::mat> masked;  // (L, S)  scaled with blocked cells set to −∞
    arma::mat weights;  // (L, S)  row-wise softmax; each row sums to 1
    arma::mat output;   // (L, d_v)  weights·V
    arma::uword kv_head = 0;  // which key/value head k and v came from (the head itself unless shared)
};

// Every stage of (multi-head) attention. With one head and no W_O, output == heads[0].output.
struct AttentionTrace {
    std::optional<arma::mat> x;  // (n, d_model), absent when Q, K, V were given directly
    arma::mat q;                 // (L, h·d_k)
    arma::mat k;                 // (S, g·d_k)
    arma::mat v;                 // (S, g·d_v)
    arma::uword n_kv_heads = 1;  // g: key/value heads shared by the h query heads (g = h: multi-head)
    std::optional<arma::umat> keep;  // (L, S) 1 = may attend, 0 = blocked; absent = no mask
    std::vector<HeadTrace> heads;
    std::optional<arma::mat> concat;  // (L, h·d_v), present when W_O applies
    arma::mat output;                 // (L, d_out)
};

// Q·Kᵀ: (L, d_k) × (S, d_k) → (L, S).
arma::mat dot_scores(const arma::mat& q, const arma::mat& k);

// scores / √d_k. Dividing keeps the variance of a dot product of d_k unit-variance terms at 1,
// so the softmax does not saturate as d_k grows.
arma::mat scale_scores(const arma::mat& scores, arma::uword d_k);

// Sets blocked cells (keep == 0) to −∞ so that exp() gives exactly 0 weight there.
arma::mat apply_mask(const arma::mat& scaled, const arma::umat& keep);  // (L, S), (L, S)

// Row-wise softmax. Subtracts the row max of the finite (unmasked) entries before exp, only for
// numerical stability: exp(1e5) overflows, exp(0) does not, and the result is mathematically equal.
// A row with no finite entry (every key blocked) throws, naming the row.
arma::mat softmax_rows(const arma::mat& logits);  // (L, S) → (L, S)

// Keep-matrices: 1 = query row may attend to key column.
arma::umat causal_keep(arma::uword n_queries, arma::uword n_keys);      // key j ≤ query i
arma::umat padding_keep(arma::uword n_queries, const std::vector<bool>& key_is_pad);
arma::umat combine_keep(const arma::umat& a, const arma::umat& b);     // logical AND

// One head: scores, scaling, optional mask, softmax, weights·V.
HeadTrace attend(const arma::mat& q, const arma::mat& k, const arma::mat& v,
                 const std::optional<arma::umat>& keep);

// Key/value head that query head `head` reads when h query heads share g key/value heads (g divides h):
// consecutive groups of h/g query heads share one, so head i uses ⌊i / (h/g)⌋.
arma::uword kv_head_of(arma::uword head, arma::uword n_heads, arma::uword n_kv_heads);

// Checks that g key/value heads can serve h query heads: 1 ≤ g ≤ h and g divides h.
void require_kv_heads(arma::uword n_heads, arma::uword n_kv_heads);

// Attention from given Q (L, h·d_k), K (S, g·d_k), V (S, g·d_v) with h query heads sharing g key/value
// heads (n_kv_heads = 0 means g = h, plain multi-head). Query head i uses Q's column block
// [i·d_k, (i+1)·d_k) and K's and V's blocks of key/value head kv_head_of(i). With W_O (h·d_v, d_out),
// output = concat·W_O.
AttentionTrace attention_from_qkv(const arma::mat& q, const arma::mat& k, const arma::mat& v,
                                  arma::uword n_heads, const std::optional<arma::umat>& keep,
                                  const std::optional<arma::mat>& wo, arma::uword n_kv_heads = 0);

// Self-attention of X (n, d_model): projects to Q, K, V, then attention_from_qkv.
AttentionTrace self_attention(const arma::mat& x, const ProjectionWeights& w, arma::uword n_heads,
                              const std::optional<arma::umat>& keep, arma::uword n_kv_heads = 0);

// Cross-attention: queries from X_q (L, d_model), keys and values from X_kv (S, d_model).
AttentionTrace cross_attention(const arma::mat& x_q, const arma::mat& x_kv, const ProjectionWeights& w,
                               arma::uword n_heads, const std::optional<arma::umat>& keep,
                               arma::uword n_kv_heads = 0);

}  // namespace attn::math
