#include "course/quiz.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "course/answer_check.hpp"
#include "inputs/input_error.hpp"

namespace attn::course {

namespace {

// A JSON array of rows as a matrix; null (a masked cell) is −∞.
arma::mat json_rows(const nlohmann::json& rows, const std::string& what) {
    if (!rows.is_array() || rows.empty() || !rows[0].is_array()) throw InputError(what + " is not a matrix");
    arma::mat m(rows.size(), rows[0].size());
    for (size_t r = 0; r < rows.size(); ++r)
        for (size_t c = 0; c < m.n_cols; ++c) {
            const nlohmann::json& cell = rows[r].at(c);
            m(r, c) = cell.is_null() ? -INFINITY : cell.get<double>();
        }
    return m;
}

std::vector<std::string> labels(const nlohmann::json& doc, const char* key, const char* fallback) {
    const nlohmann::json& list = doc.contains(key) ? doc[key] : doc.value(fallback, nlohmann::json::array());
    std::vector<std::string> out;
    for (const nlohmann::json& item : list)
        out.push_back(item.is_string() ? item.get<std::string>() : item.dump());
    return out;
}

// A token by label (any case) or 0-based index.
size_t find_token(const std::string& name, const std::vector<std::string>& tokens, const std::string& role) {
    for (size_t i = 0; i < tokens.size(); ++i)
        if (labels_match(name, tokens[i])) return i;
    if (!name.empty() && name.size() < 6 && name.find_first_not_of("0123456789") == std::string::npos &&
        std::stoul(name) < tokens.size())
        return std::stoul(name);
    std::string all;
    for (const std::string& t : tokens) all += (all.empty() ? "" : " ") + t;
    throw InputError(role + " '" + name + "' is not a token of the command's output; its tokens are: " + all);
}

HandTask hand_task(const Question& q, const CommandRunner& runner) {
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(runner(q.command));
    } catch (const std::exception& e) {
        throw InputError(at_location(
            q.path, q.line, "question '" + q.id + "': 'attn " + q.command + "' failed: " + e.what()));
    }
    try {
        // One head: its stages are the top-level ones and there is no "heads" list.
        const nlohmann::json heads = doc.contains("heads")
                                         ? doc["heads"]
                                         : nlohmann::json::array({doc.value("stages", nlohmann::json())});
        if (q.head >= heads.size() || !heads[q.head].is_object())
            throw InputError("head " + std::to_string(q.head) + " does not exist; the command has " +
                             std::to_string(heads.size()) +
                             " heads (a hand question needs attn run or attn transformer)");
        const nlohmann::json& h = heads[q.head];
        math::HeadTrace head;
        // A bias variant adds a bias after scaling and linear attention has no softmax: neither is the
        // arithmetic a hand question asks for, so refuse them rather than check the learner against the
        // wrong sums.
        if (h.contains("bias"))
            throw InputError(std::string("a hand question has no entry for ") +
                             math::variant_part(math::VariantPart::bias).name +
                             "'s bias; ask for stages.bias or stages.biased in a numeric question instead");
        if (h.contains("capped"))
            throw InputError(std::string("a hand question has no entry for ") +
                             math::variant_part(math::VariantPart::softcap).name +
                             "; ask for stages.capped in a numeric question instead");
        if (h.contains("sink_weight"))
            throw InputError(std::string("a hand question has no entry for the ") +
                             math::variant_part(math::VariantPart::sinks).name +
                             " column; ask for sink_weight or weights in a numeric question instead");
        if (h.contains("phi_q"))
            throw InputError(
                "a hand question follows the softmax; linear attention (--kernel linear) has "
                "none: ask for its weight in a numeric question instead");
        // With RoPE the scores are dot products of the rotated queries and keys.
        // With QK-norm (and no RoPE) they are dot products of the normalised ones.
        head.q = json_rows(h.contains("q_rot")    ? h.at("q_rot")
                           : h.contains("q_norm") ? h.at("q_norm")
                                                  : h.at("q"),
                           "q");
        head.k = json_rows(h.contains("k_rot")    ? h.at("k_rot")
                           : h.contains("k_norm") ? h.at("k_norm")
                                                  : h.at("k"),
                           "k");
        head.scores = json_rows(h.at("scores"), "scores");
        head.scaled = json_rows(h.at("scaled"), "scaled");
        if (h.contains("masked")) head.masked = json_rows(h.at("masked"), "masked");
        head.weights = json_rows(h.at("weights"), "weights");
        const std::vector<std::string> tokens = labels(doc, "tokens", "tokens"),
                                       keys = labels(doc, "key_tokens", "tokens");
        const size_t row = find_token(q.query, tokens, "query"), col = find_token(q.key, keys, "key");
        HandTask task = make_hand_task(math::explain_weight(head, row, col), tokens.at(row), keys);
        task.rotated = h.contains("q_rot");
        task.normalised = !task.rotated && h.contains("q_norm");
        return task;
    } catch (const InputError& e) {
        throw InputError(at_location(q.path, q.line, "question '" + q.id + "': " + e.what()));
    } catch (const std::exception& e) {
        throw InputError(at_location(q.path, q.line,
                                     "question '" + q.id + "': the output of 'attn " + q.command +
                                         "' has no usable heads (" + e.what() + ")"));
    }
}

// Decimals that show a number to the question's tolerance: 0.005 -> 4.
int decimals_for(double tolerance) {
    if (tolerance <= 0) return 6;
    return std::max(2, std::min(8, static_cast<int>(std::ceil(-std::log10(tolerance))) + 1));
}

std::string choice_label(size_t i, const std::string& text) {
    return std::string(1, static_cast<char>('a' + i)) + ") " + text;
}

// Which choice the live value names: by label, or as a number within the tolerance.
std::optional<size_t> live_choice(const Question& q, const LiveValue& value) {
    for (size_t i = 0; i < q.choices.size(); ++i) {
        if (!value.is_number && labels_match(q.choices[i], value.label)) return i;
        const std::optional<double> n = parse_number(q.choices[i]);
        if (value.is_number && n && numbers_match(*n, value.number, q.tolerance)) return i;
    }
    return std::nullopt;
}

}  // namespace

ExpectedAnswer expected_answer(const Question& q, LiveEvaluator& evaluator, const CommandRunner& runner) {
    ExpectedAnswer a;
    if (q.kind == QuestionKind::hand) {
        a.hand = hand_task(q, runner);
        a.text = short_value(a.hand->truth.weight);
        a.value.is_number = true;
        a.value.number = a.hand->truth.weight;
        a.source = "attn " + q.command + " --explain " + q.query + "," + q.key +
                   (q.head ? " --head " + std::to_string(q.head) : "");
        return a;
    }
    if (q.kind == QuestionKind::edit) {
        a.edit = check_edit_goals(q, evaluator);
        a.text = edit_summary(*a.edit);
        a.source = q.goals.front();
        return a;
    }
    a.value = evaluator.evaluate(q.answer, q.line);
    a.source = "attn " + q.answer;
    // Shown to the tolerance's precision; a whole number (a count, a size, an index) without decimals.
    a.text = !a.value.is_number ? a.value.label
             : a.value.whole    ? format_live_value(a.value, std::nullopt)
             : q.tolerance == 0 ? short_value(a.value.number)
                                : format_live_value(a.value, decimals_for(q.tolerance));
    if (!q.choices.empty()) {
        a.choice = live_choice(q, a.value);
        if (!a.choice)
            throw InputError(
                at_location(q.path, q.line,
                            "question '" + q.id + "': the live answer '" + a.text +
                                "' is not among its choices; add it (the toy data may have changed)"));
        a.text = choice_label(*a.choice, q.choices[*a.choice]);
    }
    return a;
}

std::string hand_givens(const HandTask& task) {
    auto vector = [](const std::vector<double>& v) {
        std::string s;
        for (double x : v) s += (s.empty() ? "" : ", ") + short_value(x);
        return "[" + s + "]";
    };
    std::string row;
    for (size_t j = 0; j < task.keys.size(); ++j)
        if (j != task.truth.col)
            row +=
                (row.empty() ? "" : ", ") + task.keys[j] + " " +
                (std::isfinite(task.truth.row_logits[j]) ? short_value(task.truth.row_logits[j]) : "masked");
    const std::string q = task.rotated      ? "q_rot"
                          : task.normalised ? "q_norm"
                                            : "q",
                      k = task.rotated      ? "k_rot"
                          : task.normalised ? "k_norm"
                                            : "k";
    return q + " of '" + task.query + "' = " + vector(task.truth.q_terms) + "\n" + k + " of '" +
           task.keys[task.truth.col] + "' = " + vector(task.truth.k_terms) +
           "\nd_k = " + std::to_string(task.truth.q_terms.size()) +
           "\nthe other scaled scores of the row: " + row + "\n";
}

std::string worked_solution(const Question&, const ExpectedAnswer& a) {
    if (a.edit) return a.text + "\n";
    if (!a.hand) return "The answer is " + a.text + ".\nIt comes from: " + a.source + "\n";
    const HandTask& t = *a.hand;
    std::vector<double> values;
    std::string out = hand_givens(t);
    for (size_t k = 0; k < t.entries.size(); ++k) {
        const double v = expected_entry(t, values, k);
        out += t.entries[k].name + " = " + entry_formula(t, values, k) + " = " + short_value(v) + "\n";
        values.push_back(v);
    }
    return out + "Check it with: " + a.source + "\n";
}

}  // namespace attn::course
