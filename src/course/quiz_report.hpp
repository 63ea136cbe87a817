// The reports of the quiz commands for scripts and one-off checks (attn quiz --list, quiz --answer,
// hint, solution): what the text writer, and --format md or html, show.
#pragma once
#include <string>
#include <vector>

#include "course/hand_calculation.hpp"
#include "course/question.hpp"
#include "course/quiz.hpp"
#include "report/report.hpp"

namespace attn::course {

// `text` as Markdown that reads as exactly that text: punctuation Markdown would take as markup is
// escaped, and a leading "1. " or "- " does not start a list.
std::string markdown_literal(const std::string& text);

// A question without its answer, as Markdown: "[id] (kind) prompt", the choices, and for a hand
// calculation the data to work from and the entries to give, in order. `task` is null for other kinds.
std::string question_markdown(const Question& question, const HandTask* task);

struct ListedQuestion {
    const Question* question = nullptr;
    const HandTask* task = nullptr;  // a hand calculation's data, from the live run; else null
    size_t step = 0;                 // the lesson step it is in, from 0
};
report::Report quiz_list_report(size_t lesson, const std::string& title,
                                const std::vector<ListedQuestion>& questions);

// The verdict: a hand calculation's entries (right or wrong), the message, and when wrong the command
// that gives a hint (`hint_command`, empty for none).
report::Report verdict_report(const Verdict& verdict, const std::string& hint_command);

// The worked answer: the question, then each line of `worked` (course::worked_solution).
report::Report solution_report(const Question& question, const std::string& worked);

}  // namespace attn::course
