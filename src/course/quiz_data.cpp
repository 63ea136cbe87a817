// attn quiz's documented JSON (docs/commands.md) as data blocks: the question list, a verdict, an edit
// challenge's status.
#include <cmath>

#include "course/data_blocks.hpp"

namespace attn::course {

using report::Facts;
using report::numbers;
using report::Value;
using report::words;

namespace {

// A hand calculation's givens: the asked cell's scaled logit (and masked keys') are null.
void add_hand_givens(report::Report& report, const std::string& at, const HandTask& task) {
    Value::List entries, row_scaled;
    for (const HandEntry& e : task.entries) entries.emplace_back(e.name);
    for (size_t c = 0; c < task.truth.row_logits.size(); ++c)
        row_scaled.push_back(c == task.truth.col || !std::isfinite(task.truth.row_logits[c])
                                 ? Value()
                                 : Value(task.truth.row_logits[c]));
    report.data(at, Facts{"", {{"entries", std::move(entries)}}});
    report.data(at + ".givens", Facts{"",
                                      {{"query", task.query},
                                       {"key", task.keys.at(task.truth.col)},
                                       {"q", numbers(task.truth.q_terms)},
                                       {"k", numbers(task.truth.k_terms)},
                                       {"sqrt_d_k", task.truth.sqrt_d_k},
                                       {"keys", words(task.keys)},
                                       {"row_scaled", std::move(row_scaled)}}});
}

}  // namespace

void add_quiz_list_data(report::Report& report, size_t lesson, const std::string& slug,
                        const std::vector<ListedQuestion>& questions) {
    report.data("", Facts{"", {{"lesson", lesson}, {"slug", slug}, {"questions", Value::List{}}}});
    for (size_t i = 0; i < questions.size(); ++i) {
        const Question& q = *questions[i].question;
        const std::string at = "questions." + std::to_string(i);
        report.data(at, Facts{"",
                              {{"id", q.id},
                               {"kind", kind_name(q.kind)},
                               {"prompt", q.prompt},
                               {"step", questions[i].step + 1},
                               {"line", q.line},
                               {"choices", words(q.choices)},
                               {"hints", q.hints.size()},
                               {"tolerance", q.tolerance}}});
        if (questions[i].task) add_hand_givens(report, at, *questions[i].task);
    }
}

void add_verdict_data(report::Report& report, size_t lesson, const Question& q, const Verdict& v) {
    report.data("", Facts{"",
                          {{"lesson", lesson},
                           {"question", q.id},
                           {"kind", kind_name(q.kind)},
                           {"right", v.right},
                           {"answer", v.given},
                           {"expected", v.expected},
                           {"tolerance", q.tolerance},
                           {"message", v.message},
                           {"expected_value", v.expected_number ? Value(*v.expected_number) : Value()}}});
    if (q.kind != QuestionKind::hand) return;
    report.data("", Facts{"", {{"entries", Value::List{}}}});
    for (size_t i = 0; i < v.entries.size(); ++i) {
        const EntryVerdict& e = v.entries[i];
        report.data(
            "entries." + std::to_string(i),
            Facts{"", {{"name", e.name}, {"given", e.given}, {"expected", e.expected}, {"right", e.right}}});
    }
}

void add_edit_status_data(report::Report& report, size_t lesson, const Question& q,
                          const EditStatus& status) {
    report.data("", Facts{"",
                          {{"lesson", lesson},
                           {"question", q.id},
                           {"kind", kind_name(q.kind)},
                           {"right", status.holds},
                           {"goals", Value::List{}},
                           {"message", edit_summary(status)}}});
    for (size_t i = 0; i < status.goals.size(); ++i) {
        const GoalStatus& g = status.goals[i];
        report.data("goals." + std::to_string(i), Facts{"",
                                                        {{"goal", g.goal},
                                                         {"holds", g.holds},
                                                         {"detail", g.detail},
                                                         {"gap", g.gap ? Value(*g.gap) : Value()}}});
    }
}

}  // namespace attn::course
