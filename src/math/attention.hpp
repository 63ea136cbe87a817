// Scaled dot-product attention, single- and multi-head, returning a trace of every stage.
// Tokens are rows. Shapes are written (rows, columns): n = tokens, L = queries, S = keys.
#pragma once
#include <armadillo>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "math/variants.hpp"

namespace attn::math {

// Q = X·W_Q, K = X·W_K, V = X·W_V and, for several heads, output = concat·W_O.
struct ProjectionWeights {
    arma::mat wq;                 // (d_model, h·d_k)
    arma::mat wk;                 // (d_model, h·d_k)
    arma::mat wv;                 // (d_model, h·d_v)
    std::optional<arma::mat> wo;  // (h·d_v, d_out); absent means no output projection
};

// The variant a call computes (math::Variant, HeadVariant) and the stage functions it composes are in
// math/variants.hpp, the variant seam.

// Every intermediate of one head. Optional stages are present only when their step ran. With the
// linear kernel, scores and scaled are empty (0, 0): linear attention has no scores to scale.
struct HeadTrace {
    arma::mat q;                        // (L, d_k)
    arma::mat k;                        // (S, d_k)
    arma::mat v;                        // (S, d_v)
    std::optional<arma::mat> q_norm;    // (L, d_k)  QK-norm: each row of Q over its RMS, times the weight
    std::optional<arma::mat> k_norm;    // (S, d_k)  QK-norm: likewise for K
    std::optional<arma::mat> q_rot;     // (L, d_k)  RoPE: Q (or q_norm) rotated by its positions
    std::optional<arma::mat> k_rot;     // (S, d_k)  RoPE: K rotated by its positions
    arma::mat scores;                   // (L, S)  Q·Kᵀ (q_rot·k_rotᵀ with RoPE)
    arma::mat scaled;                   // (L, S)  scores / √d_k
    std::optional<arma::mat> capped;    // (L, S)  softcapping: C·tanh(scaled / C)
    std::optional<arma::mat> bias;      // (L, S)  ALiBi: −m·|i − j| (−m·(i − j) when causal)
    std::optional<arma::mat> biased;    // (L, S)  (capped or scaled) + bias
    std::optional<arma::mat> tempered;  // (L, S)  (biased, capped or scaled) / T, present when T != 1
    std::optional<arma::mat> masked;  // (L, S)  scaled (or biased, tempered) with blocked cells set to −∞
    std::optional<arma::mat> phi_q;   // (L, d_k)  linear kernel: elu(Q) + 1
    std::optional<arma::mat> phi_k;   // (S, d_k)  linear kernel: elu(K) + 1
    std::optional<arma::mat> kv;      // (d_k, d_v)  linear kernel, non-causal: φ(K)ᵀ·V
    std::optional<arma::mat> z;       // (1, d_k)  linear kernel, non-causal: column sums of φ(K)
    arma::mat weights;  // (L, S)  row-wise softmax (or linear's equivalent matrix); rows sum to 1, or to
                        // 1 − sink_weight with a learned sink
    std::optional<arma::mat> sink_weight;  // (L, 1)  learned sink: the weight each row gives the sink
    std::optional<arma::mat> ungated;      // (L, d_v)  output gate: weights·V, before the gate
    std::optional<arma::mat> gate;         // (L, d_v)  output gate: σ(X·W_g) in this head's columns
    arma::mat output;                      // (L, d_v)  weights·V (times the gate, elementwise, with one)
    arma::uword kv_head = 0;  // which key/value head k and v came from (the head itself unless shared)
};

// Thrown when scores overflow to ±∞ or NaN (huge inputs, or training that diverged). It is an
// invalid_argument, so callers that report bad input report it too.
struct ScoresOverflow : std::invalid_argument {
    using std::invalid_argument::invalid_argument;
};

// Every stage of (multi-head) attention. With one head and no W_O, output == heads[0].output.
struct AttentionTrace {
    std::optional<arma::mat> x;      // (n, d_model), absent when Q, K, V were given directly
    arma::mat q;                     // (L, h·d_k)
    arma::mat k;                     // (S, g·d_k): g key/value heads (g = h unless shared)
    arma::mat v;                     // (S, g·d_v)
    arma::uword n_kv_heads = 1;      // g: key/value heads shared by the h query heads
    std::optional<arma::umat> keep;  // (L, S) 1 = may attend, 0 = blocked, window included; absent = no mask
    Variant variant;                 // which optional stages ran
    std::optional<arma::mat> q_rot;  // (L, h·d_k)  RoPE: the heads' rotated queries side by side
    std::optional<arma::mat> k_rot;  // (S, h·d_k)
    std::vector<double> alibi_slopes;  // ALiBi: m_h for each head; empty without ALiBi
    std::vector<HeadTrace> heads;
    std::optional<arma::mat> concat;  // (L, h·d_v), present when W_O applies
    arma::mat output;                 // (L, d_out)
};

// Each head's bias slope m_h, head 0 first; empty when no bias ran.
const std::vector<double>& bias_slopes(const AttentionTrace& t);

// The per-head numbers a variant adds to a run (each head's bias slope), by JSON key; empty when none
// ran. Writers list them without naming the variant.
std::vector<std::pair<std::string, std::vector<double>>> per_head_numbers(const AttentionTrace& t);

// Q·Kᵀ: (L, d_k) × (S, d_k) → (L, S).
arma::mat dot_scores(const arma::mat& q, const arma::mat& k);

// scores / √d_k. Dividing keeps the variance of a dot product of d_k unit-variance terms at 1,
// so the softmax does not saturate as d_k grows.
arma::mat scale_scores(const arma::mat& scores, arma::uword d_k);

// Sets blocked cells (keep == 0) to −∞ so that exp() gives exactly 0 weight there.
arma::mat apply_mask(const arma::mat& scaled, const arma::umat& keep);  // (L, S), (L, S)

// Row-wise softmax. Subtracts the row max of the finite (unmasked) entries before exp, only for
// numerical stability: exp(1e5) overflows, exp(0) does not, and the result is mathematically equal.
// A row with no finite entry (every key blocked) throws, naming the row; a row holding +∞ or NaN
// throws ScoresOverflow.
arma::mat softmax_rows(const arma::mat& logits);  // (L, S) → (L, S)

// Row-wise softmax backward: given P = softmax(S) row by row and G = ∂L/∂P, returns ∂L/∂S.
// For one row, ∂P_j/∂S_i = P_j(δ_ij − P_i), so ∂L/∂S_i = P_i·(G_i − Σ_j G_j·P_j).
arma::mat softmax_rows_backward(const arma::mat& probs, const arma::mat& grad_probs);  // (L, S), (L, S)

// Keep-matrices: 1 = query row may attend to key column.
arma::umat causal_keep(arma::uword n_queries, arma::uword n_keys);  // key j ≤ query i
arma::umat padding_keep(arma::uword n_queries, const std::vector<bool>& key_is_pad);
arma::umat combine_keep(const arma::umat& a, const arma::umat& b);  // logical AND

// One head, the one forward pass every caller shares: the variant's position transform, scores,
// scaling, bias, temperature, optional mask, kernel, weights·V. `keep` already holds any window. The linear
// kernel takes no mask or exactly the causal one (with variant.causal); anything else throws.
HeadTrace attend(const arma::mat& q, const arma::mat& k, const arma::mat& v,
                 const std::optional<arma::umat>& keep, const HeadVariant& variant = {});

// Attention from given Q (L, h·d_k), K (S, h·d_k), V (S, h·d_v) with h heads; head i uses the
// contiguous column block [i·d_k, (i+1)·d_k). With W_O (h·d_v, d_out), output = concat·W_O.
// The variant's window is ANDed into `keep`; ALiBi gives head h the slope alibi_slopes(h)[h].
// With the variant's output gate, `gate_logits` (L, h·d_v) = X_q·W_g is required: head h's output is
// multiplied by σ of its columns [h·d_v, (h+1)·d_v) before the concatenation.
AttentionTrace attention_from_qkv(const arma::mat& q, const arma::mat& k, const arma::mat& v,
                                  arma::uword n_heads, const std::optional<arma::umat>& keep,
                                  const std::optional<arma::mat>& wo, const Variant& variant = {},
                                  const std::optional<arma::mat>& gate_logits = std::nullopt);

// Head h's gate σ(gate_logits[:, h·d_v:(h+1)·d_v]) applied to head.output: keeps the ungated output and
// the gate in `head`. gate_logits (L, h·d_v).
void apply_output_gate(HeadTrace& head, const arma::mat& gate_logits, arma::uword h);

// Each of n_heads heads' variant: the call's parts, with head h's own bias slope resolved. The one place
// a Variant becomes its heads' variants, for attention_from_qkv and decode alike.
std::vector<HeadVariant> variant_of_heads(const Variant& variant, arma::uword n_heads);

// Key/value head that query head `head` reads when h query heads share g key/value heads (g divides h):
// consecutive groups of h/g query heads share one, so head i uses ⌊i / (h/g)⌋.
arma::uword kv_head_of(arma::uword head, arma::uword n_heads, arma::uword n_kv_heads);

// Checks that g key/value heads can serve h query heads: 1 ≤ g ≤ h and g divides h.
void require_kv_heads(arma::uword n_heads, arma::uword n_kv_heads);

// Self-attention of X (n, d_model): projects to Q, K, V, then attention_from_qkv.
AttentionTrace self_attention(const arma::mat& x, const ProjectionWeights& w, arma::uword n_heads,
                              const std::optional<arma::umat>& keep, const Variant& variant = {});

// Cross-attention: queries from X_q (L, d_model), keys and values from X_kv (S, d_model).
AttentionTrace cross_attention(const arma::mat& x_q, const arma::mat& x_kv, const ProjectionWeights& w,
                               arma::uword n_heads, const std::optional<arma::umat>& keep,
                               const Variant& variant = {});

}  // namespace attn::math
