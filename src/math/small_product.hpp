// Matrix products by plain loops, for the toy model that `attn train` trains (a handful of tokens, a
// few dimensions): at that size a BLAS call costs more in bookkeeping (a lock, a buffer, a dispatch)
// than in arithmetic, and training makes thousands of them per epoch.
#pragma once
#include <armadillo>
#include <stdexcept>
#include <string>

namespace attn::math {

// op(A)·op(B), where op transposes when `TransposeA` / `TransposeB`. Each entry sums its terms in
// order, so equal inputs give equal outputs. Shapes: op(A) (m, k), op(B) (k, n) → (m, n).
template <bool TransposeA, bool TransposeB>
arma::mat small_product(const arma::mat& a, const arma::mat& b) {
    const arma::uword m = TransposeA ? a.n_cols : a.n_rows, k = TransposeA ? a.n_rows : a.n_cols;
    const arma::uword k_b = TransposeB ? b.n_cols : b.n_rows, n = TransposeB ? b.n_rows : b.n_cols;
    if (k != k_b)
        throw std::invalid_argument("small_product: op(A) " + std::to_string(m) + "x" + std::to_string(k) +
                                    " and op(B) " + std::to_string(k_b) + "x" + std::to_string(n) +
                                    " do not chain");
    arma::mat c(m, n);
    const double* pa = a.memptr();
    const double* pb = b.memptr();
    double* pc = c.memptr();
    if (TransposeA && !TransposeB) {
        // Aᵀ·B: each entry is the dot product of a column of A with a column of B, both contiguous.
        for (arma::uword j = 0; j < n; ++j)
            for (arma::uword i = 0; i < m; ++i) {
                double sum = 0;
                for (arma::uword p = 0; p < k; ++p) sum += pa[p + i * a.n_rows] * pb[p + j * b.n_rows];
                pc[i + j * m] = sum;
            }
        return c;
    }
    c.zeros();
    // Column j of C gathers the columns of op(A), each scaled by op(B)(p, j), in the order of p.
    for (arma::uword j = 0; j < n; ++j)
        for (arma::uword p = 0; p < k; ++p) {
            const double bpj = TransposeB ? pb[j + p * b.n_rows] : pb[p + j * b.n_rows];
            for (arma::uword i = 0; i < m; ++i)
                pc[i + j * m] += (TransposeA ? pa[p + i * a.n_rows] : pa[i + p * a.n_rows]) * bpj;
        }
    return c;
}

// A·B
inline arma::mat small_product(const arma::mat& a, const arma::mat& b) {
    return small_product<false, false>(a, b);
}

}  // namespace attn::math
