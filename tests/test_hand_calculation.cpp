// A hand calculation checked entry by entry, each against the learner's own earlier entries.
#include <cmath>

#include "check_matrices.hpp"
#include "course/hand_calculation.hpp"
#include "inputs/input_error.hpp"

using namespace attn::course;

namespace {

// q of the query (1, 2); keys (1, 0), (0, 1), (1, 1): scores 1, 2, 3; d_k = 2.
attn::math::HeadTrace toy_head(bool mask_first_key) {
    attn::math::HeadTrace h;
    h.q = {{1, 2}};
    h.k = {{1, 0}, {0, 1}, {1, 1}};
    h.scores = h.q * h.k.t();
    h.scaled = h.scores / std::sqrt(2.0);
    if (mask_first_key) {
        h.masked = h.scaled;
        (*h.masked)(0, 0) = -INFINITY;
    }
    const arma::mat& logits = h.masked ? *h.masked : h.scaled;
    h.weights = arma::exp(logits - logits.max());
    h.weights /= arma::accu(h.weights);
    return h;
}

HandTask toy_task(arma::uword col, bool mask = false) {
    return make_hand_task(attn::math::explain_weight(toy_head(mask), 0, col), "apple", {"I", "ate", "apple"});
}

// Every entry right, in order, from the exact values.
std::vector<double> exact_entries(const HandTask& task) {
    std::vector<double> given;
    for (size_t k = 0; k < task.entries.size(); ++k) given.push_back(expected_entry(task, given, k));
    return given;
}

}  // namespace

TEST_CASE("the entries of a hand calculation, and their exact values", "[quiz][hand]") {
    const HandTask task = toy_task(1);  // the weight of key "ate" (score 2)
    REQUIRE(task.entries.size() == 2 + 1 + 1 + 3 + 1 + 1);
    CHECK(task.entries[0].name == "product 1 (q[0] * k[0])");
    CHECK(task.entries[3].name == "the scaled score (score / sqrt(d_k))");
    CHECK(task.entries[5].name == "exp(s - max) for key 'ate'");
    const std::vector<double> v = exact_entries(task);
    const double r2 = std::sqrt(2.0), m = 3 / r2;
    const std::vector<double> hand{0,
                                   2,
                                   2,
                                   2 / r2,
                                   std::exp(1 / r2 - m),
                                   std::exp(2 / r2 - m),
                                   1,
                                   std::exp(1 / r2 - m) + std::exp(2 / r2 - m) + 1,
                                   std::exp(2 / r2 - m) / (std::exp(1 / r2 - m) + std::exp(2 / r2 - m) + 1)};
    REQUIRE(v.size() == hand.size());
    for (size_t k = 0; k < v.size(); ++k) CHECK(std::fabs(v[k] - hand[k]) <= 1e-12);
    CHECK(std::fabs(v.back() - toy_head(false).weights(0, 1)) <= 1e-12);
    const HandCheck all = check_hand(task, v, 0.005);
    CHECK(all.complete);
    CHECK_FALSE(all.wrong);
    CHECK(all.right == v.size());
}

TEST_CASE("checking stops at the first wrong entry and says what was expected there", "[quiz][hand]") {
    const HandTask task = toy_task(1);
    std::vector<double> v = exact_entries(task);
    v[2] = 2.5;  // the score: 0 + 2 is not 2.5
    const HandCheck check = check_hand(task, v, 0.005);
    REQUIRE(check.wrong);
    CHECK(*check.wrong == 2);
    CHECK(check.right == 2);
    CHECK(check.expected == 2);
    CHECK_FALSE(check.complete);
    CHECK(entry_formula(task, v, 2) == "0 + 2");
}

TEST_CASE("later entries are expected from the learner's own earlier values", "[quiz][hand]") {
    const HandTask task = toy_task(1);
    // A score rounded within the tolerance is carried on: the scaled score follows it, not the live one.
    std::vector<double> given{0, 2, 2.004};
    CHECK(std::fabs(expected_entry(task, given, 3) - 2.004 / std::sqrt(2.0)) <= 1e-12);
    given.push_back(1.42);  // the scaled score, rounded
    // The asked key's exp uses 1.42, and so does the row maximum when it is the largest (here it is not).
    CHECK(std::fabs(row_max_from(task, given) - 3 / std::sqrt(2.0)) <= 1e-12);
    CHECK(std::fabs(expected_entry(task, given, 5) - std::exp(1.42 - 3 / std::sqrt(2.0))) <= 1e-12);
    given.push_back(0.243);  // exp(0.7071 - 2.1213) = 0.24312
    given.push_back(0.496);  // exp(1.42 - 2.1213) = 0.49595
    given.push_back(1);
    CHECK(std::fabs(expected_entry(task, given, 7) - 1.739) <= 1e-12);  // the row sum of the learner's exps
    given.push_back(1.739);
    CHECK(std::fabs(expected_entry(task, given, 8) - 0.496 / 1.739) <= 1e-12);
    given.push_back(0.285);
    const HandCheck check = check_hand(task, given, 0.005);
    CHECK(check.complete);
    // The same entries fail a tolerance they do not meet, at the first one off by more.
    const HandCheck strict = check_hand(task, given, 0.001);
    REQUIRE(strict.wrong);
    CHECK(*strict.wrong == 2);  // 2.004 is 0.004 from 2
}

TEST_CASE("when the asked key has the largest score, the maximum follows the learner's value",
          "[quiz][hand]") {
    const HandTask task = toy_task(2);  // key "apple", score 3: the row's maximum
    std::vector<double> given{1, 2, 3, 2.12};
    CHECK(row_max_from(task, given) == 2.12);
    CHECK(expected_entry(task, given, 6) == 1);  // its own exp is exp(0)
    CHECK(std::fabs(expected_entry(task, given, 4) - std::exp(1 / std::sqrt(2.0) - 2.12)) <= 1e-12);
}

TEST_CASE("masked keys have no exp entry - a masked asked key is refused", "[quiz][hand]") {
    const HandTask task = toy_task(2, true);
    REQUIRE(task.entries.size() == 2 + 1 + 1 + 2 + 1 + 1);
    CHECK(task.entries[4].name == "exp(s - max) for key 'ate'");
    const std::vector<double> v = exact_entries(task);
    CHECK(std::fabs(v.back() - toy_head(true).weights(0, 2)) <= 1e-12);
    CHECK_THROWS_AS(toy_task(0, true), InputError);
}
