// The reports of attn quiz --list, quiz --answer, hint and solution. Questions, choices and worked
// lines are plain text written by a teacher or computed here: they are escaped, so that the Markdown of
// a report's prose never reads a '*' or a '[' in them as markup.
#include "course/quiz_report.hpp"

#include <cctype>
#include <sstream>

namespace attn::course {

std::string markdown_literal(const std::string& text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (std::string("\\`*_[]<>#|~!&").find(c) != std::string::npos) out += '\\';
        out += c;
    }
    // A line that starts like a list item ("1. ", "- ", "+ ") stays a line of text.
    size_t digits = 0;
    while (digits < out.size() && std::isdigit(static_cast<unsigned char>(out[digits]))) ++digits;
    if (digits > 0 && digits < out.size() && (out[digits] == '.' || out[digits] == ')'))
        out.insert(digits, "\\");
    else if (!out.empty() && (out[0] == '-' || out[0] == '+'))
        out.insert(0, "\\");
    return out;
}

namespace {

// Each line of `text` as an item of a Markdown list.
std::string line_items(const std::string& text) {
    std::string out;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);)
        if (!line.empty()) out += "- " + markdown_literal(line) + "\n";
    return out;
}

}  // namespace

std::string question_markdown(const Question& q, const HandTask* task) {
    std::string out = "**\\[" + markdown_literal(q.id) + "\\]** (" + kind_name(q.kind) + ") " +
                      markdown_literal(q.prompt) + "\n\n";
    for (size_t i = 0; i < q.choices.size(); ++i)
        out += std::string("- ") + static_cast<char>('a' + i) + ") " + markdown_literal(q.choices[i]) + "\n";
    if (!task) return out;
    out += line_items(hand_givens(*task)) +
           "\nEnter, in order (exps subtract the row's largest scaled score):\n\n";
    for (size_t k = 0; k < task->entries.size(); ++k)
        out += std::to_string(k + 1) + ". " + markdown_literal(task->entries[k].name) + "\n";
    return out;
}

report::Report quiz_list_report(size_t lesson, const std::string& title,
                                const std::vector<ListedQuestion>& questions) {
    report::Report report{"attn quiz " + std::to_string(lesson) + " --list", "", {}};
    report.heading("Lesson " + std::to_string(lesson) + ": " + title);
    for (const ListedQuestion& listed : questions)
        report.paragraph(question_markdown(*listed.question, listed.task));
    if (questions.empty()) report.paragraph("This lesson has no questions.");
    return report;
}

report::Report verdict_report(const Verdict& v, const std::string& hint_command) {
    report::Report report{"attn quiz --answer", "", {}};
    if (!v.entries.empty()) {
        report::Table entries{"", {"", "entry", "yours", ""}, {}};
        for (size_t k = 0; k < v.entries.size(); ++k) {
            const EntryVerdict& e = v.entries[k];
            entries.rows.push_back({std::to_string(k + 1) + ".", e.name, short_value(e.given),
                                    std::string(e.right ? "right" : "wrong")});
        }
        report.table("entries", std::move(entries));
    }
    report.paragraph(markdown_literal(v.message));
    if (!v.right && !hint_command.empty()) report.paragraph("A hint: `" + hint_command + "`");
    return report;
}

report::Report solution_report(const Question& q, const std::string& worked) {
    report::Report report{"attn solution", "", {}};
    report.paragraph("**\\[" + markdown_literal(q.id) + "\\]** " + markdown_literal(q.prompt));
    report.paragraph(line_items(worked));
    return report;
}

}  // namespace attn::course
