#include "render/markdown_text.hpp"

#include <md4c.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "render/fit.hpp"
#include "render/matrix_text.hpp"

namespace attn::render {

namespace {

struct Writer {
    const Style* style;
    std::string out;
    std::string inline_text;            // the paragraph or heading being collected, with ANSI codes
    std::vector<std::string> prefixes;  // one per open list item or quote
    std::vector<int> list_counters;     // -1 for bullets, else the next number
    bool first_line_of_item = false;
    int heading = 0;
    bool in_code = false;
    // A table is collected whole, then laid out: its columns' widths depend on every row.
    std::vector<std::vector<std::string>> table_rows;
    std::vector<MD_ALIGN> table_align;
    size_t header_rows = 0;
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

// `text` word-wrapped to `width` visible columns; a word wider than the column is cut (a table cell
// must stay inside its column, or every column after it moves).
std::vector<std::string> wrap_cell(const std::string& text, size_t width) {
    std::vector<std::string> lines(1);
    size_t used = 0;
    size_t pos = 0;
    while (pos < text.size()) {
        size_t end = text.find(' ', pos);
        if (end == std::string::npos) end = text.size();
        std::string word = text.substr(pos, end - pos);
        pos = end + 1;
        if (word.empty()) continue;
        if (used > 0 && used + 1 + visible_width(word) > width) lines.emplace_back(), used = 0;
        while (visible_width(word) > width && word.find('\033') == std::string::npos) {
            size_t cut = 0, columns = 0;  // the byte where the column's room ends, on a character boundary
            while (cut < word.size() && columns < width - used) {
                ++cut;
                while (cut < word.size() && (static_cast<unsigned char>(word[cut]) & 0xC0) == 0x80) ++cut;
                ++columns;
            }
            lines.back() += word.substr(0, cut);
            word.erase(0, cut);
            lines.emplace_back();
            used = 0;
        }
        if (used > 0) lines.back() += " ", ++used;
        lines.back() += word;
        used += visible_width(word);
    }
    return lines;
}

// Each column's width: its widest cell when everything fits in `room`; otherwise the narrow columns keep
// their width and the wide ones share what is left equally (never below 3 columns).
std::vector<size_t> column_widths(const std::vector<std::vector<std::string>>& rows, size_t columns,
                                  size_t room) {
    std::vector<size_t> natural(columns, 1);
    for (const auto& row : rows)
        for (size_t c = 0; c < row.size(); ++c) natural[c] = std::max(natural[c], visible_width(row[c]));
    std::vector<size_t> width = natural;
    size_t left = room, open = columns;
    std::vector<bool> fixed(columns, false);
    for (bool changed = true; changed && open > 0;) {
        changed = false;
        const size_t share = std::max<size_t>(left / open, 3);
        for (size_t c = 0; c < columns; ++c)
            if (!fixed[c] && natural[c] <= share)
                fixed[c] = true, left -= std::min(left, natural[c]), --open, changed = true;
    }
    for (size_t c = 0; c < columns; ++c)
        if (!fixed[c]) width[c] = std::max<size_t>(left / open, 3);
    return width;
}

std::string pad(const std::string& text, size_t width, MD_ALIGN align) {
    const size_t gap = width > visible_width(text) ? width - visible_width(text) : 0;
    if (align == MD_ALIGN_RIGHT) return std::string(gap, ' ') + text;
    if (align == MD_ALIGN_CENTER) return std::string(gap / 2, ' ') + text + std::string(gap - gap / 2, ' ');
    return text + std::string(gap, ' ');
}

// The collected table, its columns separated by " │ " and its header by a rule, fitted to the width.
void flush_table(Writer& w) {
    const Style& s = *w.style;
    size_t columns = 0;
    for (auto& row : w.table_rows) {
        columns = std::max(columns, row.size());
        if (!s.unicode)
            for (std::string& cell : row) cell = ascii_fold(cell);  // measured as it will be printed
    }
    if (columns == 0) return;
    const std::string prefix = current_prefix(w, false), bar = s.unicode ? " │ " : " | ";
    const size_t used = visible_width(prefix) + 3 * (columns - 1),
                 width = static_cast<size_t>(std::max(s.width, 1));
    const std::vector<size_t> widths =
        column_widths(w.table_rows, columns, width > used ? width - used : columns * 3);
    for (size_t r = 0; r < w.table_rows.size(); ++r) {
        std::vector<std::vector<std::string>> cells(columns);
        size_t height = 1;
        for (size_t c = 0; c < columns; ++c) {
            cells[c] = wrap_cell(c < w.table_rows[r].size() ? w.table_rows[r][c] : "", widths[c]);
            height = std::max(height, cells[c].size());
        }
        for (size_t line = 0; line < height; ++line) {
            std::string text;
            for (size_t c = 0; c < columns; ++c) {
                const std::string cell = line < cells[c].size() ? cells[c][line] : "";
                const MD_ALIGN align = c < w.table_align.size() ? w.table_align[c] : MD_ALIGN_DEFAULT;
                text += (c ? bar : "") + pad(r < w.header_rows ? bold(s, cell) : cell, widths[c], align);
            }
            while (!text.empty() && text.back() == ' ') text.pop_back();
            w.out += prefix + text + "\n";
        }
        if (r + 1 == w.header_rows) {
            std::string rule;
            for (size_t c = 0; c < columns; ++c) {
                for (size_t k = 0; k < widths[c]; ++k) rule += s.unicode ? "─" : "-";
                if (c + 1 < columns) rule += s.unicode ? "─┼─" : "-+-";
            }
            w.out += prefix + rule + "\n";
        }
    }
    w.out += "\n";
    w.table_rows.clear();
    w.table_align.clear();
    w.header_rows = 0;
}

int enter_block(MD_BLOCKTYPE type, void* detail, void* data) {
    Writer& w = *static_cast<Writer*>(data);
    const Style& s = *w.style;
    switch (type) {
        case MD_BLOCK_H:
            w.heading = static_cast<MD_BLOCK_H_DETAIL*>(detail)->level;
            break;
        case MD_BLOCK_UL:
            w.list_counters.push_back(-1);
            break;
        case MD_BLOCK_OL:
            w.list_counters.push_back(static_cast<int>(static_cast<MD_BLOCK_OL_DETAIL*>(detail)->start));
            break;
        case MD_BLOCK_LI: {
            int& counter = w.list_counters.back();
            w.prefixes.push_back(counter < 0 ? (s.unicode ? "  • " : "  - ")
                                             : "  " + std::to_string(counter++) + ". ");
            w.first_line_of_item = true;
            break;
        }
        case MD_BLOCK_QUOTE:
            w.prefixes.push_back(s.unicode ? "│ " : "| ");
            break;
        case MD_BLOCK_CODE:
            w.in_code = true;
            break;
        case MD_BLOCK_TABLE:
            flush_paragraph(w);
            w.table_rows.clear();
            w.table_align.clear();
            break;
        case MD_BLOCK_TR:
            w.table_rows.emplace_back();
            break;
        case MD_BLOCK_TH:
        case MD_BLOCK_TD:
            w.inline_text.clear();
            if (w.table_rows.size() == 1)
                w.table_align.push_back(static_cast<MD_BLOCK_TD_DETAIL*>(detail)->align);
            break;
        case MD_BLOCK_HR:
            w.out += std::string() +
                     (s.unicode ? "────────────────────────────────────────"
                                : "----------------------------------------") +
                     "\n\n";
            break;
        default:
            break;
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
        case MD_BLOCK_P:
            flush_paragraph(w);
            if (w.prefixes.empty() || w.prefixes.back().find('|') != std::string::npos) w.out += "\n";
            break;
        case MD_BLOCK_LI:
            flush_paragraph(w);
            w.prefixes.pop_back();
            break;
        case MD_BLOCK_UL:
        case MD_BLOCK_OL:
            w.list_counters.pop_back();
            if (w.list_counters.empty()) w.out += "\n";
            break;
        case MD_BLOCK_QUOTE:
            w.prefixes.pop_back();
            break;
        case MD_BLOCK_CODE: {
            w.in_code = false;
            std::string code = std::exchange(w.inline_text, "");
            size_t start = 0;
            while (start < code.size()) {
                size_t nl = code.find('\n', start);
                if (nl == std::string::npos) nl = code.size();
                std::string line = code.substr(start, nl - start);
                // A command too wide for the screen breaks with a shell continuation, so that it
                // still pastes as one command.
                if (line.rfind("attn ", 0) == 0 && s.width > 24) line = fit_command(line, s.width - 4);
                for (size_t at = line.find('\n'); at != std::string::npos; at = line.find('\n', at + 5))
                    line.insert(at + 1, "    ");
                w.out += "    " + code_on(s) + line + reset(s) + "\n";
                start = nl + 1;
            }
            w.out += "\n";
            break;
        }
        case MD_BLOCK_TH:
        case MD_BLOCK_TD: {
            std::string cell = std::exchange(w.inline_text, "");
            const size_t a = cell.find_first_not_of(' '), b = cell.find_last_not_of(' ');
            w.table_rows.back().push_back(a == std::string::npos ? "" : cell.substr(a, b - a + 1));
            break;
        }
        case MD_BLOCK_THEAD:
            w.header_rows = w.table_rows.size();
            break;
        case MD_BLOCK_TABLE:
            flush_table(w);
            break;
        default:
            break;
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
        case MD_TEXT_SOFTBR:
            w.inline_text += " ";
            break;
        case MD_TEXT_BR:
            w.inline_text += "\n";
            break;
        case MD_TEXT_ENTITY: {
            const std::string entity(text, size);
            w.inline_text += entity == "&amp;"    ? "&"
                             : entity == "&lt;"   ? "<"
                             : entity == "&gt;"   ? ">"
                             : entity == "&nbsp;" ? " "
                                                  : entity;
            break;
        }
        default:
            w.inline_text.append(text, size);
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
    Writer w{&style, "", "", {}, {}, false, 0, false, {}, {}, 0};
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
        {"·", "."},   {"×", "x"},    {"√", "sqrt "},  {"−", "-"},     {"ᵀ", "^T"},    {"→", "->"},
        {"←", "<-"},  {"…", "..."},  {"—", "--"},     {"–", "-"},     {"≈", "~"},     {"≤", "<="},
        {"≥", ">="},  {"∞", "inf"},  {"Σ", "sum "},   {"“", "\""},    {"”", "\""},    {"‘", "'"},
        {"’", "'"},   {"•", "-"},    {"│", "|"},      {"─", "-"},     {"α", "alpha"}, {"σ", "sigma"},
        {"²", "^2"},  {"√", "sqrt"}, {"░", " "},      {"▒", " "},     {"▓", " "},     {"█", " "},
        {"ₖ", "_k"},  {"ₜ", "_t"},   {"ₛ", "_s"},     {"̄", ""},       {"̃", "~"},      {"θ", "theta"},
        {"φ", "phi"}, {"⊙", "*"},    {"∂", "d"},      {"γ", "gamma"}, {"β", "beta"},  {"Φ", "Phi"},
        {"μ", "mu"},  {"µ", "u"},    {"λ", "lambda"}, {"ε", "eps"},   {"η", "eta"},   {"×", "x"},
        {"▶", ">"},   {"✓", "x"},    {"≠", "!="},     {"±", "+/-"},   {"⁻", "^-"},    {"¹", "^1"},
        {"³", "^3"},  {"½", "1/2"},  {"…", "..."}};
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
        if (c < 0x80)
            ascii += out[i];
        else if ((c & 0xC0) != 0x80)
            ascii += '?';
    }
    return ascii;
}

}  // namespace attn::render
