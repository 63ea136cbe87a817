// Shape strings and checks shared by the math functions, so that every error names the actual shapes.
#pragma once
#include <armadillo>
#include <cstdio>
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
// The same for a fixed message: no string is built unless it fails (training checks thousands of times).
inline void require(bool ok, const char* what) {
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

// "1e+200": a number as %g, short enough to quote in a message (std::to_string prints 330 digits for 1e300).
inline std::string number_text(double x) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", x);
    return buffer;
}

// A result computed from finite inputs that is not finite has overflowed (or is ∞ − ∞): names the
// operation and the first bad cell, so that it is never mistaken for a mask or shown as NaN.
inline void require_no_overflow(const arma::mat& m, const std::string& operation) {
    for (arma::uword c = 0; c < m.n_cols; ++c)
        for (arma::uword r = 0; r < m.n_rows; ++r)
            if (!std::isfinite(m(r, c)))
                throw std::invalid_argument(
                    operation + " " + shape_of(m) + " overflows at row " + std::to_string(r) + ", column " +
                    std::to_string(c) + " (" + number_text(m(r, c)) +
                    ") although every input is finite; the inputs are too large for double "
                    "precision: scale them down");
}

}  // namespace attn::math
