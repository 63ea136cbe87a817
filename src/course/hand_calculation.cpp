#include "course/hand_calculation.hpp"

#include <charconv>
#include <cmath>

#include "course/answer_check.hpp"
#include "inputs/input_error.hpp"

namespace attn::course {

namespace {

// The position of an entry in the order asked (entries.size() when absent: a masked key's exp).
size_t entry_of(const HandTask& task, HandEntry::Part part, size_t index = 0) {
    for (size_t k = 0; k < task.entries.size(); ++k)
        if (task.entries[k].part == part && task.entries[k].index == index) return k;
    return task.entries.size();
}

// The learner's value for an entry when given, else the live one.
double given_or(const std::vector<double>& given, size_t k, double live) {
    return k < given.size() ? given[k] : live;
}

// The row's logit for key j: the learner's scaled score for the asked key, the live one elsewhere.
double logit(const HandTask& task, const std::vector<double>& given, size_t j) {
    if (j != task.truth.col) return task.truth.row_logits[j];
    return given_or(given, entry_of(task, HandEntry::Part::scaled), task.truth.scaled);
}

}  // namespace

std::string short_value(double value) {
    if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
    char buffer[40];
    // std::to_chars never looks at the locale: a point, whatever LC_NUMERIC says.
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, 6);
    return std::string(buffer, result.ptr);
}

HandTask make_hand_task(const math::WeightExplanation& truth, const std::string& query,
                        const std::vector<std::string>& keys) {
    if (truth.blocked)
        throw InputError("the key '" + keys.at(truth.col) + "' is masked for the query '" + query +
                         "': its weight is 0 without arithmetic; pick a key the query can see");
    HandTask task{truth, query, keys, {}};
    using Part = HandEntry::Part;
    for (size_t d = 0; d < truth.products.size(); ++d)
        task.entries.push_back({Part::product, d,
                                "product " + std::to_string(d + 1) + " (q[" + std::to_string(d) + "] * k[" +
                                    std::to_string(d) + "])"});
    task.entries.push_back({Part::score, 0, "the score (the sum of the products)"});
    task.entries.push_back({Part::scaled, 0, "the scaled score (score / sqrt(d_k))"});
    for (size_t j = 0; j < truth.row_logits.size(); ++j)
        if (std::isfinite(truth.row_logits[j]))
            task.entries.push_back({Part::exp, j, "exp(s - max) for key '" + keys.at(j) + "'"});
    task.entries.push_back({Part::row_sum, 0, "the row sum (the sum of the exps)"});
    task.entries.push_back({Part::weight, 0, "the weight (its exp / the row sum)"});
    return task;
}

double row_max_from(const HandTask& task, const std::vector<double>& given) {
    double m = -INFINITY;
    for (size_t j = 0; j < task.truth.row_logits.size(); ++j)
        if (std::isfinite(task.truth.row_logits[j])) m = std::max(m, logit(task, given, j));
    return m;
}

double expected_entry(const HandTask& task, const std::vector<double>& given, size_t k) {
    const HandEntry& e = task.entries.at(k);
    using Part = HandEntry::Part;
    switch (e.part) {
        case Part::product:
            return task.truth.products[e.index];
        case Part::score: {
            double sum = 0;
            for (size_t i = 0; i < task.truth.products.size(); ++i)
                sum += given_or(given, entry_of(task, Part::product, i), task.truth.products[i]);
            return sum;
        }
        case Part::scaled:
            return given_or(given, entry_of(task, Part::score), task.truth.score) / task.truth.sqrt_d_k;
        case Part::exp:
            return std::exp(logit(task, given, e.index) - row_max_from(task, given));
        case Part::row_sum: {
            double sum = 0;
            for (size_t i = 0; i < task.entries.size(); ++i)
                if (task.entries[i].part == Part::exp)
                    sum += given_or(given, i, task.truth.row_exps[task.entries[i].index]);
            return sum;
        }
        case Part::weight:
            return given_or(given, entry_of(task, Part::exp, task.truth.col),
                            task.truth.row_exps[task.truth.col]) /
                   given_or(given, entry_of(task, Part::row_sum), task.truth.row_sum);
    }
    return 0;
}

HandCheck check_hand(const HandTask& task, const std::vector<double>& given, double tolerance) {
    HandCheck check;
    for (size_t k = 0; k < given.size() && k < task.entries.size(); ++k) {
        const double expected = expected_entry(task, given, k);
        if (!numbers_match(given[k], expected, tolerance)) {
            check.wrong = k;
            check.expected = expected;
            return check;
        }
        ++check.right;
    }
    check.complete = check.right == task.entries.size();
    return check;
}

std::string entry_formula(const HandTask& task, const std::vector<double>& given, size_t k) {
    const HandEntry& e = task.entries.at(k);
    using Part = HandEntry::Part;
    auto value = [&](size_t i) {
        return short_value(given_or(given, i, i < task.entries.size() ? expected_entry(task, given, i) : 0));
    };
    std::string terms;
    switch (e.part) {
        case Part::product:
            return short_value(task.truth.q_terms[e.index]) + " * " +
                   short_value(task.truth.k_terms[e.index]);
        case Part::score:
            for (size_t i = 0; i < task.truth.products.size(); ++i)
                terms += (i ? " + " : "") + value(entry_of(task, Part::product, i));
            return terms;
        case Part::scaled:
            return value(entry_of(task, Part::score)) + " / " + short_value(task.truth.sqrt_d_k);
        case Part::exp:
            return "exp(" + short_value(logit(task, given, e.index)) + " - " +
                   short_value(row_max_from(task, given)) + ")";
        case Part::row_sum:
            for (size_t i = 0; i < task.entries.size(); ++i)
                if (task.entries[i].part == Part::exp) terms += (terms.empty() ? "" : " + ") + value(i);
            return terms;
        case Part::weight:
            return value(entry_of(task, Part::exp, task.truth.col)) + " / " +
                   value(entry_of(task, Part::row_sum));
    }
    return "";
}

}  // namespace attn::course
