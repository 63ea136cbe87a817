// Live values: numbers (and labels) that lesson prose quotes from the live computation, so that the
// prose says what the screen shows, also after a learner edits the toy data.
//
// A reference is `COMMAND | PATH [| DECIMALS]` (live_path.hpp parses it and selects the value):
//     `=run -s "I ate the apple" | stages.weights[apple][ate] | 3`
// The command runs with `--format json`, through a runner the cli gives, so that course does not
// depend on cli.
//
// A claim that holds only for some data is conditional: the prose between
//     `=if COMMAND | PATH OP VALUE`   ...   [`=else`   ...]   `=end`
// shows only when the condition holds (else the part after `=else`). OP is == != < <= > >=; VALUE is
// a number, another PATH of the same command's JSON, or (for == and !=) a label:
//     `=if run -s "I ate the apple" | stages.weights[apple].argmax == ate`apple looks hardest at ate`=end`
//
// A comparison's wording chosen by two live numbers (a tie: both round to the same 4 decimals, as the
// screen shows them):
//     `=order COMMAND | PATH_A <> PATH_B | WORDS WHEN A IS LARGER | WORDS WHEN TIED | WORDS WHEN B IS`
// A value of the shipped data, beside the learner's (for a sentence true only of the shipped data):
//     `=shipped COMMAND | PATH [| DECIMALS]`   (the command runs with --data on the shipped folder)
// A literal number that is a definition or a constant, not data (attn check --strict passes it):
//     `=const 1e-9`
#pragma once
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "course/live_path.hpp"

namespace attn::course {

// Runs one attn command line (without "attn") with `--format json` and returns its stdout. Throws a
// std::exception whose message says why when the command fails.
using CommandRunner = std::function<std::string(const std::string& command_line)>;

// Evaluates the references of one lesson render: each distinct command runs once.
class LiveEvaluator {
public:
    LiveEvaluator(CommandRunner runner, std::string lesson_path);

    // The value of `reference` (the span's text after '='), found at `line` of the lesson. Throws
    // InputError "LESSON:LINE: ..." when the reference is malformed, its command fails, or its path
    // does not resolve.
    LiveValue evaluate(const std::string& reference, long line);
    // evaluate(), formatted for prose.
    std::string text(const std::string& reference, long line);
    // Whether the condition "COMMAND | PATH OP VALUE" (an `=if` span after "if ") holds.
    bool holds(const std::string& condition, long line);
    // The wording an `=order` span (its text after "order ") chooses.
    std::string order(const std::string& comparison, long line);
    // text() of the same reference on the shipped data (an `=shipped` span after "shipped ").
    std::string shipped_text(const std::string& reference, long line);
    // The JSON `command` printed in the lesson's own run of it (an `attn` block): references to the
    // same command line quote that run instead of running it again. Parsed only when referenced.
    void remember(const std::string& command, std::string json_text);
    // How many commands actually ran (the rest came from the cache).
    size_t commands_run() const { return runs_; }
    const std::string& lesson_path() const { return lesson_path_; }

private:
    const nlohmann::json& document(const std::string& command, long line);
    LiveValue select(const std::string& command, const std::string& path, long line);

    CommandRunner runner_;
    std::string lesson_path_;
    std::map<std::string, nlohmann::json> cache_;
    std::map<std::string, std::string> remembered_;  // command → JSON text, not parsed yet
    std::map<std::string, std::string> failures_;    // command → why it failed (it is not run again)
    size_t runs_ = 0;
};

// Replaces every inline live span (`=...`) in the Markdown `text` of a block starting at `first_line`
// by its value, leaving fenced code and other code spans alone. Throws the first failure (InputError
// "LESSON:LINE: ...").
std::string substitute_live_values(const std::string& text, long first_line, LiveEvaluator& evaluator);

// Every failure of the live spans of `text` (a block starting at `first_line`), each "LESSON:LINE: ...",
// in the order of the text; empty when all of them evaluate. For a teacher's check, every span counts,
// also those of a branch the data hides now (a learner's edit may show it), and one failure does not
// stop the others from being tried.
std::vector<std::string> live_value_failures(const std::string& text, long first_line,
                                             LiveEvaluator& evaluator);

}  // namespace attn::course
