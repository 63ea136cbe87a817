// Questions in lesson files: a fenced block with the info string `question` holds TOML that says what
// to ask and where the answer lives in the live data (docs/teaching.md).
#pragma once
#include <string>
#include <vector>

namespace attn::course {

enum class QuestionKind { predict, numeric, choice, cell, hand, edit };

struct Question {
    std::string id;  // unique in its lesson: "apple-ate-weight"
    QuestionKind kind = QuestionKind::numeric;
    std::string prompt;                // what the learner reads
    std::string answer;                // live reference "COMMAND | PATH" (every kind but hand and edit)
    double tolerance = 0.005;          // numbers within this absolute distance are right
    std::vector<std::string> choices;  // choice (and optionally predict): the options shown
    std::vector<std::string> hints;    // up to three, from a nudge to the worked computation
    // hand: the weight (query, key) of `head` in the output of `command` (an attn command line).
    std::string command;
    std::string query, key;
    unsigned head = 0;
    // edit: goals "COMMAND | LEFT OP RIGHT" (course/edit_goal.hpp) that must all hold on the live data.
    std::vector<std::string> goals;
    std::string path;  // the lesson file
    long line = 0;     // the line of the opening fence
};

// "predict", "numeric", ... as written in the lesson file.
std::string kind_name(QuestionKind kind);

// Parses the TOML of one ```question block whose opening fence is at `fence_line` of `path`. Throws
// InputError "PATH:LINE: ..." for bad TOML, a missing or unknown key, an unknown kind, or a value of the
// wrong type.
Question parse_question(const std::string& toml_text, const std::string& path, long fence_line);

}  // namespace attn::course
