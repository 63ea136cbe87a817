// Full (exact) attention for benchmarking: softmax(Q·Kᵀ/√d)·V with the whole n_q × n_k weight matrix
// held in memory, computed by two BLAS matrix products and a vectorised softmax. Float and double.
// Unlike math::attend, it keeps no trace; its workspace is reused between calls, because touching
// fresh pages for an n × n matrix on every call costs more than the arithmetic.
#pragma once
#include <armadillo>

namespace attn::math {

template <typename T>
struct FullWorkspace {
    // (n_k, n_q): column i holds query i's scores, then its unnormalised weights. Stored transposed
    // so that each query's softmax runs over contiguous memory.
    arma::Mat<T> weights_t;
    arma::Col<T> sums;  // (n_q) softmax denominators, applied to the output rows at the end

    std::size_t largest_buffer_bytes() const { return weights_t.n_elem * sizeof(T); }
};

// out ← softmax(Q·Kᵀ/√d_k)·V. Q (n_q, d_k), K (n_k, d_k), V (n_k, d_v) → out (n_q, d_v).
// With `causal`, query i sees keys j ≤ i (as math::causal_keep).
template <typename T>
void full_attention(const arma::Mat<T>& q, const arma::Mat<T>& k, const arma::Mat<T>& v, bool causal,
                    FullWorkspace<T>& ws, arma::Mat<T>& out);

// The same with a fresh workspace, returning the output (n_q, d_v).
template <typename T>
arma::Mat<T> full_attention(const arma::Mat<T>& q, const arma::Mat<T>& k, const arma::Mat<T>& v, bool causal);

// Throws std::invalid_argument naming the shapes unless Q (n_q, d), K (n_k, d), V (n_k, d_v) fit,
// every size is positive and, with `causal`, n_q ≤ n_k.
template <typename T>
void require_attention_shapes(const arma::Mat<T>& q, const arma::Mat<T>& k, const arma::Mat<T>& v,
                              bool causal);

}  // namespace attn::math
