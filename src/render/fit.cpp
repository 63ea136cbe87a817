#include "render/fit.hpp"

#include <algorithm>
#include <vector>

#include "render/markdown_text.hpp"

namespace attn::render {
namespace {

std::string fit_line(const std::string& line, size_t width) {
    const size_t indent = std::min(line.find_first_not_of(' '), line.size());
    const std::string continuation(std::min(indent + 2, width / 2), ' ');
    // Tokens with the spaces that preceded them, so that a line that is kept keeps its alignment.
    std::vector<std::pair<std::string, std::string>> tokens;
    size_t pos = indent;
    while (pos < line.size()) {
        const size_t start = std::min(line.find_first_not_of(' ', pos), line.size());
        if (start == line.size()) break;
        const size_t end = std::min(line.find(' ', start), line.size());
        const std::string gap = line.substr(pos, start - pos), word = line.substr(start, end - start);
        pos = end;
        if (visible_width(word) <= width - continuation.size() || word.find(',') == std::string::npos) {
            tokens.emplace_back(gap, word);
            continue;
        }
        // A list too long for any line ("x,q,k,v,...") may break after its commas, and only there.
        size_t from = 0;
        for (size_t comma = word.find(','); from < word.size(); comma = word.find(',', from)) {
            const size_t to = comma == std::string::npos ? word.size() : comma + 1;
            tokens.emplace_back(from == 0 ? gap : "", word.substr(from, to - from));
            from = to;
        }
    }
    std::string out, current = line.substr(0, indent);
    bool empty = true;
    for (auto& [gap, word] : tokens) {
        const std::string candidate = current + (empty ? "" : gap) + word;
        if (!empty && visible_width(candidate) > width) {
            out += current + "\n";
            current = continuation + word;
        } else {
            current = candidate;
        }
        empty = false;
    }
    return out + current;
}

}  // namespace

std::string fit_lines(const std::string& text, int width) {
    const size_t w = static_cast<size_t>(std::max(width, 20));
    std::string out;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        const bool newline = end != std::string::npos;
        if (!newline) end = text.size();
        const std::string line = text.substr(start, end - start);
        out += visible_width(line) <= w ? line : fit_line(line, w);
        if (newline) out += "\n";
        start = end + 1;
    }
    return out;
}

std::string fit_command(const std::string& line, int width) {
    const size_t w = static_cast<size_t>(std::max(width, 20));
    if (visible_width(line) <= w) return line;
    // The words, each with the spaces before it, split at spaces that are not inside quotes.
    std::vector<std::pair<std::string, std::string>> words(1);
    char quote = 0;
    for (const char c : line) {
        if (quote == 0 && c == ' ') {
            if (!words.back().second.empty()) words.emplace_back();
            words.back().first += c;
            continue;
        }
        if (c == '"' || c == '\'') quote = quote == 0 ? c : (quote == c ? 0 : quote);
        words.back().second += c;
    }
    const std::string indent = "    ", mark = " \\";
    std::string out, current;
    for (const auto& [gap, word] : words) {
        if (word.empty()) continue;
        if (!current.empty() && visible_width(current + gap + word + mark) > w) {
            out += current + mark + "\n";
            current = indent + word;
        } else {
            current += (current.empty() ? "" : gap) + word;
        }
    }
    return out + current;
}

}  // namespace attn::render
