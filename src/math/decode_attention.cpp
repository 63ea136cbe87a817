#include "math/decode_attention.hpp"

#include <cmath>
#include <string>

#include "math/full_attention_kernels.hpp"
#include "math/shapes.hpp"

namespace attn::math {

template <typename T>
void decode_attention(const arma::Mat<T>& keys_t, const arma::Mat<T>& values_t, const arma::Col<T>& q,
                      DecodeWorkspace<T>& ws, arma::Col<T>& out) {
    require(keys_t.n_rows == q.n_elem && keys_t.n_cols == values_t.n_cols && keys_t.n_cols > 0,
            "decode needs keys (d_k, n), values (d_v, n) and a query of d_k numbers, got keys (" +
                std::to_string(keys_t.n_rows) + ", " + std::to_string(keys_t.n_cols) + "), values (" +
                std::to_string(values_t.n_rows) + ", " + std::to_string(values_t.n_cols) + ") and a query of " +
                std::to_string(q.n_elem));
    ws.weights.set_size(keys_t.n_cols);
    out.set_size(values_t.n_rows);
    T* w = ws.weights.memptr();
    const std::size_t n = keys_t.n_cols;
    // (n) = (d_k, n)ᵀ·(d_k): one pass over the keys, a dot product per cached token. Our own loop rather
    // than BLAS gemv: a kernel a BLAS picked for an older processor cannot keep up with memory.
    kernels::column_dots(keys_t.memptr(), keys_t.n_rows, n, q.memptr(), w);
    const T scale = T(1) / std::sqrt(T(q.n_elem));
    const T total = kernels::exp_shifted_sum(w, n, scale, kernels::max_of(w, n) * scale);
    // (d_v) = (d_v, n)·(n): one pass over the values; dividing by the sum afterwards touches d_v numbers, not n.
    kernels::weighted_column_sum(values_t.memptr(), values_t.n_rows, n, w, out.memptr());
    kernels::scale_in_place(out.memptr(), out.n_elem, T(1) / total);
}

std::size_t decode_bytes_read(std::size_t n, std::size_t d_k, std::size_t d_v, std::size_t bytes_per_number) {
    return n * (d_k + d_v) * bytes_per_number;
}

template void decode_attention<float>(const arma::fmat&, const arma::fmat&, const arma::fvec&, DecodeWorkspace<float>&,
                                      arma::fvec&);
template void decode_attention<double>(const arma::mat&, const arma::mat&, const arma::vec&, DecodeWorkspace<double>&,
                                       arma::vec&);

}  // namespace attn::math
