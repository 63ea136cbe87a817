// math/pca: 2-D projections against NumPy's eigenvectors of the covariance (tests/generate_pca.py), with
// the sign convention, and the degenerate shapes (a line, one column, one row).
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "build_paths.hpp"
#include "math/pca.hpp"

namespace {

arma::mat matrix_of(const nlohmann::json& rows) {
    arma::mat m(rows.size(), rows.at(0).size());
    for (arma::uword r = 0; r < m.n_rows; ++r)
        for (arma::uword c = 0; c < m.n_cols; ++c) m(r, c) = rows[r][c].get<double>();
    return m;
}

arma::vec vector_of(const nlohmann::json& values) {
    arma::vec v(values.size());
    for (arma::uword i = 0; i < v.n_elem; ++i) v(i) = values[i].get<double>();
    return v;
}

nlohmann::json pca_cases() {
    std::ifstream in(std::string(ATTN_TEST_FIXTURES) + "/pca/expected.json");
    REQUIRE(in);
    return nlohmann::json::parse(in);
}

}  // namespace

TEST_CASE("project_2d matches NumPy's principal axes, variance shares and coordinates", "[pca]") {
    const nlohmann::json cases = pca_cases();
    REQUIRE(cases.size() == 6);
    for (const auto& [name, c] : cases.items()) {
        INFO("case " << name);
        const attn::math::Projection2d p = attn::math::project_2d(matrix_of(c["rows"]));
        CHECK(arma::approx_equal(p.coordinates, matrix_of(c["coordinates"]), "absdiff", 1e-12));
        CHECK(arma::approx_equal(p.axes, matrix_of(c["axes"]), "absdiff", 1e-12));
        CHECK(arma::approx_equal(p.explained, vector_of(c["explained"]), "absdiff", 1e-12));
        CHECK(arma::approx_equal(p.mean, vector_of(c["mean"]), "absdiff", 1e-12));
    }
}

TEST_CASE("project_2d's axes are unit length and point where their largest entry is positive", "[pca]") {
    const arma::mat rows = {{2, 0, 1}, {-1, 3, 0}, {0, -2, 4}, {5, 1, 1}};
    const attn::math::Projection2d p = attn::math::project_2d(rows);
    const arma::mat flipped = attn::math::project_2d(-rows).coordinates;
    for (arma::uword a = 0; a < 2; ++a) {
        CHECK(arma::norm(p.axes.col(a)) == Approx(1.0).epsilon(1e-12));
        CHECK(p.axes(arma::index_max(arma::abs(p.axes.col(a))), a) > 0);
    }
    // Negating the data negates the coordinates (the axes keep their sign): the picture turns half a
    // turn, it does not mirror.
    CHECK(arma::approx_equal(flipped, -p.coordinates, "absdiff", 1e-12));
    CHECK(arma::accu(p.explained) <= 1.0 + 1e-12);
}

TEST_CASE("project_2d refuses an empty matrix and non-finite values", "[pca]") {
    CHECK_THROWS_WITH(attn::math::project_2d(arma::mat(0, 3)), Catch::Contains("(0, 3)"));
    arma::mat bad = {{1, 2}, {3, 4}};
    bad(1, 0) = std::nan("");
    CHECK_THROWS_WITH(attn::math::project_2d(bad), Catch::Contains("row 1, column 0"));
}
