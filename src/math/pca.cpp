#include "math/pca.hpp"

#include <cmath>

#include "math/shapes.hpp"

namespace attn::math {

namespace {

// Flips `axis` so that its largest-magnitude entry is positive: SVD leaves each sign arbitrary.
void fix_sign(arma::vec& axis) {
    arma::uword largest = 0;
    for (arma::uword i = 1; i < axis.n_elem; ++i)
        if (std::fabs(axis(i)) > std::fabs(axis(largest)) + 1e-12) largest = i;
    if (axis(largest) < 0) axis = -axis;
}

}  // namespace

Projection2d project_2d(const arma::mat& rows) {
    require(rows.n_rows > 0 && rows.n_cols > 0, "a map needs at least one vector, got " + shape_of(rows));
    require_finite(rows, "the vectors to map");
    Projection2d out;
    out.mean = arma::mean(rows, 0).t();                        // (d)
    const arma::mat centred = rows.each_row() - out.mean.t();  // (n, d)
    arma::mat u, v;                                            // (n, r), (d, r)
    arma::vec s;                                               // (r) singular values, largest first
    require(arma::svd_econ(u, s, v, centred, "both", "std"), "the vectors' SVD did not converge");
    const double total = arma::accu(arma::square(s));  // n·(total variance)
    // A variance below 1e-12 of the largest (singular value below 1e-6 of it) is rounding noise, not a
    // direction of the data: points on a line have one axis, not two.
    const double noise = s.n_elem > 0 ? 1e-6 * s(0) : 0.0;
    out.axes.zeros(rows.n_cols, 2);
    out.explained.zeros(2);
    for (arma::uword a = 0; a < 2 && a < s.n_elem; ++a) {
        if (s(a) <= noise || total <= 0) break;
        arma::vec axis = v.col(a);  // (d)
        fix_sign(axis);
        out.axes.col(a) = axis;
        out.explained(a) = s(a) * s(a) / total;
    }
    out.coordinates = centred * out.axes;  // (n, d)·(d, 2) → (n, 2)
    return out;
}

}  // namespace attn::math
