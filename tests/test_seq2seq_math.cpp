// Encoder–decoder attention: hand-computed values and the properties that define it.
#include <cmath>

#include "check_matrices.hpp"
#include "math/random.hpp"
#include "math/recurrent.hpp"
#include "math/seq2seq.hpp"
#include "math/seq2seq_cost.hpp"
#include "math/seq2seq_explain.hpp"
#include "math/seq2seq_hard.hpp"

using attn::test::check_matrices;
namespace m = attn::math;

namespace {
const double kInf = std::numeric_limits<double>::infinity();

m::Seq2SeqConfig config(m::AttentionKind attention, arma::uword window) {
    m::Seq2SeqConfig c;
    c.attention = attention;
    c.window = window;
    return c;
}
}  // namespace

TEST_CASE("a recurrent step is tanh(W_x x + W_h h + b), by hand", "[seq2seq][recurrent]") {
    const m::RecurrentWeights w{arma::mat(1, 1, arma::fill::value(1.0)),
                                arma::mat(1, 1, arma::fill::value(0.5)), arma::vec{0.25}};
    const arma::mat states = m::recurrent_states(arma::mat(arma::vec{1.0, -2.0}), w, arma::rowvec{0.4});
    const double h0 = std::tanh(1.0 + 0.5 * 0.4 + 0.25);
    check_matrices(states, arma::mat(arma::vec{h0, std::tanh(-2.0 + 0.5 * h0 + 0.25)}));
    REQUIRE_THROWS_WITH(m::recurrent_states(arma::mat(2, 3, arma::fill::ones), w, arma::rowvec{0.0}),
                        Catch::Contains("(1, 1)"));
}

TEST_CASE("the four score functions by hand, with no 1/sqrt(d) scaling", "[seq2seq][hand]") {
    const arma::rowvec h = {1.0, 2.0};
    const arma::mat hs = {{3.0, 4.0}, {1.0, 0.0}};
    SECTION("dot: h_t . hbar_s = 11 and 1") {
        check_matrices(arma::mat(m::score_row(m::ScoreKind::dot, h, hs, {}, 0, 1)), arma::mat{{11.0, 1.0}});
    }
    SECTION("general: h_t^T W_a hbar_s with W_a (d_t, d_s)") {
        m::ScoreWeights w;
        w.wa = arma::mat{{1.0, 0.0}, {0.0, -1.0}};  // h W_a = (1, -2)
        check_matrices(arma::mat(m::score_row(m::ScoreKind::general, h, hs, w, 0, 1)),
                       arma::mat{{3.0 - 8.0, 1.0}});
    }
    SECTION("concat: v_a^T tanh(W_a [h_t; hbar_s]); the first d_t columns multiply h_t") {
        m::ScoreWeights w;
        w.wa = arma::mat{{1.0, 0.0, 0.0, 0.5}};  // d_a = 1: h_t[0] + 0.5·hbar_s[1]
        w.va = arma::vec{2.0};
        check_matrices(arma::mat(m::score_row(m::ScoreKind::concat, h, hs, w, 0, 1)),
                       arma::mat{{2.0 * std::tanh(1.0 + 2.0), 2.0 * std::tanh(1.0)}});
    }
    SECTION("additive: v_a^T tanh(W_a s + U_a hbar_j)") {
        m::ScoreWeights w;
        w.wa = arma::mat{{0.0, 1.0}, {1.0, 0.0}};   // (d_a = 2, d_t)
        w.ua = arma::mat{{1.0, 0.0}, {0.0, -1.0}};  // (d_a, d_s)
        w.va = arma::vec{1.0, -1.0};
        const double s0 = std::tanh(2.0 + 3.0) - std::tanh(1.0 - 4.0),
                     s1 = std::tanh(2.0 + 1.0) - std::tanh(1.0);
        check_matrices(arma::mat(m::score_row(m::ScoreKind::additive, h, hs, w, 0, 1)), arma::mat{{s0, s1}});
        const m::ScoreDetail d = m::score_detail(m::ScoreKind::additive, h, hs.row(0), w);
        REQUIRE(std::fabs(d.score - s0) <= 1e-12);
        check_matrices(arma::mat(d.pre), arma::mat{{5.0, -3.0}});
    }
}

TEST_CASE("local-m with D = 1 softmaxes over t-1..t+1 only and leaves exact zeros outside",
          "[seq2seq][local]") {
    const arma::mat hs = {{1.0, 0.0}, {0.0, 1.0}, {1.0, 1.0}, {2.0, 0.0}};
    const arma::mat ht = {{1.0, 0.0}, {0.0, 1.0}, {1.0, 1.0}};
    const m::Seq2SeqTrace t = m::seq2seq_attention(ht, ht, hs, config(m::AttentionKind::local_m, 1));
    // Step 1 sees positions 0..2 with scores 0, 1, 1.
    const double z = 1.0 + 2.0 * std::exp(1.0);
    check_matrices(arma::mat(t.steps[1].weights),
                   arma::mat{{1.0 / z, std::exp(1.0) / z, std::exp(1.0) / z, 0.0}});
    REQUIRE(t.steps[1].scores(3) == -kInf);
    REQUIRE(t.steps[0].first == 0);
    REQUIRE(t.steps[0].last == 1);
    REQUIRE(t.steps[2].first == 1);
    REQUIRE(t.steps[2].last == 3);
}

TEST_CASE("the local-p Gaussian is 1 at p_t and exp(-2) at p_t +- D, and is not renormalised",
          "[seq2seq][local]") {
    const arma::rowvec g = m::gaussian_row(2.0, 2, 5, 0, 4);
    check_matrices(arma::mat(g),
                   arma::mat{{std::exp(-2.0), std::exp(-0.5), 1.0, std::exp(-0.5), std::exp(-2.0)}});
    const arma::mat hs = m::seeded_normal(6, 3, 11), ht = m::seeded_normal(4, 3, 12);
    m::Seq2SeqConfig c = config(m::AttentionKind::local_p, 2);
    c.position = m::PositionWeights{m::seeded_normal(2, 3, 13), arma::vec{0.7, -0.4}};
    const m::Seq2SeqTrace t = m::seq2seq_attention(ht, ht, hs, c);
    for (const m::StepTrace& s : t.steps) {
        REQUIRE(*s.position > 0.0);
        REQUIRE(*s.position < 6.0);
        check_matrices(arma::mat(s.weights), arma::mat(s.content % *s.gaussian));
        REQUIRE(arma::accu(s.weights) < 1.0);
    }
}

TEST_CASE("p_t = S * sigmoid(v_p . tanh(W_p h_t)) by hand", "[seq2seq][local]") {
    const m::PositionWeights w{arma::mat{{1.0, 0.0}}, arma::vec{2.0}};
    const double z = 2.0 * std::tanh(0.5);
    REQUIRE(std::fabs(m::predicted_position(arma::rowvec{0.5, 9.0}, w, 8) - 8.0 / (1.0 + std::exp(-z))) <=
            1e-12);
}

TEST_CASE("windows are clipped to the sentence - an empty window names its step",
          "[seq2seq][local][errors]") {
    REQUIRE(m::local_window(0.4, 2, 6, 0) == std::make_pair(arma::uword(0), arma::uword(2)));
    REQUIRE(m::local_window(5.5, 2, 6, 0) == std::make_pair(arma::uword(4), arma::uword(5)));
    REQUIRE(m::local_window(2.0, 1, 6, 0) == std::make_pair(arma::uword(1), arma::uword(3)));
    REQUIRE_THROWS_WITH(m::local_window(7.0, 1, 4, 7), Catch::Contains("step 7") && Catch::Contains("0..3"));
    REQUIRE_THROWS_WITH(m::local_window(1.0, 0, 4, 1), Catch::Contains("at least 1"));
    const arma::mat hs = m::seeded_normal(3, 2, 1), ht = m::seeded_normal(6, 2, 2);
    REQUIRE_THROWS_WITH(m::seq2seq_attention(ht, ht, hs, config(m::AttentionKind::local_m, 1)),
                        Catch::Contains("step 4"));
}

TEST_CASE("properties over random sizes: zeros outside the window, local-m with D >= S and D >= T is global",
          "[seq2seq][property]") {
    for (std::uint64_t seed = 1; seed <= 30; ++seed) {
        const arma::uword S = 1 + seed % 9, T = 1 + (seed * 5) % 7, d = 1 + seed % 4, D = 1 + seed % 3;
        const arma::mat hs = m::seeded_normal(S, d, seed), ht = m::seeded_normal(T, d, seed + 50);
        INFO("seed " << seed << " S=" << S << " T=" << T << " D=" << D);
        const m::Seq2SeqTrace global = m::seq2seq_attention(ht, ht, hs, config(m::AttentionKind::global, D));
        const m::Seq2SeqTrace wide =
            m::seq2seq_attention(ht, ht, hs, config(m::AttentionKind::local_m, std::max(S, T)));
        check_matrices(wide.alignment, global.alignment);
        check_matrices(wide.contexts, global.contexts);
        check_matrices(arma::mat(arma::sum(global.alignment, 1)), arma::mat(T, 1, arma::fill::ones));
        check_matrices(global.contexts, arma::mat(global.alignment * hs));
        if (T > S + D) continue;  // local-m would run off the end of the source
        const m::Seq2SeqTrace local = m::seq2seq_attention(ht, ht, hs, config(m::AttentionKind::local_m, D));
        for (const m::StepTrace& s : local.steps) {
            for (arma::uword j = 0; j < S; ++j)
                if (j < s.first || j > s.last) REQUIRE(s.weights(j) == 0.0);
            REQUIRE(std::fabs(arma::accu(s.weights) - 1.0) <= 1e-12);
        }
    }
}

TEST_CASE("score weights of the wrong shape or missing are named with their shapes", "[seq2seq][errors]") {
    const arma::mat hs(4, 3, arma::fill::ones), ht(2, 2, arma::fill::ones);
    REQUIRE_THROWS_WITH(m::seq2seq_attention(ht, ht, hs, config(m::AttentionKind::global, 1)),
                        Catch::Contains("d_t = 2") && Catch::Contains("d_s = 3"));
    m::Seq2SeqConfig c = config(m::AttentionKind::global, 1);
    c.score = m::ScoreKind::general;
    REQUIRE_THROWS_WITH(m::seq2seq_attention(ht, ht, hs, c), Catch::Contains("needs W_a"));
    c.weights.wa = arma::mat(3, 2, arma::fill::ones);
    REQUIRE_THROWS_WITH(m::seq2seq_attention(ht, ht, hs, c),
                        Catch::Contains("(3, 2)") && Catch::Contains("(2, 3)"));
    c.score = m::ScoreKind::concat;
    c.weights.wa = arma::mat(3, 5, arma::fill::ones);
    REQUIRE_THROWS_WITH(m::seq2seq_attention(ht, ht, hs, c), Catch::Contains("needs v_a"));
    c.weights.va = arma::vec(2, arma::fill::ones);
    REQUIRE_THROWS_WITH(m::seq2seq_attention(ht, ht, hs, c), Catch::Contains("d_a = 3"));
    c.weights.va = arma::vec(3, arma::fill::ones);
    c.wc = arma::mat(2, 4, arma::fill::ones);
    REQUIRE_THROWS_WITH(m::seq2seq_attention(ht, ht, hs, c), Catch::Contains("W_c (2, 4)"));
}

TEST_CASE("hard attention draws each position with its weight's probability", "[seq2seq][hard]") {
    const arma::rowvec w = {0.0, 0.25, 0.0, 0.75};
    REQUIRE(m::sample_position(w, 0.0) == 1);
    REQUIRE(m::sample_position(w, 0.2499) == 1);
    REQUIRE(m::sample_position(w, 0.25) == 3);
    REQUIRE(m::sample_position(w, 0.9999999) == 3);
    const arma::umat draws = m::sample_positions(arma::mat(w), 20000, 3);
    const double share = arma::accu(draws == 3) / 20000.0;
    REQUIRE(std::fabs(share - 0.75) < 0.02);
    REQUIRE(arma::accu(draws == 0) + arma::accu(draws == 2) == 0);
    REQUIRE(arma::all(arma::vectorise(m::sample_positions(arma::mat(w), 50, 3) == draws.rows(0, 49))));
    const arma::uvec best = m::argmax_positions(arma::mat{{0.1, 0.6, 0.3}, {0.5, 0.2, 0.3}});
    REQUIRE(best(0) == 1);
    REQUIRE(best(1) == 0);
}

TEST_CASE("operations per decoder step, counted by hand", "[seq2seq][cost]") {
    const m::CostDims dims{10, 10, 4, 1};
    // dot, global, S = 10: 10·10 scoring + 3·10 softmax + 10·10 context.
    REQUIRE(m::step_cost(m::ScoreKind::dot, m::AttentionKind::global, dims, 10, 2).total() == 230.0);
    // local-m looks at 2D + 1 = 5 positions whatever S is.
    REQUIRE(m::step_cost(m::ScoreKind::dot, m::AttentionKind::local_m, dims, 1000, 2).total() == 115.0);
    // local-p adds d_p·d_t + 2·d_p + 2 = 14 per step and 4 per position.
    REQUIRE(m::step_cost(m::ScoreKind::dot, m::AttentionKind::local_p, dims, 1000, 2).total() == 149.0);
    // general: d_t·d_s = 100 once, then d_s per position.
    REQUIRE(m::step_cost(m::ScoreKind::general, m::AttentionKind::global, dims, 10, 2).scoring == 200.0);
    // concat: d_a·d_t = 40 once, then d_a·d_s + 3·d_a = 52 per position.
    REQUIRE(m::step_cost(m::ScoreKind::concat, m::AttentionKind::global, dims, 10, 2).scoring ==
            40.0 + 520.0);
    // A sentence shorter than the window: local scores all S positions.
    REQUIRE(m::positions_scored(m::AttentionKind::local_m, 3, 2) == 3);
    const std::vector<m::CostRow> rows = m::cost_table(m::ScoreKind::dot, dims, 2, {10, 1000});
    REQUIRE(rows[1].global == 100.0 * rows[0].global);
    REQUIRE(rows[1].local_m == rows[0].local_m);
}
