// The stage functions of today's attention variants. `attend` (math/attention.hpp) composes them;
// each is a pure function that can also be called and tested on its own.
//   position transform of Q and K: rope_rotate            (Su et al., RoFormer, 2021)
//   bias on the scaled scores:     alibi_slopes, alibi_bias (Press et al., ALiBi, 2021)
//   keep-mask:                     window_keep            (Longformer 2020, Mistral 2023, StreamingLLM 2023)
//   kernel:                        softmax (attention.hpp) or linear_attention (Katharopoulos et al. 2020)
#pragma once
#include <armadillo>
#include <vector>

namespace attn::math {

// Rotary position embedding of x (n, d), d even, row r at position `first_position` + r. Interleaved
// pairs as in the paper: with θ_i = base^(−2i/d) and angle a = m·θ_i for pair i of a row at position m,
//   x'[2i] = x[2i]·cos a − x[2i+1]·sin a,   x'[2i+1] = x[2i]·sin a + x[2i+1]·cos a.
// A rotation keeps lengths, and rotating q by m·θ and k by n·θ leaves q·k depending only on n − m.
arma::mat rope_rotate(const arma::mat& x, double base, double first_position);

// ALiBi's slope m_h for each of `n_heads` heads, head 0 first. For a power of two H: 2^(−8h/H),
// h = 1..H. Otherwise the reference implementation's rule: the slopes for the nearest lower power of
// two P, then every other slope for 2P, until there are H.
std::vector<double> alibi_slopes(arma::uword n_heads);

// The bias (L, S) added to the scaled scores: −slope·(i − j) when causal (future keys are masked
// anyway), else −slope·|i − j|. The penalty grows with distance and needs no table of positions, so
// it is defined for any length.
arma::mat alibi_bias(arma::uword n_queries, arma::uword n_keys, double slope, bool causal);

// Sliding window with attention sinks: query i may attend to keys max(0, i − window + 1)..i and to
// keys 0..sinks−1 that are not after it (j ≤ i). Causal by construction. window ≥ 1.
arma::umat window_keep(arma::uword n_queries, arma::uword n_keys, arma::uword window, arma::uword sinks);

// φ(x) = elu(x) + 1 elementwise: x + 1 for x > 0, exp(x) otherwise. Always positive, so the
// similarities φ(q)·φ(k) are positive and can be normalised like softmax's exps.
arma::mat elu_plus_one(const arma::mat& x);

// Linear attention of one head (Katharopoulos et al. 2020), every intermediate kept.
struct LinearTrace {
    arma::mat phi_q;    // (L, d_k)  φ(Q)
    arma::mat phi_k;    // (S, d_k)  φ(K)
    arma::mat kv;       // (d_k, d_v)  φ(K)ᵀ·V; non-causal only (causal keeps one prefix sum per query)
    arma::mat z;        // (1, d_k)  column sums of φ(K); non-causal only
    arma::mat weights;  // (L, S)  the equivalent A[i][j] = φ(q_i)·φ(k_j) / Σ_j φ(q_i)·φ(k_j)
    arma::mat output;   // (L, d_v)  φ(q_i)·kv / (φ(q_i)·z), computed without forming A; equals A·V
};

// Non-causal: one kv and z for every query, O(n·d_k·d_v). Causal: kv and z are prefix sums over keys
// j ≤ i, updated one key at a time, which is an RNN with a (d_k, d_v) state at decode time.
LinearTrace linear_attention(const arma::mat& q, const arma::mat& k, const arma::mat& v, bool causal);

}  // namespace attn::math
