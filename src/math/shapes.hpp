// Shape strings and checks shared by the math functions, so that every error names the actual shapes.
#pragma once
#include <armadillo>
#include <stdexcept>
#include <string>

namespace attn::math {

// "(4, 3)" for a 4-row, 3-column matrix: tokens are rows, features are columns.
inline std::string shape_of(const arma::mat& m) {
    return "(" + std::to_string(m.n_rows) + ", " + std::to_string(m.n_cols) + ")";
}
inline std::string shape_of(const arma::umat& m) {
    return "(" + std::to_string(m.n_rows) + ", " + std::to_string(m.n_cols) + ")";
}

// Throws std::invalid_argument with `what` when `ok` is false.
inline void require(bool ok, const std::string& what) {
    if (!ok) throw std::invalid_argument(what);
}

// Rejects NaN and ±Inf, naming the matrix and the first bad cell (0-based row and column).
inline void require_finite(const arma::mat& m, const std::string& name) {
    for (arma::uword c = 0; c < m.n_cols; ++c)
        for (arma::uword r = 0; r < m.n_rows; ++r)
            if (!std::isfinite(m(r, c)))
                throw std::invalid_argument(name + " " + shape_of(m) + " has a non-finite value at row " +
                                            std::to_string(r) + ", column " + std::to_string(c));
}

}  // namespace attn::math
