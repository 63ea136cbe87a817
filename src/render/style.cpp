#include "render/style.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <sstream>

namespace attn::render {

size_t display_width(const std::string& text) {
    return std::count_if(text.begin(), text.end(),
                         [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
}

std::string wrap(const std::string& text, int width, size_t indent) {
    const size_t lead = text.find_first_not_of(' ');
    if (lead == std::string::npos) return text;
    std::string out, line = text.substr(0, lead);  // keep the text's own leading indent
    size_t line_width = lead;
    bool line_empty = true;
    std::istringstream words(text.substr(lead));
    for (std::string word; words >> word;) {
        if (!line_empty && line_width + 1 + display_width(word) > static_cast<size_t>(width)) {
            out += line + "\n";
            line = std::string(indent, ' ');
            line_width = indent;
            line_empty = true;
        }
        if (!line_empty) line += " ", ++line_width;
        line += word;
        line_width += display_width(word);
        line_empty = false;
    }
    return out + line;
}

std::string wrap_labelled(const std::string& label, const std::string& text, int width) {
    const size_t indent = display_width(label);
    const std::string wrapped = wrap(text, std::max(10, width - static_cast<int>(indent)), 0);
    std::string out = label;
    for (char c : wrapped) out += c == '\n' ? "\n" + std::string(indent, ' ') : std::string(1, c);
    return out;
}

std::string bold(const Style& style, const std::string& text) {
    return style.color ? "\033[1m" + text + "\033[0m" : text;
}

std::string dim(const Style& style, const std::string& text) {
    return style.color ? "\033[2m" + text + "\033[0m" : text;
}

}  // namespace attn::render
