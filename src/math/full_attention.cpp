#include "math/full_attention.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "math/full_attention_kernels.hpp"

namespace attn::math {
namespace {

template <typename T>
std::string shape(const arma::Mat<T>& m) {
    return "(" + std::to_string(m.n_rows) + ", " + std::to_string(m.n_cols) + ")";
}

// Softmax numerators of every column in place (keys beyond a causal limit set to 0) and their sums.
template <typename T>
void softmax_columns(arma::Mat<T>& weights_t, bool causal, T scale, arma::Col<T>& sums) {
    const arma::uword n_k = weights_t.n_rows;
    for (arma::uword i = 0; i < weights_t.n_cols; ++i) {
        T* column = weights_t.colptr(i);
        const arma::uword visible = causal ? std::min<arma::uword>(i + 1, n_k) : n_k;
        const T shift = kernels::max_of(column, visible) * scale;
        sums(i) = kernels::exp_shifted_sum(column, visible, scale, shift);
        std::fill(column + visible, column + n_k, T(0));
    }
}

}  // namespace

template <typename T>
void require_attention_shapes(const arma::Mat<T>& q, const arma::Mat<T>& k, const arma::Mat<T>& v,
                              bool causal) {
    const std::string shapes = "Q " + shape(q) + ", K " + shape(k) + ", V " + shape(v);
    if (q.n_elem == 0 || k.n_elem == 0 || v.n_elem == 0)
        throw std::invalid_argument("attention needs non-empty Q, K, V; got " + shapes);
    if (q.n_cols != k.n_cols)
        throw std::invalid_argument("Q and K need the same number of columns (d_k); got " + shapes);
    if (k.n_rows != v.n_rows) throw std::invalid_argument("K and V need one row per key; got " + shapes);
    if (causal && q.n_rows > k.n_rows)
        throw std::invalid_argument("a causal mask needs at most as many queries as keys; got " + shapes);
}

template <typename T>
void full_attention(const arma::Mat<T>& q, const arma::Mat<T>& k, const arma::Mat<T>& v, bool causal,
                    FullWorkspace<T>& ws, arma::Mat<T>& out) {
    require_attention_shapes(q, k, v, causal);
    ws.weights_t.set_size(k.n_rows, q.n_rows);  // no reallocation when the size is unchanged
    ws.sums.set_size(q.n_rows);
    arma::gemm<false, true>::apply(ws.weights_t, k, q);  // K·Qᵀ = (Q·Kᵀ)ᵀ, (n_k, n_q)
    softmax_columns(ws.weights_t, causal, T(1) / std::sqrt(T(q.n_cols)), ws.sums);
    out.set_size(q.n_rows, v.n_cols);
    arma::gemm<true, false>::apply(out, ws.weights_t, v);  // unnormalised weights·V, (n_q, d_v)
    // Dividing the n_q × d_v output instead of the n_q × n_k weights saves a pass over the big matrix.
    const arma::Col<T> inverse = T(1) / ws.sums;
    out.each_col() %= inverse;
}

template <typename T>
arma::Mat<T> full_attention(const arma::Mat<T>& q, const arma::Mat<T>& k, const arma::Mat<T>& v,
                            bool causal) {
    FullWorkspace<T> ws;
    arma::Mat<T> out;
    full_attention(q, k, v, causal, ws, out);
    return out;
}

template void require_attention_shapes<float>(const arma::fmat&, const arma::fmat&, const arma::fmat&, bool);
template void require_attention_shapes<double>(const arma::mat&, const arma::mat&, const arma::mat&, bool);
template void full_attention<float>(const arma::fmat&, const arma::fmat&, const arma::fmat&, bool,
                                    FullWorkspace<float>&, arma::fmat&);
template void full_attention<double>(const arma::mat&, const arma::mat&, const arma::mat&, bool,
                                     FullWorkspace<double>&, arma::mat&);
template arma::fmat full_attention<float>(const arma::fmat&, const arma::fmat&, const arma::fmat&, bool);
template arma::mat full_attention<double>(const arma::mat&, const arma::mat&, const arma::mat&, bool);

}  // namespace attn::math
