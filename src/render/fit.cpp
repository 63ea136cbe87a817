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
        tokens.emplace_back(line.substr(pos, start - pos), line.substr(start, end - start));
        pos = end;
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

}  // namespace attn::render
