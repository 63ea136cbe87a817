// attn scaling: entropy and saturation by hand, the measurement's determinism, and the binary.
#include <cmath>
#include <nlohmann/json.hpp>

#include "check_matrices.hpp"
#include "course/scaling.hpp"
#include "inputs/input_error.hpp"
#include "math/random.hpp"
#include "math/scaling.hpp"
#include "run_binary.hpp"

using attn::test::check_matrices;
using attn::test::run_attn;
namespace math = attn::math;
namespace course = attn::course;

TEST_CASE("entropy in nats", "[scaling]") {
    REQUIRE(std::fabs(math::entropy_nats(arma::rowvec{0.5, 0.5}) - 0.6931471805599453) <= 1e-12);
    REQUIRE(math::entropy_nats(arma::rowvec{1.0, 0.0}) == 0.0);
    REQUIRE(std::fabs(math::entropy_nats(arma::rowvec{0.25, 0.25, 0.25, 0.25}) - std::log(4.0)) <= 1e-12);
}

TEST_CASE("softmax saturation of two rows by hand", "[scaling]") {
    // Row 0: (0, 0) → (0.5, 0.5). Row 1: (log 3, 0) → (0.75, 0.25).
    const arma::mat logits{{0.0, 0.0}, {std::log(3.0), 0.0}};
    const math::Saturation s = math::softmax_saturation(logits);
    REQUIRE(std::fabs(s.mean_max_weight - 0.625) <= 1e-12);
    // (log 2 − 0.75 log 0.75 − 0.25 log 0.25) / 2
    REQUIRE(std::fabs(s.mean_entropy - 0.6277411625893767) <= 1e-12);
}

TEST_CASE("random scores are |q_t| · z_(t, j) from the two seeded draws", "[scaling]") {
    const arma::mat scores = math::random_scores(3, 2, 2, 5);
    const arma::mat q = math::seeded_normal(2, 3, 5);  // (trials, d_k)
    const arma::mat z = math::seeded_normal(2, 2, 6);  // (trials, n_keys)
    const double n0 = std::sqrt(arma::dot(q.row(0), q.row(0))), n1 = std::sqrt(arma::dot(q.row(1), q.row(1)));
    const arma::mat expected{{n0 * z(0, 0), n0 * z(0, 1)}, {n1 * z(1, 0), n1 * z(1, 1)}};
    check_matrices(scores, expected, 1e-12);
}

TEST_CASE("|q|·z has the distribution of q·k: same variance, same saturation as drawn keys", "[scaling]") {
    // The shortcut against real keys, on many draws: the sample variance of q·k and the mean largest
    // unscaled weight agree within sampling error.
    const arma::uword d_k = 16, n_keys = 10, trials = 4000;
    const arma::mat q = math::seeded_normal(trials, d_k, 101),
                    k = math::seeded_normal(trials * n_keys, d_k, 102);
    arma::mat direct(trials, n_keys);
    for (arma::uword t = 0; t < trials; ++t)
        direct.row(t) = q.row(t) * k.rows(t * n_keys, (t + 1) * n_keys - 1).t();  // (1, d_k)·(d_k, n_keys)
    const arma::mat shortcut = math::random_scores(d_k, n_keys, trials, 7);
    const double v_direct = arma::var(arma::vectorise(direct)),
                 v_shortcut = arma::var(arma::vectorise(shortcut));
    REQUIRE(std::fabs(v_direct / 16 - 1) < 0.05);
    REQUIRE(std::fabs(v_shortcut / 16 - 1) < 0.05);
    const double w_direct = math::softmax_saturation(direct).mean_max_weight;
    const double w_shortcut = math::softmax_saturation(shortcut).mean_max_weight;
    REQUIRE(std::fabs(w_direct - w_shortcut) < 0.02);
}

TEST_CASE("the variance of q·k grows like d_k and the unscaled softmax saturates", "[scaling]") {
    const math::ScalingMeasurement small = math::measure_scaling(4, 10, 1000, 42);
    const math::ScalingMeasurement large = math::measure_scaling(512, 10, 1000, 42);
    REQUIRE(std::fabs(small.score_variance / 4 - 1) < 0.1);
    REQUIRE(std::fabs(large.score_variance / 512 - 1) < 0.1);
    REQUIRE(large.unscaled.mean_max_weight > 0.9);  // nearly one-hot
    REQUIRE(large.scaled.mean_max_weight < 0.5);    // scaling keeps it spread
    REQUIRE(large.unscaled.mean_entropy < 0.3 * std::log(10.0));
    const math::ScalingMeasurement again = math::measure_scaling(512, 10, 1000, 42);
    REQUIRE(again.score_variance == large.score_variance);  // same seed, same bits
    REQUIRE(again.unscaled.mean_entropy == large.unscaled.mean_entropy);
}

TEST_CASE("scaling request checks", "[scaling]") {
    course::ScalingRequest r;
    r.d_ks = {0};
    REQUIRE_THROWS_AS(course::run_scaling(r), course::InputError);
    r.d_ks = {4};
    r.keys = 1;
    REQUIRE_THROWS_AS(course::run_scaling(r), course::InputError);
    r.keys = 1000;
    r.trials = 100000;
    r.d_ks = {4096};
    REQUIRE_THROWS_AS(course::run_scaling(r), course::InputError);
}

TEST_CASE("attn scaling end to end", "[scaling][cli]") {
    // One query, two keys, d_k = 2: recompute every number from the same seeded draws.
    const auto r = run_attn(
        {"scaling", "--d-k", "2", "--keys", "2", "--trials", "1", "--seed", "3", "--format", "json"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const nlohmann::json doc = nlohmann::json::parse(r.out);
    const arma::mat s = math::random_scores(2, 2, 1, 3);  // (1, 2)
    const double mean = (s(0, 0) + s(0, 1)) / 2;
    const double variance = (std::pow(s(0, 0) - mean, 2) + std::pow(s(0, 1) - mean, 2)) / 1;  // n − 1 = 1
    const nlohmann::json& row = doc["results"][0];
    REQUIRE(std::fabs(row["score_variance"].get<double>() - variance) <= 1e-12);
    const double w = 1 / (1 + std::exp(-std::fabs(s(0, 0) - s(0, 1))));
    REQUIRE(std::fabs(row["unscaled"]["mean_max_weight"].get<double>() - w) <= 1e-12);
    const double ws = 1 / (1 + std::exp(-std::fabs(s(0, 0) - s(0, 1)) / std::sqrt(2.0)));
    REQUIRE(std::fabs(row["scaled"]["mean_max_weight"].get<double>() - ws) <= 1e-12);
    REQUIRE(std::fabs(doc["uniform_entropy"].get<double>() - std::log(2.0)) <= 1e-12);

    const auto text = run_attn({"scaling", "--color", "never"});
    REQUIRE(text.exit_code == 0);
    REQUIRE(text.out.find("d_k=512") != std::string::npos);
    for (const std::vector<std::string>& bad : {std::vector<std::string>{"scaling", "--d-k", "0"},
                                                {"scaling", "--keys", "1"},
                                                {"scaling", "--d-k", "abc"},
                                                {"scaling", "--trials", "100000", "--keys", "1000"}}) {
        const auto b = run_attn(bad);
        INFO(b.err);
        REQUIRE(b.exit_code == 2);
        REQUIRE(b.out.empty());
    }
}
