#include "cli/glossary_text.hpp"

#include <algorithm>

#include "render/fit.hpp"
#include "render/markdown_text.hpp"

namespace attn::cli {

using render::ascii_fold;
using render::fit_lines;
using render::visible_width;
using render::wrap;
using render::wrap_labelled;

namespace {

std::string shown_name(const course::GlossaryTerm& t, const render::Style& style) {
    return style.unicode ? t.name : t.ascii;
}

std::string folded(const std::string& text, const render::Style& style) {
    return style.unicode ? text : ascii_fold(text);
}

}  // namespace

std::string glossary_list_text(const course::Glossary& glossary, const render::Style& style) {
    size_t column = 0;
    for (const course::GlossaryTerm& t : glossary.terms)
        column = std::max(column, visible_width(shown_name(t, style)));
    column = std::min<size_t>(column, 18);  // a longer name takes a line of its own
    std::string out = "Symbols and terms of the course (attn glossary TERM: one in full)\n\n";
    for (const course::GlossaryTerm& t : glossary.terms) {
        const std::string name = shown_name(t, style);
        const size_t width = visible_width(name);
        // A name wider than the column takes a line of its own; the summary wraps under itself.
        if (width > column) out += "  " + name + "\n";
        const std::string label =
            "  " + (width > column ? std::string(column, ' ') : name + std::string(column - width, ' ')) +
            "  ";
        out += wrap_labelled(label, folded(t.summary, style), style.width) + "\n";
    }
    return fit_lines(out, style.width);
}

std::string glossary_term_text(const course::GlossaryTerm& t, const render::Style& style) {
    std::string title = shown_name(t, style);
    if (style.unicode && t.ascii != t.name) title += "  (" + t.ascii + ")";
    std::string out = bold(style, title) + "\n" +
                      std::string(std::min<size_t>(visible_width(title), style.width), '-') + "\n";
    out += markdown_text(t.summary + "\n\n" + t.text, style);
    if (!t.aliases.empty()) {
        std::string also;
        for (const std::string& a : t.aliases) also += (also.empty() ? "" : ", ") + a;
        out += wrap("Also written: " + folded(also, style), style.width, 2) + "\n";
    }
    if (!t.lesson.empty()) out += "Introduced in: attn lesson " + t.lesson + "\n";
    return fit_lines(out, style.width);
}

}  // namespace attn::cli
