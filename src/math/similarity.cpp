#include "math/similarity.hpp"

#include <limits>

#include "math/shapes.hpp"

namespace attn::math {

namespace {

void require_same_width(const arma::mat& a, const arma::mat& b) {
    require(a.n_cols == b.n_cols && a.n_cols > 0,
            "similarity compares rows of equal length, got " + shape_of(a) + " and " + shape_of(b));
}

}  // namespace

arma::mat dot_similarity(const arma::mat& a, const arma::mat& b) {
    require_same_width(a, b);
    arma::mat out = a * b.t();  // (n, d)·(d, m) → (n, m)
    return out;
}

arma::mat cosine_similarity_matrix(const arma::mat& a, const arma::mat& b) {
    require_same_width(a, b);
    const arma::vec a_norms = arma::sqrt(arma::sum(arma::square(a), 1));  // (n, 1) lengths
    const arma::vec b_norms = arma::sqrt(arma::sum(arma::square(b), 1));  // (m, 1)
    arma::mat out = a * b.t();
    for (arma::uword i = 0; i < out.n_rows; ++i)
        for (arma::uword j = 0; j < out.n_cols; ++j) {
            const double lengths = a_norms(i) * b_norms(j);
            out(i, j) = lengths > 0 ? out(i, j) / lengths : std::numeric_limits<double>::quiet_NaN();
        }
    return out;
}

}  // namespace attn::math
