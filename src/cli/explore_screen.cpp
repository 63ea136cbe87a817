// The parts of attn explore's screen that the plain explorer (explore_draw.cpp) and the MLA explorer
// (explore_mla_screen.cpp) share: the stage strip, the title, the arithmetic pane, the help page, the
// popup and the status line.
#include "cli/explore_screen.hpp"

#include <ncurses.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "render/matrix_text.hpp"

namespace attn::cli::explore {

// `text` in lines of at most `width` columns, broken at spaces (a word wider than a line is cut);
// continuation lines start with `indent` spaces.
std::vector<std::string> wrap_to(const std::string& text, size_t width, size_t indent) {
    std::vector<std::string> lines;
    std::string line;
    size_t at = 0;
    width = std::max<size_t>(width, indent + 8);
    while (at < text.size()) {
        const size_t room = width - (lines.empty() ? 0 : indent);
        size_t take = std::min(room, text.size() - at);
        if (at + take < text.size()) {
            const size_t space = text.rfind(' ', at + take);
            if (space != std::string::npos && space > at) take = space - at;
        }
        lines.push_back(std::string(lines.empty() ? 0 : indent, ' ') + text.substr(at, take));
        at += take;
        while (at < text.size() && text[at] == ' ') ++at;
    }
    if (lines.empty()) lines.push_back("");
    return lines;
}

std::string short_number(double v) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", v);
    return buffer;
}

std::string with_key_reminder(const std::string& settings, size_t width) {
    for (const char* keys : {"  ijkl cell  ? help  q quit", "  ? help  q quit", "  ? help", "  ?"})
        if (settings.size() + std::string(keys).size() <= width) return settings + keys;
    return settings;
}

std::string stage_strip(const std::vector<std::string>& names, size_t chosen, size_t rule_after, int width) {
    std::string strip;
    size_t chosen_end = 0;
    for (size_t s = 0; s < names.size(); ++s) {
        strip += (s == chosen ? "[" + names[s] + "]" : " " + names[s] + " ") + (s == rule_after ? "|" : "");
        if (s == chosen) chosen_end = strip.size();
    }
    if (strip.size() <= static_cast<size_t>(width)) return strip;
    const size_t from = chosen_end + 2 > static_cast<size_t>(width) ? chosen_end + 2 - width : 0;
    std::string shown = strip.substr(from);
    if (from > 0) shown[0] = '<';
    if (shown.size() > static_cast<size_t>(width)) shown = shown.substr(0, width - 1) + ">";
    return shown;
}

void draw_help(Ui& ui, const HelpEntries& help, int width) {
    std::vector<std::string> lines;
    const size_t key_w = 17;
    for (const auto& [keys, does] : help)
        for (const std::string& l :
             wrap_to(keys + std::string(key_w - keys.size(), ' ') + does, width, key_w))
            lines.push_back(l);
    const int room = std::max(1, LINES - 4);
    ui.help_top = std::clamp(ui.help_top, 0, std::max(0, static_cast<int>(lines.size()) - room));
    for (int i = 0; i < room && ui.help_top + i < static_cast<int>(lines.size()); ++i)
        put(3 + i, 0, fit(lines[ui.help_top + i], width), width);
    const bool more = ui.help_top + room < static_cast<int>(lines.size());
    put(LINES - 1, 0, fit(more ? "arrows: more help; any other key: back" : "any key: back", width - 1),
        width - 1);
}

namespace {

void draw_popup(const Ui& ui, int width) {
    std::vector<std::string> lines;
    for (const std::string& text : ui.popup)
        for (const std::string& l : wrap_to(text, width - 2, 2)) lines.push_back(l);
    const int top = std::max(3, (LINES - static_cast<int>(lines.size()) - 2) / 2);
    for (int y = 3; y < LINES - 1; ++y) put(y, 0, std::string(width, ' '), width);  // only the popup shows
    put(top, 0, std::string(width, '='), width);
    for (size_t i = 0; i < lines.size() && top + 1 + static_cast<int>(i) < LINES - 1; ++i)
        put(top + 1 + static_cast<int>(i), 0, fit(" " + lines[i], width), width);
    put(std::min(LINES - 2, top + 1 + static_cast<int>(lines.size())), 0, std::string(width, '='), width);
    put(LINES - 1, 0, fit("any key: back (the command is printed again when you quit)", width - 1),
        width - 1);
}

// How many cells of this stage changed with the last edit, and the largest change.
std::string change_summary(const StageView& v) {
    if (!v.before) return "";
    size_t n = 0;
    double largest = 0;
    for (arma::uword i = 0; i < v.values.n_elem; ++i) {
        const double d = v.values(i) - (*v.before)(i);
        if (std::isfinite(d) && std::abs(d) > 1e-12) ++n, largest = std::max(largest, std::abs(d));
    }
    char buffer[96];
    std::snprintf(buffer, sizeof buffer, "last edit changed %zu cell%s here, largest by %.4f", n,
                  n == 1 ? "" : "s", largest);
    return n ? buffer : "last edit changed nothing here";
}

// The prompt being typed, else the message, else what the last edit changed on this stage.
std::string status_line(const Ui& ui, const StageView& v) {
    switch (ui.prompt) {
        case Prompt::number:
            return "new value: " + ui.input;
        case Prompt::sentence:
            return "sentence: " + ui.input;
        case Prompt::seed:
            return "seed (empty = preset weights): " + ui.input;
        case Prompt::temperature:
            return "temperature T > 0: " + ui.input;
        case Prompt::compare:
            return "compare with: " + ui.input;
        case Prompt::export_dir:
            return "export to folder: " + ui.input;
        case Prompt::overwrite:
            return ui.message + " overwrite? (y/n) ";
        case Prompt::none:
            break;
    }
    return !ui.message.empty() ? ui.message : change_summary(v);
}

}  // namespace

// The arithmetic of the cursor's cell in `box`: a rule, then its lines, scrolled with PgUp/PgDn when they
// are taller than the box (the rule then says which lines show).
void draw_arithmetic(const std::vector<std::string>& text_lines, Ui& ui, Box box) {
    std::vector<std::string> lines;
    for (const std::string& text : text_lines)
        for (const std::string& l : wrap_to(text, box.width, 4))
            lines.push_back(l);  // (--explain wraps itself)
    const int room = std::max(1, box.height - 1), n = static_cast<int>(lines.size());
    ui.explain_top = std::clamp(ui.explain_top, 0, std::max(0, n - room));
    const bool more = ui.explain_top + room < n;
    const std::string rule = ui.explain_top > 0 || more
                                 ? "-- PgUp/PgDn: lines " + std::to_string(ui.explain_top + 1) + "-" +
                                       std::to_string(std::min(n, ui.explain_top + room)) + " of " +
                                       std::to_string(n) + " "
                                 : "";
    put(box.top, box.left,
        fit(rule + std::string(std::max(0, box.width - static_cast<int>(rule.size())), '-'), box.width),
        box.width);
    for (int i = 0; i < room && ui.explain_top + i < n; ++i)
        put(box.top + 1 + i, box.left, fit(lines[ui.explain_top + i], box.width), box.width);
}

// The title of the stage shown, then the legend of its glyphs when they shade signed values without colour.
void draw_title(const StageView& v, const Ui& ui, int width, bool editable) {
    std::string title = v.title + (editable ? "   (editable)" : "");
    render::Style style;
    style.unicode = ui.unicode;
    const std::string legend = "   " + render::sign_legend(style);
    attron(A_BOLD);
    put(3, 0, fit(title, width), width);
    attroff(A_BOLD);
    if (v.shading == report::Shading::diverging && !ui.color &&
        title.size() + legend.size() <= static_cast<size_t>(width))
        put(3, static_cast<int>(title.size()), legend, width - static_cast<int>(title.size()));
}

void draw_status(const Ui& ui, const StageView& v, int width) {
    if (!ui.popup.empty()) return draw_popup(ui, width);
    const std::string status = status_line(ui, v);
    put(LINES - 1, 0, fit(status, width - 1), width - 1);
    // A value shown selected (typing replaces it), as a text field shows a selection.
    const int at = static_cast<int>(status.size() - ui.input.size());
    if (ui.prompt != Prompt::none && ui.input_selected && at < width - 1) {
        attron(A_REVERSE);
        put(LINES - 1, at, ui.input, width - 1 - at);
        attroff(A_REVERSE);
    }
}

}  // namespace attn::cli::explore
