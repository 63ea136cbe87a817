// The reference of a live value, `COMMAND | PATH [| DECIMALS]`, parsed, and the value its PATH selects
// from the command's JSON, formatted as prose shows it. Pure: runs nothing (live_value.hpp runs the
// commands and substitutes the values into a lesson's prose).
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
//                                                   or smallest), .sum .max .min; .count (how many
//                                                   elements, of any array: dimensions.count)
//     also over some of its elements, named:        output[apple][food,tech].argmax
// DECIMALS (default 3) applies to numbers; a whole number from JSON (a count) prints without decimals
// when no DECIMALS are given.

#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace attn::course {

struct LiveRef {
    std::string command;          // "run -s \"I ate the apple\""
    std::string path;             // "stages.weights[apple][ate]"
    std::optional<int> decimals;  // digits after the point, when given
};

// What a path selects: a number, or a label (a token, or a reduction's argmax).
struct LiveValue {
    bool is_number = false;
    double number = 0;  // −∞ for a masked (null) cell
    std::string label;
    bool whole = false;  // the JSON held an integer (a count, a size)
};

// The parts of a reference split at each '|' outside double quotes (a sentence may hold a '|'), trimmed.
std::vector<std::string> split_live_parts(const std::string& reference);

// Splits "COMMAND | PATH [| DECIMALS]". Throws InputError (without a location; callers add it).
LiveRef parse_live_ref(const std::string& reference);

// Selects `path` from `doc`. Throws InputError naming the part of the path that does not resolve and
// what was there instead (the keys, or the labels, it could have been).
LiveValue select_live_value(const nlohmann::json& doc, const std::string& path);

// The value as prose shows it: a label as is, a number with `decimals` digits (default 3, or none for a
// whole number), "-inf" for a masked cell.
std::string format_live_value(const LiveValue& value, std::optional<int> decimals);

// A condition's "PATH OP VALUE" (the part of an `=if` span after its command), split at its operator
// outside brackets. OP is one of == != < <= > >=. Throws InputError when there is none.
struct LiveCondition {
    std::string path, op, value;
};
LiveCondition split_live_condition(const std::string& text);

// Whether `left OP right` holds: numbers compare as numbers, labels (== and != only) case-insensitively.
// Throws InputError when a number meets a label, or labels meet an ordering.
bool compare_live_values(const LiveValue& left, const std::string& op, const LiveValue& right);

}  // namespace attn::course
