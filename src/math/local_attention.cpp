#include "math/local_attention.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "math/full_attention.hpp"
#include "math/full_attention_kernels.hpp"

namespace attn::math {
namespace {

// Queries per block: enough columns for an efficient matrix product, few enough that a block's key
// span (block + W − 1) stays close to W.
arma::uword block_size(arma::uword window) { return std::clamp<arma::uword>(window, 32, 256); }

template <typename T>
arma::Mat<T> view(const arma::Mat<T>& m, arma::uword first_col, arma::uword cols) {
    return arma::Mat<T>(const_cast<T*>(m.colptr(first_col)), m.n_rows, cols, false, true);
}

// One block of queries [q0, q0 + nq): scores against the union of their windows, softmax over each
// query's own window (zero elsewhere), then the weighted sum of values.
template <typename T>
void local_block(arma::uword q0, arma::uword nq, arma::uword window, bool causal, T scale,
                 LocalWorkspace<T>& ws) {
    const arma::uword n = ws.k_t.n_cols;
    const arma::uword k0 = local_window(q0, n, window, causal).first;
    const arma::uword nk = local_window(q0 + nq - 1, n, window, causal).last - k0 + 1;
    arma::Mat<T> s(ws.scores.memptr(), nk, nq, false, true);  // (nk, nq)
    arma::gemm<true, false>::apply(s, view(ws.k_t, k0, nk), view(ws.q_t, q0, nq));
    for (arma::uword c = 0; c < nq; ++c) {
        const KeyRange keys = local_window(q0 + c, n, window, causal);
        T* column = s.colptr(c);
        T* first = column + (keys.first - k0);
        const arma::uword visible = keys.last - keys.first + 1;
        std::fill(column, first, T(0));
        std::fill(first + visible, column + nk, T(0));
        ws.sums(c) = kernels::exp_shifted_sum(first, visible, scale, kernels::max_of(first, visible) * scale);
    }
    arma::Mat<T> out_block = view(ws.out_t, q0, nq);  // (d_v, nq)
    arma::gemm<false, false>::apply(out_block, view(ws.v_t, k0, nk), s);
    for (arma::uword c = 0; c < nq; ++c)
        kernels::scale_in_place(out_block.colptr(c), out_block.n_rows, T(1) / ws.sums(c));
}

}  // namespace

KeyRange local_window(arma::uword query, arma::uword n, arma::uword window, bool causal) {
    const arma::uword before = causal ? window - 1 : (window - 1) / 2;
    const arma::uword first = query >= before ? query - before : 0;
    const arma::uword last = causal ? query : std::min(n - 1, query + (window - 1 - before));
    return {first, last};
}

arma::umat local_keep(arma::uword n, arma::uword window, bool causal) {
    arma::umat keep(n, n, arma::fill::zeros);
    for (arma::uword i = 0; i < n; ++i) {
        const KeyRange keys = local_window(i, n, window, causal);
        keep.row(i).cols(keys.first, keys.last).fill(1);
    }
    return keep;
}

template <typename T>
void local_attention(const arma::Mat<T>& q, const arma::Mat<T>& k, const arma::Mat<T>& v, arma::uword window,
                     bool causal, LocalWorkspace<T>& ws, arma::Mat<T>& out) {
    require_attention_shapes(q, k, v, causal);
    if (q.n_rows != k.n_rows)
        throw std::invalid_argument("local attention needs one query per key position; got " +
                                    std::to_string(q.n_rows) + " queries and " + std::to_string(k.n_rows) +
                                    " keys");
    if (window == 0) throw std::invalid_argument("local attention needs a window of at least 1 key");
    const arma::uword n = q.n_rows, block = std::min(block_size(window), n);
    ws.q_t = q.t();
    ws.k_t = k.t();
    ws.v_t = v.t();
    ws.out_t.set_size(v.n_cols, n);
    ws.scores.set_size(std::min(n, block + window - 1), block);
    ws.sums.set_size(block);
    const T scale = T(1) / std::sqrt(T(q.n_cols));
    for (arma::uword q0 = 0; q0 < n; q0 += block)
        local_block(q0, std::min(block, n - q0), window, causal, scale, ws);
    out = ws.out_t.t();
}

template <typename T>
arma::Mat<T> local_attention(const arma::Mat<T>& q, const arma::Mat<T>& k, const arma::Mat<T>& v,
                             arma::uword window, bool causal) {
    LocalWorkspace<T> ws;
    arma::Mat<T> out;
    local_attention(q, k, v, window, causal, ws, out);
    return out;
}

template void local_attention<float>(const arma::fmat&, const arma::fmat&, const arma::fmat&, arma::uword,
                                     bool, LocalWorkspace<float>&, arma::fmat&);
template void local_attention<double>(const arma::mat&, const arma::mat&, const arma::mat&, arma::uword, bool,
                                      LocalWorkspace<double>&, arma::mat&);
template arma::fmat local_attention<float>(const arma::fmat&, const arma::fmat&, const arma::fmat&,
                                           arma::uword, bool);
template arma::mat local_attention<double>(const arma::mat&, const arma::mat&, const arma::mat&, arma::uword,
                                           bool);

}  // namespace attn::math
