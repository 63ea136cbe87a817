// The attention core against hand-computed values and its defining properties.
#include <cmath>

#include "check_matrices.hpp"
#include "math/attention.hpp"
#include "math/random.hpp"

using attn::test::check_matrices;
namespace m = attn::math;

TEST_CASE("scores 112 and 96 with d_k = 64 scale to 14 and 12 and weigh 0.8808 and 0.1192",
          "[attention][hand]") {
    const arma::mat scores = {{112.0, 96.0}};
    const arma::mat scaled = m::scale_scores(scores, 64);
    check_matrices(scaled, arma::mat{{14.0, 12.0}});
    const arma::mat weights = m::softmax_rows(scaled);
    // By hand: 1 / (1 + e^-2) and e^-2 / (1 + e^-2).
    const double e2 = std::exp(-2.0);
    check_matrices(weights, arma::mat{{1.0 / (1.0 + e2), e2 / (1.0 + e2)}});
    CHECK(weights(0, 0) == Approx(0.8808).margin(5e-5));
    CHECK(weights(0, 1) == Approx(0.1192).margin(5e-5));
}

TEST_CASE("softmax of logits near 1e5 does not overflow", "[attention][softmax]") {
    const arma::mat logits = {{1e5, 1e5 - 1.0, 1e5 - 2.0}};
    const arma::mat weights = m::softmax_rows(logits);
    const double z = 1.0 + std::exp(-1.0) + std::exp(-2.0);
    check_matrices(weights, arma::mat{{1.0 / z, std::exp(-1.0) / z, std::exp(-2.0) / z}});
}

TEST_CASE("a masked huge logit neither overflows nor zeroes its row", "[attention][mask]") {
    const arma::mat scaled = {{1e300, 1.0, 2.0}};
    const arma::umat keep = {{0, 1, 1}};
    const arma::mat weights = m::softmax_rows(m::apply_mask(scaled, keep));
    const double z = std::exp(-1.0) + 1.0;
    check_matrices(weights, arma::mat{{0.0, std::exp(-1.0) / z, 1.0 / z}});
}

TEST_CASE("a fully masked row is an error naming the row", "[attention][mask]") {
    const arma::mat scaled = {{1.0, 2.0}, {3.0, 4.0}};
    const arma::umat keep = {{1, 1}, {0, 0}};
    REQUIRE_THROWS_WITH(m::softmax_rows(m::apply_mask(scaled, keep)), Catch::Contains("row 1"));
}

TEST_CASE("causal keep-matrix lets query i see keys 0..i", "[attention][mask]") {
    const arma::umat keep = m::causal_keep(3, 3);
    const arma::umat expected = {{1, 0, 0}, {1, 1, 0}, {1, 1, 1}};
    REQUIRE(arma::all(arma::vectorise(keep == expected)));
}

TEST_CASE("padding keep-matrix hides the pad keys from every query", "[attention][mask]") {
    const arma::umat keep = m::padding_keep(2, {false, true, false});
    const arma::umat expected = {{1, 0, 1}, {1, 0, 1}};
    REQUIRE(arma::all(arma::vectorise(keep == expected)));
}

TEST_CASE("properties hold over random sizes", "[attention][property]") {
    for (std::uint64_t seed = 1; seed <= 25; ++seed) {
        const arma::uword L = 1 + seed % 7, S = 1 + (seed * 3) % 9, d_k = 1 + seed % 5,
                          d_v = 1 + (seed * 7) % 4;
        const arma::mat q = m::seeded_normal(L, d_k, seed), k = m::seeded_normal(S, d_k, seed + 100);
        const arma::mat v = m::seeded_normal(S, d_v, seed + 200);
        const m::HeadTrace t = m::attend(q, k, v, std::nullopt);
        INFO("seed " << seed << " L=" << L << " S=" << S);
        check_matrices(arma::mat(arma::sum(t.weights, 1)), arma::mat(L, 1, arma::fill::ones));
        REQUIRE(t.output.n_rows == L);
        REQUIRE(t.output.n_cols == d_v);
        // Adding a constant to a row of logits changes nothing.
        arma::mat shifted = t.scaled;
        shifted.row(0) += 1234.5;
        check_matrices(m::softmax_rows(shifted), t.weights);
        // The causal mask leaves the upper triangle exactly 0.
        if (L == S) {
            const m::HeadTrace c = m::attend(q, k, v, m::causal_keep(L, S));
            for (arma::uword i = 0; i < L; ++i)
                for (arma::uword j = i + 1; j < S; ++j) REQUIRE(c.weights(i, j) == 0.0);
        }
    }
}

TEST_CASE("shape errors name the shapes", "[attention][errors]") {
    const arma::mat q(3, 4, arma::fill::ones), k(5, 3, arma::fill::ones);
    REQUIRE_THROWS_WITH(m::dot_scores(q, k), Catch::Contains("(3, 4)") && Catch::Contains("(5, 3)"));
    const m::ProjectionWeights w{arma::mat(6, 4, arma::fill::ones),
                                 arma::mat(6, 4, arma::fill::ones),
                                 arma::mat(6, 6, arma::fill::ones),
                                 {}};
    REQUIRE_THROWS_WITH(m::self_attention(arma::mat(3, 5, arma::fill::ones), w, 1, std::nullopt),
                        Catch::Contains("(6, 4)"));
    REQUIRE_THROWS_AS(m::self_attention(arma::mat(3, 6, arma::fill::ones), w, 3, std::nullopt),
                      std::invalid_argument);
}

TEST_CASE("temperature divides the scaled scores before the softmax: a hand calculation",
          "[attention][temperature]") {
    // q = k = the 2x2 identity, d_k = 2: scores = I, scaled = I / sqrt 2; with T = 0.5, tempered = I *
    // sqrt 2.
    const arma::mat q = arma::eye(2, 2), v = {{1.0, 0.0}, {0.0, 10.0}};
    m::HeadVariant hv;
    hv.temperature = 0.5;
    const m::HeadTrace t = m::attend(q, q, v, std::nullopt, hv);
    REQUIRE(t.tempered.has_value());
    const double r2 = std::sqrt(2.0);
    check_matrices(*t.tempered, arma::mat{{r2, 0.0}, {0.0, r2}}, 1e-12);
    // By hand: row 0 weighs e^sqrt2 / (e^sqrt2 + 1) and 1 / (e^sqrt2 + 1).
    const double big = std::exp(r2) / (std::exp(r2) + 1.0), small = 1.0 / (std::exp(r2) + 1.0);
    check_matrices(t.weights, arma::mat{{big, small}, {small, big}}, 1e-12);
    check_matrices(t.output, arma::mat{{big, 10.0 * small}, {small, 10.0 * big}}, 1e-12);
    // T = 1 adds no stage and changes nothing; T = 2 flattens: e^(1/(2 sqrt 2)) against 1.
    hv.temperature = 1.0;
    REQUIRE_FALSE(m::attend(q, q, v, std::nullopt, hv).tempered.has_value());
    hv.temperature = 2.0;
    const double e = std::exp(1.0 / (2.0 * r2));
    check_matrices(m::attend(q, q, v, std::nullopt, hv).weights,
                   arma::mat{{e / (e + 1), 1 / (e + 1)}, {1 / (e + 1), e / (e + 1)}}, 1e-12);
    // The mask still gives exactly 0 after the temperature: causal keeps row 0 on key 0 alone.
    hv.temperature = 0.5;
    const m::HeadTrace masked = m::attend(q, q, v, m::causal_keep(2, 2), hv);
    REQUIRE(std::isinf((*masked.masked)(0, 1)));
    check_matrices(masked.weights, arma::mat{{1.0, 0.0}, {small, big}}, 1e-12);
}

TEST_CASE("a temperature that is not a positive finite number is refused", "[attention][temperature]") {
    const arma::mat q = arma::eye(2, 2);
    for (double bad : {0.0, -1.0, std::nan(""), static_cast<double>(INFINITY)}) {
        m::HeadVariant hv;
        hv.temperature = bad;
        REQUIRE_THROWS_AS(m::attend(q, q, q, std::nullopt, hv), std::invalid_argument);
    }
    m::HeadVariant tiny;
    tiny.temperature = 1e-310;  // scaled / T overflows: an error that says so, not a NaN weight
    REQUIRE_THROWS_WITH(m::attend(q * 1e10, q, q, std::nullopt, tiny), Catch::Contains("larger temperature"));
}
