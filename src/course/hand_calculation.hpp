// A hand calculation of one attention weight, entry by entry: each product of the dot product, the
// score, the scaled score, each exp of the row, the row sum, the weight. Each entry is judged against
// what it should be *from the learner's own earlier entries*, so a carried error is counted once.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "math/explain.hpp"

namespace attn::course {

struct HandEntry {
    enum class Part { product, score, scaled, exp, row_sum, weight };
    Part part = Part::product;
    size_t index = 0;  // the dimension for a product, the key for an exp
    std::string name;  // "product 2 (q[1] * k[1])", "exp for key 'ate'"
};

struct HandTask {
    math::WeightExplanation truth;   // the live computation (math::explain_weight)
    std::string query;               // the query's token
    std::vector<std::string> keys;   // the row's key tokens
    std::vector<HandEntry> entries;  // in the order they are asked; masked keys have no exp entry
    bool rotated = false;            // RoPE: truth's q and k terms are the rotated q_rot and k_rot
    bool normalised = false;         // QK-norm without RoPE: they are q_norm and k_norm
};

// The entries to ask for one weight. Throws InputError when the weight's key is masked (its weight is
// 0 without any arithmetic).
HandTask make_hand_task(const math::WeightExplanation& truth, const std::string& query,
                        const std::vector<std::string>& keys);

// What entry k should be, given the learner's entries 0..k-1 (given.size() >= k).
double expected_entry(const HandTask& task, const std::vector<double>& given, size_t k);

// The row maximum that the exps subtract, with the learner's scaled score (entry "scaled") in place of
// the live one; the live maximum when that entry is not given yet.
double row_max_from(const HandTask& task, const std::vector<double>& given);

// The verdict on entries given so far: how many are right before the first wrong one, and for that one
// what was expected. complete = every entry was given and right.
struct HandCheck {
    size_t right = 0;
    std::optional<size_t> wrong;  // index of the first wrong entry
    double expected = 0;          // what it should have been, from the learner's earlier entries
    bool complete = false;
};
HandCheck check_hand(const HandTask& task, const std::vector<double>& given, double tolerance);

// How entry k is computed, with the numbers it uses (the learner's own where they are earlier entries):
// "1.5 * 2.15", "3.225 / 1.7321". Used by prompts, hints and the worked solution.
std::string entry_formula(const HandTask& task, const std::vector<double>& given, size_t k);

// A number for a formula or a message: up to 6 significant digits, no locale ("0.23456", "-1e-07").
std::string short_value(double value);

}  // namespace attn::course
