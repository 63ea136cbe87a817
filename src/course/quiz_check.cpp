// check_answer (course/quiz.hpp): the verdict on one answer.
#include <cmath>

#include "course/answer_check.hpp"
#include "course/quiz.hpp"
#include "inputs/input_error.hpp"

namespace attn::course {

namespace {

double read_number(const std::string& text, const std::string& what) {
    const std::optional<double> n = parse_number(text);
    if (!n)
        throw InputError("cannot read " + what + " '" + text +
                         "' as a number; write it like 0.25, -1.5, 1/4 or 2e-3");
    return *n;
}

Verdict check_hand_answer(const Question& q, const HandTask& task, const std::string& answer) {
    Verdict v;
    std::vector<double> given;
    const std::vector<std::string> entries = split_entries(answer);
    if (entries.empty())
        throw InputError(
            "the answer is empty; give the entries of the calculation separated by spaces or ';'");
    if (entries.size() > task.entries.size())
        throw InputError("the answer has " + std::to_string(entries.size()) +
                         " entries but the calculation has " + std::to_string(task.entries.size()) +
                         " (attn quiz N --list shows them)");
    for (size_t k = 0; k < entries.size(); ++k)
        given.push_back(read_number(entries[k], "entry " + std::to_string(k + 1)));
    const HandCheck check = check_hand(task, given, q.tolerance);
    for (size_t k = 0; k < check.right + (check.wrong ? 1 : 0); ++k)
        v.entries.push_back({task.entries[k].name, given[k], expected_entry(task, given, k),
                             !check.wrong || k < *check.wrong});
    v.right = check.complete;
    if (check.wrong) {
        const size_t k = *check.wrong;
        v.message = "Entry " + std::to_string(k + 1) + ", " + task.entries[k].name + ", is " +
                    short_value(given[k]) + "; from your earlier entries it should be " +
                    entry_formula(task, given, k) + " = " + short_value(check.expected) + "." +
                    (k ? " Your first " + std::to_string(k) + " entries are right." : "");
    } else if (!check.complete) {
        v.message = "Right so far (" + std::to_string(check.right) + " of " +
                    std::to_string(task.entries.size()) +
                    " entries); next: " + task.entries[check.right].name + ".";
    } else {
        v.message = "Right: every entry checks, and the weight is " + short_value(given.back()) +
                    " (live: " + short_value(task.truth.weight) + ").";
    }
    return v;
}

}  // namespace

Verdict check_answer(const Question& q, const ExpectedAnswer& a, const std::string& answer) {
    if (q.kind == QuestionKind::edit)
        throw InputError("question '" + q.id +
                         "' is an edit challenge: it has no answer to type; change the data until its goal "
                         "holds and check it with attn quiz N --question " +
                         q.id + " --check");
    if (a.hand) {
        Verdict v = check_hand_answer(q, *a.hand, answer);
        v.given = answer;
        v.expected = a.text;
        v.expected_number = a.hand->truth.weight;
        return v;
    }
    Verdict v;
    v.given = answer;
    v.expected = a.text;
    if (a.value.is_number) v.expected_number = a.value.number;
    if (answer.find_first_not_of(" \t\r\n") == std::string::npos) throw InputError("the answer is empty");
    if (a.choice) {
        const std::optional<size_t> picked = pick_choice(answer, q.choices);
        if (!picked)
            throw InputError(
                "'" + answer +
                "' is not one of the choices; answer with its letter (a, b, ...), number or text");
        v.right = *picked == *a.choice;
    } else if (a.value.is_number) {
        v.right = numbers_match(read_number(answer, "the answer"), a.value.number, q.tolerance);
    } else {
        v.right = labels_match(answer, a.value.label);
    }
    // The expected value is not in the message, so that a learner can try again (JSON has it, for graders).
    v.message = v.right ? "Right: " + a.text + "." : "Not quite.";
    return v;
}

}  // namespace attn::course
