// Local (sliding-window) attention: each query attends only to a window of W keys around its own
// position, so the cost is O(n·W·d) instead of O(n²·d). What it trades away: a token cannot see
// anything outside its window in one step (long-range links need several layers).
#pragma once
#include <algorithm>
#include <armadillo>

namespace attn::math {

// The keys query i may see: [first, last] (inclusive), clipped to [0, n). Without `causal` the window
// is centred: first = i − ⌊(W−1)/2⌋, last = first + W − 1. With `causal` it ends at the query:
// first = i − W + 1, last = i.
struct KeyRange {
    arma::uword first, last;
};
KeyRange local_window(arma::uword query, arma::uword n, arma::uword window, bool causal);

// The same windows as a keep-matrix (n, n), 1 = may attend, for math::attend and the tests.
arma::umat local_keep(arma::uword n, arma::uword window, bool causal);

template <typename T>
struct LocalWorkspace {
    arma::Mat<T> q_t, k_t, v_t;  // (d_k, n), (d_k, n), (d_v, n)
    arma::Mat<T> scores;         // (block + W − 1, block): the keys any query of a block may see
    arma::Mat<T> out_t;          // (d_v, n)
    arma::Col<T> sums;           // (block)

    std::size_t largest_buffer_bytes() const {
        return std::max({q_t.n_elem, k_t.n_elem, v_t.n_elem, scores.n_elem, out_t.n_elem}) * sizeof(T);
    }
};

// Self-attention restricted to windows of `window` keys (≥ 1). Q (n, d_k), K (n, d_k), V (n, d_v) →
// out (n, d_v); equal to full attention with local_keep as the mask.
template <typename T>
void local_attention(const arma::Mat<T>& q, const arma::Mat<T>& k, const arma::Mat<T>& v, arma::uword window,
                     bool causal, LocalWorkspace<T>& ws, arma::Mat<T>& out);

template <typename T>
arma::Mat<T> local_attention(const arma::Mat<T>& q, const arma::Mat<T>& k, const arma::Mat<T>& v,
                             arma::uword window, bool causal);

}  // namespace attn::math
