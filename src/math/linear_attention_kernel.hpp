// Linear attention (Katharopoulos et al. 2020) as a timing kernel for `attn bench`, in float or double.
// The same numbers as math::linear_attention's output, without the n×n weights the trace shows: the
// cost is O(n·d²) time and O(n·d + d²) memory instead of softmax attention's O(n²·d) and O(n²).
#pragma once
#include <algorithm>
#include <armadillo>

namespace attn::math {

template <typename T>
struct LinearWorkspace {
    arma::Mat<T> phi_q, phi_k;  // (n, d_k)  elu + 1
    arma::Mat<T> kv;            // (d_k, d_v)  φ(K)ᵀ·V, or the running prefix sum (causal)
    arma::Row<T> z;             // (1, d_k)   column sums of φ(K), or their running prefix sum
    arma::Mat<T> block;         // (B, B)  causal only: φ(q)·φ(k)ᵀ inside one block of B queries

    std::size_t largest_buffer_bytes() const {
        return std::max({phi_q.n_elem, phi_k.n_elem, kv.n_elem, block.n_elem}) * sizeof(T);
    }
};

// Q (n, d_k), K (n, d_k), V (n, d_v) → out (n, d_v). Causal: query i sees keys 0..i; computed in blocks
// of queries: the state (kv, z) of every earlier block plus an exact lower-triangular block product,
// which keeps the work in matrix products instead of n rank-1 updates.
template <typename T>
void linear_attention_kernel(const arma::Mat<T>& q, const arma::Mat<T>& k, const arma::Mat<T>& v, bool causal,
                             LinearWorkspace<T>& ws, arma::Mat<T>& out) {
    auto phi = [](T x) { return x > T(0) ? x + T(1) : std::exp(x); };
    ws.phi_q = q;
    ws.phi_q.transform(phi);
    ws.phi_k = k;
    ws.phi_k.transform(phi);
    out.set_size(q.n_rows, v.n_cols);
    if (!causal) {
        ws.kv = ws.phi_k.t() * v;
        ws.z = arma::sum(ws.phi_k, 0);
        out = ws.phi_q * ws.kv;
        const arma::Col<T> denominators = ws.phi_q * ws.z.t();
        out.each_col() /= denominators;
        return;
    }
    constexpr arma::uword kBlock = 64;
    ws.kv.zeros(q.n_cols, v.n_cols);
    ws.z.zeros(q.n_cols);
    for (arma::uword first = 0; first < q.n_rows; first += kBlock) {
        const arma::uword last = std::min<arma::uword>(first + kBlock, q.n_rows) - 1;
        const arma::Mat<T> pq = ws.phi_q.rows(first, last);  // (B, d_k)
        const arma::Mat<T> pk = ws.phi_k.rows(first, last);
        ws.block = arma::trimatl(pq * pk.t());  // keys of this block up to the query itself
        arma::Mat<T> numerators = pq * ws.kv + ws.block * v.rows(first, last);
        const arma::Col<T> denominators = pq * ws.z.t() + arma::sum(ws.block, 1);
        numerators.each_col() /= denominators;
        out.rows(first, last) = numerators;
        ws.kv += pk.t() * v.rows(first, last);
        ws.z += arma::sum(pk, 0);
    }
}

}  // namespace attn::math
