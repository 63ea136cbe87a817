// attn check --strict: literal decimals in lesson prose that equal a number the lesson's own commands
// print. Such a number is bound to the data and goes stale when the learner edits it; the prose should
// quote it live (`=COMMAND | PATH`) or, for a definition or constant, mark it (`=const 0.25`).
// Pure: the cli runs the commands and hands over what they printed.
#pragma once
#include <string>
#include <vector>

namespace attn::course {

// Every decimal number ("3.225", "-1.5", "−0.3") in `printed`, the text a command wrote.
std::vector<double> printed_numbers(const std::string& printed);

struct BoundLiteral {
    long line = 0;
    std::string literal;  // as the prose writes it: "3.225"
};

// The literal decimals of Markdown `prose` (a block starting at `first_line`) outside fenced code and
// code spans (live values and `=const` spans are code spans) that equal one of `printed` when rounded
// to the literal's own decimals.
std::vector<BoundLiteral> bound_literals(const std::string& prose, long first_line,
                                         const std::vector<double>& printed);

}  // namespace attn::course
