// The quiz use case: a question's expected answer computed from the live data, and the verdict on a
// learner's answer. Returns reports; prints nothing.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "course/edit_goal.hpp"
#include "course/hand_calculation.hpp"
#include "course/lesson.hpp"
#include "course/live_value.hpp"

namespace attn::course {

// The right answer to one question, as the live data has it now.
struct ExpectedAnswer {
    LiveValue value;                 // every kind but hand
    std::optional<size_t> choice;    // the right choice's index, when the question has choices
    std::optional<HandTask> hand;    // kind = hand
    std::optional<EditStatus> edit;  // kind = edit: whether its goals hold on the data now
    std::string text;                // the answer as a learner would write it: "0.2345", "ate", "b) ate"
    std::string source;              // where it comes from: "attn run ... | stages.weights[apple][ate]"
};

// Computes the answer: evaluates the question's live reference, or (hand) runs its command and
// explains the weight with math::explain_weight, or (edit) evaluates its goals. Throws InputError
// "LESSON:LINE: ..." when the reference does not resolve, the live answer is not among the choices, or the
// hand cell is unknown.
ExpectedAnswer expected_answer(const Question& question, LiveEvaluator& evaluator,
                               const CommandRunner& runner);

// One entry of a hand calculation in a verdict.
struct EntryVerdict {
    std::string name;
    double given = 0;
    double expected = 0;  // from the learner's own earlier entries
    bool right = false;
};

struct Verdict {
    bool right = false;
    std::string given;     // the answer as typed
    std::string expected;  // ExpectedAnswer::text
    std::optional<double> expected_number;
    std::string message;                // one or two sentences for the learner
    std::vector<EntryVerdict> entries;  // hand: every entry up to the first wrong one
};

// Judges `answer`. Numbers compare as numbers within the question's tolerance (fractions and a decimal
// comma accepted), labels without case, choices by number, letter or text; a hand calculation is a
// list of entries (spaces or ';' between them) checked in order up to the first wrong one. Throws
// InputError when the answer cannot be read (not a number where one is needed, an unknown choice).
Verdict check_answer(const Question& question, const ExpectedAnswer& expected, const std::string& answer);

// For a hand calculation: the data the learner works from (q, k, the row's scaled scores).
std::string hand_givens(const HandTask& task);

// The worked solution: for a hand calculation every entry with its formula, else the source and value.
std::string worked_solution(const Question& question, const ExpectedAnswer& expected);

}  // namespace attn::course
