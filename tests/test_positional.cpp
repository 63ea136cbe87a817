// Sinusoidal positional encodings against the paper's formula (fixtures from tests/generate_transformer.py).
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "check_matrices.hpp"
#include "math/positional.hpp"

using attn::test::check_matrices;
namespace m = attn::math;

namespace {
arma::mat fixture_matrix(const std::string& key) {
    std::ifstream in(attn::test::fixture_path("transformer/positional.json"));
    REQUIRE(in.good());
    const nlohmann::json doc = nlohmann::json::parse(in);
    const auto& rows = doc.at(key);
    arma::mat out(rows.size(), rows.at(0).size());
    for (arma::uword r = 0; r < out.n_rows; ++r)
        for (arma::uword c = 0; c < out.n_cols; ++c) out(r, c) = rows[r][c].get<double>();
    return out;
}
}  // namespace

TEST_CASE("sinusoidal encodings match the formula for even and odd d_model", "[positional][fixture]") {
    check_matrices(m::sinusoidal_encoding(10, 6), fixture_matrix("n10_d6"));
    check_matrices(m::sinusoidal_encoding(7, 5), fixture_matrix("n7_d5"));
    check_matrices(m::sinusoidal_encoding(50, 16), fixture_matrix("n50_d16"));
}

TEST_CASE("position 0 is sin 0 = 0 and cos 0 = 1 alternating - position 1 column 0 is sin 1",
          "[positional][hand]") {
    const arma::mat pe = m::sinusoidal_encoding(2, 4);
    check_matrices(arma::mat(pe.row(0)), arma::mat{{0.0, 1.0, 0.0, 1.0}});
    // Columns 2 and 3 turn 10000^(2/4) = 100 times slower than columns 0 and 1.
    check_matrices(arma::mat(pe.row(1)),
                   arma::mat{{std::sin(1.0), std::cos(1.0), std::sin(0.01), std::cos(0.01)}});
}

TEST_CASE("the encoding of pos + k is a rotation of pos's, the same for every pos",
          "[positional][property]") {
    const arma::mat pe = m::sinusoidal_encoding(20, 8);
    const arma::uword k = 3;
    for (arma::uword pair = 0; pair < 4; ++pair) {
        const double w = 1.0 / std::pow(10000.0, 2.0 * pair / 8.0);
        const arma::mat rotation = {{std::cos(k * w), -std::sin(k * w)}, {std::sin(k * w), std::cos(k * w)}};
        for (arma::uword pos = 0; pos + k < 20; ++pos) {
            const arma::vec here = {pe(pos, 2 * pair), pe(pos, 2 * pair + 1)};
            const arma::vec there = {pe(pos + k, 2 * pair), pe(pos + k, 2 * pair + 1)};
            // (sin(a + b), cos(a + b)) = R(b)·(sin a, cos a) with R(b) = [[cos b, sin b], [−sin b, cos b]]ᵀ.
            check_matrices(arma::mat(rotation.t() * here), arma::mat(there));
        }
    }
}

TEST_CASE("zero d_model is refused", "[positional][errors]") {
    REQUIRE_THROWS_WITH(m::sinusoidal_encoding(3, 0), Catch::Contains("d_model"));
}
