// The variant stage functions (math/variants.hpp) and the seam in `attend`: hand-computed values and
// the properties each variant exists for.
#include "check_matrices.hpp"
#include "math/attention.hpp"
#include "math/linear_attention_kernel.hpp"
#include "math/random.hpp"
#include "math/variants.hpp"

using attn::test::check_matrices;
namespace m = attn::math;

namespace {
m::HeadVariant rope_at(double offset) {
    m::HeadVariant v;
    v.rope = m::Rope{10000.0, offset};
    return v;
}

arma::mat random_matrix(arma::uword rows, arma::uword cols, std::uint64_t seed) {
    return m::seeded_projection(rows, cols, seed) * 3.0;
}
}  // namespace

TEST_CASE("RoPE rotates each interleaved pair by position times theta_i", "[variants][rope]") {
    // d = 4, base 100: theta_0 = 1, theta_1 = 100^(-1/2) = 0.1. Row 0 is at position 2.
    const arma::mat x = {{1.0, 0.0, 0.0, 2.0}};
    const arma::mat r = m::rope_rotate(x, 100.0, 2.0);
    const arma::mat expected = {{std::cos(2.0), std::sin(2.0), -2.0 * std::sin(0.2), 2.0 * std::cos(0.2)}};
    check_matrices(r, expected, 1e-15);
    // Position 0 is no rotation at all.
    check_matrices(m::rope_rotate(x, 100.0, 0.0), x, 0.0);
}

TEST_CASE("RoPE keeps lengths and makes q.k depend only on the offset", "[variants][rope]") {
    const arma::mat q = random_matrix(6, 8, 1), k = random_matrix(6, 8, 2);
    const arma::mat qr = m::rope_rotate(q, 10000.0, 0.0);
    check_matrices(arma::sum(arma::square(qr), 1), arma::sum(arma::square(q), 1), 1e-12);
    // Shift every position by 5: all the dot products, hence the weights, stay the same.
    const arma::mat scores = m::rope_rotate(q, 10000.0, 0.0) * m::rope_rotate(k, 10000.0, 0.0).t();
    const arma::mat shifted = m::rope_rotate(q, 10000.0, 5.0) * m::rope_rotate(k, 10000.0, 5.0).t();
    check_matrices(shifted, scores, 1e-12);
    // Through attend: the whole head is unchanged by the shift.
    const arma::mat v = random_matrix(6, 3, 3);
    const m::HeadTrace at0 = m::attend(q, k, v, std::nullopt, rope_at(0.0));
    const m::HeadTrace at5 = m::attend(q, k, v, std::nullopt, rope_at(5.0));
    check_matrices(at5.weights, at0.weights, 1e-12);
    REQUIRE_FALSE(arma::approx_equal(*at5.q_rot, *at0.q_rot, "absdiff", 1e-3));  // the vectors did move
}

TEST_CASE("RoPE: reordering the tokens changes the weights, unlike plain attention", "[variants][rope]") {
    const arma::mat q = random_matrix(4, 4, 4), k = random_matrix(4, 4, 5), v = random_matrix(4, 2, 6);
    const arma::uvec swap = {1, 0, 2, 3};  // swap the first two tokens
    const arma::mat qs = q.rows(swap), ks = k.rows(swap), vs = v.rows(swap);
    const m::HeadTrace plain = m::attend(q, k, v, std::nullopt),
                       plain_swapped = m::attend(qs, ks, vs, std::nullopt);
    // Without positions, swapping tokens only permutes rows and columns of the weights.
    check_matrices(plain_swapped.weights, plain.weights.submat(swap, swap), 1e-12);
    const m::HeadTrace rope = m::attend(q, k, v, std::nullopt, rope_at(0.0));
    const m::HeadTrace rope_swapped = m::attend(qs, ks, vs, std::nullopt, rope_at(0.0));
    REQUIRE_FALSE(arma::approx_equal(arma::mat(rope_swapped.weights),
                                     arma::mat(rope.weights.submat(swap, swap)), "absdiff", 1e-6));
}

TEST_CASE("RoPE refuses an odd d_k, naming it", "[variants][rope]") {
    REQUIRE_THROWS_WITH(m::rope_rotate(arma::mat(2, 3, arma::fill::ones), 10000.0, 0.0),
                        Catch::Contains("d_k must be even"));
    const arma::mat q(3, 6, arma::fill::ones);
    m::Variant variant;
    variant.rope = m::Rope{};
    REQUIRE_THROWS_WITH(m::attention_from_qkv(q, q, q, 2, std::nullopt, arma::mat(arma::eye(6, 6)), variant),
                        Catch::Contains("d_k = 3"));
}

TEST_CASE("ALiBi slopes by hand: powers of two and the in-between rule", "[variants][alibi]") {
    REQUIRE(m::alibi_slopes(1) == std::vector<double>{1.0 / 256});
    REQUIRE(m::alibi_slopes(2) == std::vector<double>{1.0 / 16, 1.0 / 256});
    REQUIRE(m::alibi_slopes(4) == std::vector<double>{0.25, 1.0 / 16, 1.0 / 64, 1.0 / 256});
    // 3 heads: the 2-head slopes, then the first of every other 4-head slope.
    REQUIRE(m::alibi_slopes(3) == std::vector<double>{1.0 / 16, 1.0 / 256, 0.25});
}

TEST_CASE("ALiBi bias: -m|i-j| both ways, -m(i-j) when causal", "[variants][alibi]") {
    const arma::mat symmetric = {{0, -0.5, -1.0}, {-0.5, 0, -0.5}, {-1.0, -0.5, 0}};
    check_matrices(m::alibi_bias(3, 3, 0.5, false), symmetric, 0.0);
    const arma::mat causal = {{0, 0.5, 1.0}, {-0.5, 0, 0.5}, {-1.0, -0.5, 0}};
    check_matrices(m::alibi_bias(3, 3, 0.5, true), causal, 0.0);
}

TEST_CASE("ALiBi is added before the mask: biased = scaled + bias, blocked cells still -inf",
          "[variants][alibi]") {
    const arma::mat q = random_matrix(4, 2, 7), k = random_matrix(4, 2, 8), v = random_matrix(4, 2, 9);
    m::HeadVariant hv;
    hv.alibi_slope = 0.25;
    hv.causal = true;
    const m::HeadTrace t = m::attend(q, k, v, m::causal_keep(4, 4), hv);
    check_matrices(*t.biased, t.scaled + m::alibi_bias(4, 4, 0.25, true), 0.0);
    REQUIRE(std::isinf((*t.masked)(0, 3)));
    check_matrices(t.weights, m::softmax_rows(m::apply_mask(*t.biased, m::causal_keep(4, 4))), 0.0);
}

TEST_CASE("window keep-matrices by hand", "[variants][window]") {
    const arma::umat w2 = m::window_keep(5, 5, 2, 0);
    const arma::umat expect_w2 = {
        {1, 0, 0, 0, 0}, {1, 1, 0, 0, 0}, {0, 1, 1, 0, 0}, {0, 0, 1, 1, 0}, {0, 0, 0, 1, 1}};
    REQUIRE(arma::all(arma::vectorise(w2 == expect_w2)));
    const arma::umat w2s1 = m::window_keep(5, 5, 2, 1);
    const arma::umat expect_w2s1 = {
        {1, 0, 0, 0, 0}, {1, 1, 0, 0, 0}, {1, 1, 1, 0, 0}, {1, 0, 1, 1, 0}, {1, 0, 0, 1, 1}};
    REQUIRE(arma::all(arma::vectorise(w2s1 == expect_w2s1)));
    // A window as long as the sentence is the causal mask; so are sinks covering everything.
    REQUIRE(arma::all(arma::vectorise(m::window_keep(6, 6, 6, 0) == m::causal_keep(6, 6))));
    REQUIRE(arma::all(arma::vectorise(m::window_keep(6, 6, 1, 6) == m::causal_keep(6, 6))));
    REQUIRE_THROWS_WITH(m::window_keep(3, 3, 0, 0), Catch::Contains("at least 1"));
}

TEST_CASE("a window is ANDed with the caller's mask and recorded in the trace", "[variants][window]") {
    const arma::mat q = random_matrix(5, 2, 10);
    m::Variant variant;
    variant.window = m::Window{2, 1};
    const std::vector<bool> pad = {false, false, false, false, true};
    const m::AttentionTrace t =
        m::attention_from_qkv(q, q, q, 1, m::padding_keep(5, pad), std::nullopt, variant);
    const arma::umat expected = m::combine_keep(m::window_keep(5, 5, 2, 1), m::padding_keep(5, pad));
    REQUIRE(arma::all(arma::vectorise(*t.keep == expected)));
    REQUIRE(t.heads[0].weights(4, 4) == 0.0);
    REQUIRE(t.heads[0].weights(4, 2) == 0.0);
    REQUIRE(t.heads[0].weights(4, 0) > 0.0);
}

TEST_CASE("elu + 1 by hand", "[variants][linear]") {
    const arma::mat x = {{-1.0, 0.0, 2.0}};
    check_matrices(m::elu_plus_one(x), arma::mat{{std::exp(-1.0), 1.0, 3.0}}, 1e-15);
}

TEST_CASE("linear attention: output equals A.V, rows of A sum to 1, causal rows stop at i",
          "[variants][linear]") {
    const arma::mat q = random_matrix(7, 4, 11), k = random_matrix(7, 4, 12), v = random_matrix(7, 3, 13);
    for (bool causal : {false, true}) {
        INFO("causal " << causal);
        const m::LinearTrace t = m::linear_attention(q, k, v, causal);
        check_matrices(t.output, t.weights * v, 1e-12);
        check_matrices(arma::sum(t.weights, 1), arma::ones(7, 1), 1e-12);
        REQUIRE(arma::all(arma::vectorise(t.weights) >= 0.0));
        if (causal)
            for (arma::uword i = 0; i < 7; ++i)
                for (arma::uword j = i + 1; j < 7; ++j) REQUIRE(t.weights(i, j) == 0.0);
        else
            check_matrices(t.kv, m::elu_plus_one(k).t() * v, 1e-12);
    }
    // The last causal row sees every key, so it equals the non-causal last row.
    check_matrices(m::linear_attention(q, k, v, true).output.row(6),
                   m::linear_attention(q, k, v, false).output.row(6), 1e-12);
}

TEST_CASE("linear attention refuses padding and arbitrary masks, RoPE and ALiBi", "[variants][linear]") {
    const arma::mat q = random_matrix(3, 2, 14);
    m::HeadVariant linear;
    linear.kernel = m::Kernel::linear;
    REQUIRE_THROWS_WITH(m::attend(q, q, q, m::padding_keep(3, {false, false, true}), linear),
                        Catch::Contains("no mask or the causal mask"));
    linear.causal = true;
    REQUIRE_NOTHROW(m::attend(q, q, q, m::causal_keep(3, 3), linear));
    linear.rope = m::Rope{};
    REQUIRE_THROWS_WITH(m::attend(q, q, q, std::nullopt, linear), Catch::Contains("without RoPE"));
}

TEST_CASE("the default variant is the 2017 attention: no optional stage appears", "[variants]") {
    const arma::mat q = random_matrix(3, 2, 15);
    const m::HeadTrace t = m::attend(q, q, q, std::nullopt);
    REQUIRE_FALSE(t.q_rot);
    REQUIRE_FALSE(t.bias);
    REQUIRE_FALSE(t.phi_q);
    check_matrices(t.weights, m::softmax_rows(m::scale_scores(m::dot_scores(q, q), 2)), 0.0);
}

TEST_CASE("the bench's blocked linear kernel equals the traced linear attention",
          "[variants][linear][bench]") {
    // 150 queries: two full blocks of 64 and a partial one, so the carried state is exercised.
    const arma::mat q = random_matrix(150, 8, 16), k = random_matrix(150, 8, 17),
                    v = random_matrix(150, 5, 18);
    for (bool causal : {false, true}) {
        INFO("causal " << causal);
        m::LinearWorkspace<double> ws;
        arma::mat out;
        m::linear_attention_kernel(q, k, v, causal, ws, out);
        check_matrices(out, m::linear_attention(q, k, v, causal).output, 1e-12);
    }
}

TEST_CASE("overflowing scores are refused by both kernels, not turned into NaN weights", "[variants]") {
    const arma::mat huge = {{1e200, 1e200}, {1.0, 1.0}};
    const arma::mat v = {{1.0, 2.0}, {3.0, 4.0}};
    REQUIRE_THROWS_AS(m::attend(huge, huge, v, std::nullopt), m::ScoresOverflow);
    m::HeadVariant linear;
    linear.kernel = m::Kernel::linear;
    REQUIRE_THROWS_AS(m::attend(huge, huge, v, std::nullopt, linear), m::ScoresOverflow);
}
