// Checking a learner's answer against the expected one: pure functions, no I/O, no locale.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace attn::course {

// Reads a number as a learner types it, whatever the locale: "0.25", "-3", "1e-3", ".5", "1/4",
// "-3/8", "0,25" (a decimal comma, when there is no point), "25%". Surrounding spaces are ignored.
// Returns nothing for anything else, and for a result that is not finite ("1/0", "nan").
std::optional<double> parse_number(const std::string& text);

// |given − expected| ≤ tolerance, with a little slack for the rounding of decimal input.
bool numbers_match(double given, double expected, double tolerance);

// Labels compared without regard to case or surrounding spaces: "Apple" matches "apple".
bool labels_match(const std::string& given, const std::string& expected);

// The index of the choice the learner meant: its number (1-based), its letter (a, b, ...) or its
// text (case-insensitive). Nothing when the answer names no choice.
std::optional<size_t> pick_choice(const std::string& given, const std::vector<std::string>& choices);

// The entries of a hand calculation typed on one line: separated by spaces or ';'.
std::vector<std::string> split_entries(const std::string& text);

}  // namespace attn::course
