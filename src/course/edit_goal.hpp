// Edit challenges (kind = "edit"): the learner changes the toy data (or flags) until a goal about the
// live results holds, as in rustlings. A goal is one line a teacher writes in the lesson file:
//
//     COMMAND | LEFT OP RIGHT
//
// COMMAND runs with --format json, as for live values (live_value.hpp). OP is == != < <= > >=. LEFT and
// RIGHT are each
//   - a PATH of the command's JSON (live_path.hpp):  stages.weights[apple][phone], heads[1].d_k
//   - a number:                                       0.005
//   - a label (== and != only):                       phone
//   - |PATH - PATH|: the largest absolute difference of two numbers, or of two equally long lists of
//     numbers element by element (two rows):          |stages.output[I] - stages.output[ate]| <= 0.001
// For example:
//     run -s "I love my apple phone" | stages.weights[apple].argmax == phone
//     run -s "I ate the apple" | stages.scaled[apple][ate] >= 3
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "course/live_value.hpp"
#include "course/question.hpp"

namespace attn::course {

struct EditGoal {
    std::string command;
    std::string left, op, right;
};

// Splits a goal. Throws InputError (without a location) when it is not COMMAND | LEFT OP RIGHT.
EditGoal parse_edit_goal(const std::string& goal);

// One goal, evaluated on the current data.
struct GoalStatus {
    std::string goal;  // as written
    bool holds = false;
    // How far off, in words: "apple → phone 0.154, apple → apple 0.565: still 0.411 short".
    std::string detail;
    std::optional<double> gap;  // how far from holding (0 when it holds); none for labels or !=
};

struct EditStatus {
    bool holds = false;  // every goal holds
    std::vector<GoalStatus> goals;
};

// Evaluates every goal of an edit question with `evaluator` (so a command shared by goals runs once).
// Throws InputError "LESSON:LINE: ..." when a command fails or a path does not resolve.
EditStatus check_edit_goals(const Question& question, LiveEvaluator& evaluator);

// One line for the learner: "Goal reached." or the first goal's detail.
std::string edit_summary(const EditStatus& status);

}  // namespace attn::course
