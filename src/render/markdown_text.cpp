#include "render/markdown_text.hpp"

#include <md4c.h>

#include <utility>
#include <vector>

#include "render/matrix_text.hpp"

namespace attn::render {

namespace {

struct Writer {
    const Style* style;
    std::string out;
    std::string inline_text;         // the paragraph or heading being collected, with ANSI codes
    std::vector<std::string> prefixes;  // one per open list item or quote
    std::vector<int> list_counters;  // -1 for bullets, else the next number
    bool first_line_of_item = false;
    int heading = 0;
    bool in_code = false;
};

std::string code_on(const Style& s) { return s.color ? "\033[36m" : ""; }
std::string reset(const Style& s) { return s.color ? "\033[0m" : ""; }

// Quote bars repeat on every line; a list marker shows on the item's first line, spaces after.
std::string current_prefix(Writer& w, bool first) {
    std::string p;
    for (size_t i = 0; i < w.prefixes.size(); ++i) {
        const std::string& pre = w.prefixes[i];
        const bool quote = pre.rfind("|", 0) == 0 || pre.rfind("│", 0) == 0;
        const bool marker_line = first && w.first_line_of_item && i + 1 == w.prefixes.size();
        p += (quote || marker_line) ? pre : std::string(visible_width(pre), ' ');
    }
    return p;
}

// Word-wraps the collected inline text under the current prefixes.
void flush_paragraph(Writer& w) {
    std::string text = std::exchange(w.inline_text, "");
    if (text.find_first_not_of(" \n") == std::string::npos) return;
    const size_t width = static_cast<size_t>(w.style->width);
    std::string line = current_prefix(w, true);
    size_t line_width = visible_width(line), start_width = line_width;
    w.first_line_of_item = false;
    size_t pos = 0;
    while (pos < text.size()) {
        if (text[pos] == '\n') {  // a hard break
            w.out += line + "\n";
            line = current_prefix(w, false);
            line_width = start_width = visible_width(line);
            ++pos;
            continue;
        }
        size_t end = text.find_first_of(" \n", pos);
        if (end == std::string::npos) end = text.size();
        const std::string word = text.substr(pos, end - pos);
        const size_t ww = visible_width(word);
        if (line_width > start_width && line_width + 1 + ww > width) {
            w.out += line + "\n";
            line = current_prefix(w, false);
            line_width = start_width = visible_width(line);
        }
        if (line_width > start_width && !word.empty()) line += " ", ++line_width;
        line += word;
        line_width += ww;
        pos = end < text.size() && text[end] == ' ' ? end + 1 : end;
    }
    w.out += line + "\n";
}

int enter_block(MD_BLOCKTYPE type, void* detail, void* data) {
    Writer& w = *static_cast<Writer*>(data);
    const Style& s = *w.style;
    switch (type) {
        case MD_BLOCK_H: w.heading = static_cast<MD_BLOCK_H_DETAIL*>(detail)->level; break;
        case MD_BLOCK_UL: w.list_counters.push_back(-1); break;
        case MD_BLOCK_OL: w.list_counters.push_back(static_cast<int>(static_cast<MD_BLOCK_OL_DETAIL*>(detail)->start)); break;
        case MD_BLOCK_LI: {
            int& counter = w.list_counters.back();
            w.prefixes.push_back(counter < 0 ? (s.unicode ? "  • " : "  - ") : "  " + std::to_string(counter++) + ". ");
            w.first_line_of_item = true;
            break;
        }
        case MD_BLOCK_QUOTE: w.prefixes.push_back(s.unicode ? "│ " : "| "); break;
        case MD_BLOCK_CODE: w.in_code = true; break;
        case MD_BLOCK_HR: w.out += std::string() + (s.unicode ? "────────────────────────────────────────" : "----------------------------------------") + "\n\n"; break;
        default: break;
    }
    return 0;
}

int leave_block(MD_BLOCKTYPE type, void*, void* data) {
    Writer& w = *static_cast<Writer*>(data);
    const Style& s = *w.style;
    switch (type) {
        case MD_BLOCK_H: {
            const std::string title = std::exchange(w.inline_text, "");
            w.out += bold(s, title) + "\n";
            if (w.heading == 1) w.out += std::string(visible_width(title), s.unicode ? '=' : '=') + "\n";
            w.out += "\n";
            w.heading = 0;
            break;
        }
        case MD_BLOCK_P: flush_paragraph(w); if (w.prefixes.empty() || w.prefixes.back().find('|') != std::string::npos) w.out += "\n"; break;
        case MD_BLOCK_LI: flush_paragraph(w); w.prefixes.pop_back(); break;
        case MD_BLOCK_UL: case MD_BLOCK_OL: w.list_counters.pop_back(); if (w.list_counters.empty()) w.out += "\n"; break;
        case MD_BLOCK_QUOTE: w.prefixes.pop_back(); break;
        case MD_BLOCK_CODE: {
            w.in_code = false;
            std::string code = std::exchange(w.inline_text, "");
            size_t start = 0;
            while (start < code.size()) {
                size_t nl = code.find('\n', start);
                if (nl == std::string::npos) nl = code.size();
                w.out += "    " + code_on(s) + code.substr(start, nl - start) + reset(s) + "\n";
                start = nl + 1;
            }
            w.out += "\n";
            break;
        }
        case MD_BLOCK_TR: w.inline_text += "\n"; break;
        case MD_BLOCK_TABLE: flush_paragraph(w); w.out += "\n"; break;
        default: break;
    }
    return 0;
}

int enter_span(MD_SPANTYPE type, void*, void* data) {
    Writer& w = *static_cast<Writer*>(data);
    const Style& s = *w.style;
    if (type == MD_SPAN_STRONG && s.color) w.inline_text += "\033[1m";
    if (type == MD_SPAN_EM && s.color) w.inline_text += "\033[3m";
    if (type == MD_SPAN_CODE) w.inline_text += s.color ? "\033[36m" : "`";
    return 0;
}

int leave_span(MD_SPANTYPE type, void* detail, void* data) {
    Writer& w = *static_cast<Writer*>(data);
    const Style& s = *w.style;
    if ((type == MD_SPAN_STRONG || type == MD_SPAN_EM) && s.color) w.inline_text += "\033[0m";
    if (type == MD_SPAN_CODE) w.inline_text += s.color ? "\033[0m" : "`";
    if (type == MD_SPAN_A) {
        const MD_ATTRIBUTE& href = static_cast<MD_SPAN_A_DETAIL*>(detail)->href;
        w.inline_text += " (" + std::string(href.text, href.size) + ")";
    }
    return 0;
}

int on_text(MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size, void* data) {
    Writer& w = *static_cast<Writer*>(data);
    switch (type) {
        case MD_TEXT_SOFTBR: w.inline_text += " "; break;
        case MD_TEXT_BR: w.inline_text += "\n"; break;
        case MD_TEXT_ENTITY: {
            const std::string entity(text, size);
            w.inline_text += entity == "&amp;" ? "&" : entity == "&lt;" ? "<" : entity == "&gt;" ? ">" : entity == "&nbsp;" ? " " : entity;
            break;
        }
        default: w.inline_text.append(text, size);
    }
    return 0;
}

}  // namespace

size_t visible_width(const std::string& text) {
    size_t width = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\033') {
            while (i < text.size() && text[i] != 'm') ++i;
            continue;
        }
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++width;
    }
    return width;
}

std::string markdown_text(const std::string& markdown, const Style& style) {
    Writer w{&style, "", "", {}, {}, false, 0, false};
    MD_PARSER parser{};
    parser.flags = MD_DIALECT_GITHUB | MD_FLAG_NOHTML;
    parser.enter_block = enter_block;
    parser.leave_block = leave_block;
    parser.enter_span = enter_span;
    parser.leave_span = leave_span;
    parser.text = on_text;
    md_parse(markdown.data(), static_cast<MD_SIZE>(markdown.size()), &parser, &w);
    flush_paragraph(w);
    return style.unicode ? w.out : ascii_fold(w.out);
}

std::string ascii_fold(const std::string& text) {
    static const std::pair<const char*, const char*> table[] = {
        {"·", "."}, {"×", "x"}, {"√", "sqrt "}, {"−", "-"}, {"ᵀ", "^T"}, {"→", "->"}, {"←", "<-"}, {"…", "..."}, {"—", "--"},
        {"–", "-"}, {"≈", "~"}, {"≤", "<="}, {"≥", ">="}, {"∞", "inf"}, {"Σ", "sum "}, {"“", "\""}, {"”", "\""}, {"‘", "'"},
        {"’", "'"}, {"•", "-"}, {"│", "|"}, {"─", "-"}, {"α", "alpha"}, {"σ", "sigma"}, {"²", "^2"}, {"√", "sqrt"}, {"░", " "},
        {"▒", " "}, {"▓", " "}, {"█", " "}, {"ₖ", "_k"}, {"ₜ", "_t"}, {"ₛ", "_s"}, {"̄", ""}, {"̃", "~"}, {"θ", "theta"}, {"φ", "phi"}, {"⊙", "*"}, {"∂", "d"},
        {"γ", "gamma"}, {"β", "beta"}, {"Φ", "Phi"}, {"μ", "mu"}, {"λ", "lambda"}, {"ε", "eps"}, {"η", "eta"}, {"×", "x"},
        {"▶", ">"}, {"✓", "x"}, {"≠", "!="}, {"±", "+/-"}, {"⁻", "^-"}, {"¹", "^1"}, {"³", "^3"}, {"½", "1/2"}, {"…", "..."}};
    std::string out = text;
    for (const auto& [from, to] : table) {
        size_t pos = 0;
        const size_t len = std::char_traits<char>::length(from);
        while ((pos = out.find(from, pos)) != std::string::npos) {
            out.replace(pos, len, to);
            pos += std::char_traits<char>::length(to);
        }
    }
    // Anything else outside ASCII (a learner's own token, say) becomes '?', one per code point.
    std::string ascii;
    for (size_t i = 0; i < out.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(out[i]);
        if (c < 0x80) ascii += out[i];
        else if ((c & 0xC0) != 0x80) ascii += '?';
    }
    return ascii;
}

}  // namespace attn::render
