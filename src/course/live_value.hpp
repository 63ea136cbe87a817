// Live values: numbers (and labels) that lesson prose quotes from the live computation, so that the
// prose says what the screen shows, also after a learner edits the toy data.
//
// A reference is the text of an inline code span that starts with '=':
//     `=run -s "I ate the apple" | stages.weights[apple][ate] | 3`
// COMMAND | PATH [| DECIMALS]. The command runs with `--format json` (through a runner the cli gives,
// so that course does not depend on cli); PATH selects from its JSON:
//   - object keys, separated by '.':               stages.weights
//   - array elements in brackets, a 0-based index   heads[1]
//     or a label:                                   weights[apple][ate]
//     Labels resolve (case-insensitively) through the string arrays of the enclosing objects: the
//     first bracket of a matrix prefers `tokens` (attn seq2seq: `target`), later ones and a lone
//     vector's `key_tokens` (`source`, then `dimensions`); only a list as long as the array counts.
//   - a reduction of a numeric array at the end:    .argmax .argmin (the label, or index, of the largest
//                                                   or smallest), .sum .max .min
// DECIMALS (default 3) applies to numbers; a whole number from JSON (a count) prints without decimals
// when no DECIMALS are given.
//
// A claim that holds only for some data is conditional: the prose between
//     `=if COMMAND | PATH OP VALUE`   ...   [`=else`   ...]   `=end`
// shows only when the condition holds (else the part after `=else`). OP is == != < <= > >=; VALUE is
// a number, another PATH of the same command's JSON, or (for == and !=) a label:
//     `=if run -s "I ate the apple" | stages.weights[apple].argmax == ate`apple looks hardest at ate`=end`
#pragma once
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace attn::course {

// Runs one attn command line (without "attn") with `--format json` and returns its stdout. Throws a
// std::exception whose message says why when the command fails.
using CommandRunner = std::function<std::string(const std::string& command_line)>;

struct LiveRef {
    std::string command;           // "run -s \"I ate the apple\""
    std::string path;              // "stages.weights[apple][ate]"
    std::optional<int> decimals;   // digits after the point, when given
};

// What a path selects: a number, or a label (a token, or a reduction's argmax).
struct LiveValue {
    bool is_number = false;
    double number = 0;  // −∞ for a masked (null) cell
    std::string label;
    bool whole = false;  // the JSON held an integer (a count, a size)
};

// Splits "COMMAND | PATH [| DECIMALS]". Throws InputError (without a location; callers add it).
LiveRef parse_live_ref(const std::string& reference);

// Selects `path` from `doc`. Throws InputError naming the part of the path that does not resolve and
// what was there instead (the keys, or the labels, it could have been).
LiveValue select_live_value(const nlohmann::json& doc, const std::string& path);

// The value as prose shows it: a label as is, a number with `decimals` digits (default 3, or none for a
// whole number), "-inf" for a masked cell.
std::string format_live_value(const LiveValue& value, std::optional<int> decimals);

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
    // The JSON `command` printed in the lesson's own run of it (an `attn` block): references to the
    // same command line quote that run instead of running it again. Parsed only when referenced.
    void remember(const std::string& command, std::string json_text);
    // How many commands actually ran (the rest came from the cache).
    size_t commands_run() const { return runs_; }
    const std::string& lesson_path() const { return lesson_path_; }

private:
    const nlohmann::json& document(const std::string& command, long line);

    CommandRunner runner_;
    std::string lesson_path_;
    std::map<std::string, nlohmann::json> cache_;
    std::map<std::string, std::string> remembered_;  // command → JSON text, not parsed yet
    size_t runs_ = 0;
};

// Replaces every inline live span (`=...`) in the Markdown `text` of a block starting at `first_line`
// by its value, leaving fenced code and other code spans alone.
std::string substitute_live_values(const std::string& text, long first_line, LiveEvaluator& evaluator);

}  // namespace attn::course
