// attn softmax: naive and stable softmax, temperature and the two mask fills, by hand and end to end.
#include <cmath>
#include <nlohmann/json.hpp>

#include "check_matrices.hpp"
#include "course/softmax_demo.hpp"
#include "inputs/input_error.hpp"
#include "math/softmax_demo.hpp"
#include "run_binary.hpp"

using attn::test::check_matrices;
using attn::test::run_attn;
namespace math = attn::math;
namespace course = attn::course;

TEST_CASE("naive softmax: exp/sum, and inf/inf = nan once exp overflows", "[softmax-demo]") {
    const math::NaiveSoftmax small = math::naive_softmax(arma::rowvec{0.0, std::log(3.0)});
    check_matrices(small.exps, arma::rowvec{1.0, 3.0}, 1e-12);
    REQUIRE(std::fabs(small.sum - 4.0) <= 1e-12);
    check_matrices(small.weights, arma::rowvec{0.25, 0.75}, 1e-12);
    const math::NaiveSoftmax big = math::naive_softmax(arma::rowvec{1000.0, 999.0});
    REQUIRE(std::isinf(big.exps(0)));
    REQUIRE(std::isinf(big.sum));
    REQUIRE(std::isnan(big.weights(0)));
    REQUIRE(std::isnan(big.weights(1)));
}

TEST_CASE("stable softmax subtracts the max: 1000, 999, 998 is fine", "[softmax-demo]") {
    const math::StableSoftmax s = math::stable_softmax(arma::rowvec{1000.0, 999.0, 998.0});
    REQUIRE(s.max == 1000.0);
    check_matrices(s.shifted, arma::rowvec{0.0, -1.0, -2.0}, 1e-12);
    // 1 + e^-1 + e^-2, and each term divided by it
    REQUIRE(std::fabs(s.sum - 1.5032147244080551) <= 1e-12);
    check_matrices(s.weights, arma::rowvec{0.6652409557748218, 0.24472847105479764, 0.09003057317038046},
                   1e-12);
    REQUIRE(std::fabs(arma::accu(s.weights) - 1.0) <= 1e-12);
}

TEST_CASE("temperature divides the logits", "[softmax-demo]") {
    const arma::rowvec z = math::apply_temperature(arma::rowvec{2.0, 0.0}, 2.0);
    check_matrices(z, arma::rowvec{1.0, 0.0}, 1e-12);
    // softmax(1, 0) = (e/(e+1), 1/(e+1))
    check_matrices(math::stable_softmax(z).weights, arma::rowvec{0.7310585786300049, 0.2689414213699951},
                   1e-12);
    REQUIRE_THROWS_AS(math::apply_temperature(z, 0.0), std::invalid_argument);
    REQUIRE_THROWS_WITH(math::apply_temperature(z, 0.0), Catch::EndsWith("got 0"));  // not 0.000000
}

TEST_CASE("mask fills: -inf and -1e9 agree on a partly masked row", "[softmax-demo]") {
    course::SoftmaxRequest r;
    r.logits = "1, 0, 0.1";
    r.mask = "1,1,0";
    const course::SoftmaxDemo d = course::run_softmax_demo(r);
    REQUIRE(d.mask);
    REQUIRE(std::isinf(d.mask->with_infinity(2)));
    REQUIRE(d.mask->with_large(2) == -1e9);
    const arma::rowvec expected{0.7310585786300049, 0.2689414213699951, 0.0};
    check_matrices(d.mask->infinity.weights, expected, 1e-12);
    check_matrices(d.mask->large.weights, expected, 1e-12);
    REQUIRE_FALSE(d.mask->fully_masked);
    REQUIRE(d.mask->largest_difference == 0.0);
}

TEST_CASE("a fully masked row: nan with -inf, uniform with -1e9", "[softmax-demo]") {
    course::SoftmaxRequest r;
    r.logits = "2,1";
    r.mask = "0,0";
    const course::SoftmaxDemo d = course::run_softmax_demo(r);
    REQUIRE(d.mask->fully_masked);
    REQUIRE(std::isnan(d.mask->infinity.weights(0)));
    check_matrices(d.mask->large.weights, arma::rowvec{0.5, 0.5}, 1e-12);
}

TEST_CASE("softmax demo input checks", "[softmax-demo]") {
    course::SoftmaxRequest r;
    r.logits = "1,x";
    REQUIRE_THROWS_AS(course::run_softmax_demo(r), course::InputError);
    r.logits = "1,,2";
    REQUIRE_THROWS_AS(course::run_softmax_demo(r), course::InputError);
    r.logits = "1,2,3";
    r.mask = "1,1";
    REQUIRE_THROWS_AS(course::run_softmax_demo(r), course::InputError);
    r.mask = "1,2,1";
    REQUIRE_THROWS_AS(course::run_softmax_demo(r), course::InputError);
    r.mask.reset();
    r.temperatures = {-1.0};
    REQUIRE_THROWS_AS(course::run_softmax_demo(r), course::InputError);
    REQUIRE(course::parse_number_list("-3, 0.5,1e2", "--logits") == std::vector<double>{-3.0, 0.5, 100.0});
}

TEST_CASE("attn softmax end to end", "[softmax-demo][cli]") {
    const auto j =
        run_attn({"softmax", "--logits", "1000,999,998", "--temperature", "1,2", "--format", "json"});
    INFO(j.err);
    REQUIRE(j.exit_code == 0);
    const nlohmann::json doc = nlohmann::json::parse(j.out);
    REQUIRE(doc["naive"]["overflowed"] == true);
    REQUIRE(doc["naive"]["weights"][0].is_null());
    REQUIRE(std::fabs(doc["stable"]["weights"][0].get<double>() - 0.6652409557748218) <= 1e-12);
    // T = 2: logits 500, 499.5, 499 → shifted 0, -0.5, -1
    const double s2 = 1 + std::exp(-0.5) + std::exp(-1.0);
    REQUIRE(std::fabs(doc["temperatures"][1]["weights"][0].get<double>() - 1 / s2) <= 1e-12);

    const auto t = run_attn({"softmax", "--logits", "2,1", "--mask", "0,0", "--color", "never"});
    REQUIRE(t.exit_code == 0);
    REQUIRE(t.out.find("nan") != std::string::npos);
    REQUIRE(t.out.find("uniform") != std::string::npos);

    for (const std::vector<std::string>& bad : {std::vector<std::string>{"softmax", "--logits", "1,abc"},
                                                {"softmax", "--temperature", "0"},
                                                {"softmax", "--logits", "1,2,3", "--mask", "1,0"},
                                                {"softmax", "--format", "csv"}}) {
        const auto b = run_attn(bad);
        INFO(bad[1] << " " << bad[2] << ": " << b.err);
        REQUIRE(b.exit_code == 2);
        REQUIRE(b.out.empty());
    }
    const auto h = run_attn({"softmax", "--help"});
    REQUIRE(h.out.find("Examples") != std::string::npos);
}

TEST_CASE("attn softmax --show prints only the parts asked for", "[softmax-demo][cli]") {
    const auto stable = attn::test::run_attn({"softmax", "--logits", "2,1,0.1", "--show", "stable"});
    REQUIRE(stable.exit_code == 0);
    CHECK(stable.out.find("2. stable softmax") != std::string::npos);
    CHECK(stable.out.find("1. naive softmax") == std::string::npos);
    CHECK(stable.out.find("3. temperature") == std::string::npos);
    const auto weights = attn::test::run_attn({"softmax", "--logits", "0,0,0,0", "--show", "weights"});
    REQUIRE(weights.exit_code == 0);
    CHECK(weights.out.find("0.2500") != std::string::npos);
    CHECK(weights.out.find("stable") == std::string::npos);
    const auto no_mask = attn::test::run_attn({"softmax", "--logits", "2,1", "--show", "mask"});
    CHECK(no_mask.exit_code == 2);
    CHECK(no_mask.err.find("--mask") != std::string::npos);
}
