// The detector of attn check --strict (bound_numbers.hpp), the same rule as the project's before-stop
// hook: a decimal whose neighbours are not word characters or points, equal within half a unit of its
// last digit.
#include "course/bound_numbers.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>

namespace attn::course {

namespace {

const std::string kMinus = "\xe2\x88\x92";  // U+2212, the minus sign the renderers print

bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.'; }

struct Found {
    size_t at;
    std::string text;  // with '-' for a minus sign
};

// The decimals of `text` ("1.5", "-0.3"), not parts of longer words or numbers ("v1.2.3", "x1.5").
std::vector<Found> decimals_in(const std::string& text) {
    std::vector<Found> out;
    for (size_t k = 0; k < text.size(); ++k) {
        if (!std::isdigit(static_cast<unsigned char>(text[k])) || (k > 0 && word_char(text[k - 1]))) continue;
        size_t end = k;
        while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) ++end;
        // Only a point right after the digits starts a fraction; past the end there is none.
        const bool point = end < text.size() && text[end] == '.';
        size_t frac = point ? end + 1 : end;
        while (frac < text.size() && std::isdigit(static_cast<unsigned char>(text[frac]))) ++frac;
        const bool decimal = point && frac > end + 1;
        // A sentence's full stop may follow a number; a point and a digit may not ("1.2.3").
        const bool ends = frac == text.size() || !word_char(text[frac]) ||
                          (text[frac] == '.' && (frac + 1 == text.size() ||
                                                 !std::isdigit(static_cast<unsigned char>(text[frac + 1]))));
        if (decimal && ends) {
            std::string number = text.substr(k, frac - k);
            if (k > 0 && text[k - 1] == '-') number = "-" + number;
            if (k >= 3 && text.compare(k - 3, 3, kMinus) == 0) number = "-" + number;
            out.push_back({k, number});
        }
        k = std::max(k, decimal ? frac - 1 : end - 1);
    }
    return out;
}

// `row` with its code spans blanked (same length, so positions stay).
std::string without_code_spans(std::string row) {
    size_t open = row.find('`');
    while (open != std::string::npos) {
        const size_t close = row.find('`', open + 1);
        if (close == std::string::npos) break;
        for (size_t k = open; k <= close; ++k) row[k] = ' ';
        open = row.find('`', close + 1);
    }
    return row;
}

bool is_fence(const std::string& row) {
    const size_t first = row.find_first_not_of(" \t");
    return first != std::string::npos &&
           (row.compare(first, 3, "```") == 0 || row.compare(first, 3, "~~~") == 0);
}

}  // namespace

std::vector<double> printed_numbers(const std::string& printed) {
    std::vector<double> out;
    for (const Found& f : decimals_in(printed)) out.push_back(std::strtod(f.text.c_str(), nullptr));
    return out;
}

std::vector<BoundLiteral> bound_literals(const std::string& prose, long first_line,
                                         const std::vector<double>& printed) {
    std::vector<BoundLiteral> out;
    bool fenced = false;
    long line = first_line;
    for (size_t start = 0; start <= prose.size(); ++line) {
        size_t end = prose.find('\n', start);
        if (end == std::string::npos) end = prose.size();
        const std::string row = prose.substr(start, end - start);
        start = end + 1;
        if (is_fence(row)) fenced = !fenced;
        if (fenced || is_fence(row)) continue;
        for (const Found& f : decimals_in(without_code_spans(row))) {
            const double value = std::strtod(f.text.c_str(), nullptr);
            const size_t digits = f.text.size() - f.text.find('.') - 1;
            const double half_unit = 0.5 * std::pow(10.0, -static_cast<double>(digits)) + 1e-12;
            for (double p : printed)
                if (std::fabs(value - p) <= half_unit) {
                    out.push_back({line, f.text});
                    break;
                }
        }
    }
    return out;
}

}  // namespace attn::course
