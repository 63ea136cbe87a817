#include "course/answer_check.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include "inputs/strings.hpp"

namespace attn::course {

namespace {

// One decimal number, all of `text`. std::from_chars never looks at the locale.
std::optional<double> parse_decimal(std::string text) {
    text = trim(text);
    if (!text.empty() && text[0] == '+') text.erase(0, 1);
    // A decimal comma ("0,25") when there is no point: what a learner in many countries types.
    if (text.find('.') == std::string::npos && std::count(text.begin(), text.end(), ',') == 1)
        std::replace(text.begin(), text.end(), ',', '.');
    if (text.empty() || text.find_first_not_of("0123456789.-eE+") != std::string::npos) return std::nullopt;
    double value = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value, std::chars_format::general);
    if (ec != std::errc() || ptr != end || !std::isfinite(value)) return std::nullopt;
    return value;
}

}  // namespace

std::optional<double> parse_number(const std::string& raw) {
    std::string text = trim(raw);
    double factor = 1;
    if (!text.empty() && text.back() == '%') text.pop_back(), factor = 0.01;
    const size_t slash = text.find('/');
    if (slash == std::string::npos) {
        const std::optional<double> value = parse_decimal(text);
        if (!value) return std::nullopt;
        return *value * factor;
    }
    const std::optional<double> num = parse_decimal(text.substr(0, slash)),
                                den = parse_decimal(text.substr(slash + 1));
    if (!num || !den || *den == 0) return std::nullopt;
    const double value = *num / *den * factor;
    if (!std::isfinite(value)) return std::nullopt;
    return value;
}

bool numbers_match(double given, double expected, double tolerance) {
    if (std::isinf(expected)) return given == expected;
    // The slack covers binary rounding: 0.2345 typed for 0.23 with tolerance 0.0045 is right.
    const double slack = 1e-12 * std::max({1.0, std::fabs(given), std::fabs(expected)});
    return std::fabs(given - expected) <= tolerance + slack;
}

bool labels_match(const std::string& given, const std::string& expected) {
    return lower(trim(given)) == lower(trim(expected));
}

std::optional<size_t> pick_choice(const std::string& raw, const std::vector<std::string>& choices) {
    const std::string given = lower(trim(raw));
    for (size_t i = 0; i < choices.size(); ++i)
        if (given == lower(trim(choices[i]))) return i;
    const bool lettered =
        !given.empty() && given[0] >= 'a' && given[0] < 'a' + static_cast<int>(choices.size());
    if (lettered && given.size() == 1) return static_cast<size_t>(given[0] - 'a');
    // The answer as attn writes it (the expected answer, the worked solution): "b) ate", or just "b)".
    // The letter and the text must name the same choice.
    if (lettered && given[1] == ')') {
        const size_t i = static_cast<size_t>(given[0] - 'a');
        const std::string text = trim(given.substr(2));
        if (text.empty() || text == lower(trim(choices[i]))) return i;
    }
    if (!given.empty() && given.size() < 4 && given.find_first_not_of("0123456789") == std::string::npos) {
        const size_t n = std::stoul(given);
        if (n >= 1 && n <= choices.size()) return n - 1;
    }
    return std::nullopt;
}

std::vector<std::string> split_entries(const std::string& text) {
    std::vector<std::string> entries;
    std::string current;
    for (char c : text + " ") {
        if (c == ' ' || c == ';' || c == '\t' || c == '\n') {
            if (!current.empty()) entries.push_back(current);
            current.clear();
        } else {
            current += c;
        }
    }
    return entries;
}

}  // namespace attn::course
