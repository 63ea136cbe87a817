// Test helpers in the manner of mlpack's check_matrices: shapes first, then every element.
#pragma once
#include <armadillo>
#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "build_paths.hpp"

namespace attn::test {

// Same shape, and every element within `tolerance` (absolute). ±∞ must match exactly.
inline void check_matrices(const arma::mat& actual, const arma::mat& expected, double tolerance = 1e-12) {
    INFO("actual " << actual.n_rows << "x" << actual.n_cols << ", expected " << expected.n_rows << "x"
                   << expected.n_cols);
    REQUIRE(actual.n_rows == expected.n_rows);
    REQUIRE(actual.n_cols == expected.n_cols);
    for (arma::uword i = 0; i < actual.n_elem; ++i) {
        INFO("element " << i << " (row " << i % actual.n_rows << ", col " << i / actual.n_rows
                        << "): " << actual(i) << " vs " << expected(i));
        if (std::isinf(expected(i))) {
            REQUIRE(actual(i) == expected(i));
        } else {
            REQUIRE(std::fabs(actual(i) - expected(i)) <= tolerance);
        }
    }
}

inline std::string fixture_path(const std::string& name) {
    return std::string(ATTN_TEST_FIXTURES) + "/" + name;
}

}  // namespace attn::test
