#include "render/quiz_text.hpp"

#include <cmath>

namespace attn::render {

namespace {

// Each line of `text`, indented by two spaces and wrapped to the width.
std::string indent_lines(const std::string& text, int width) {
    std::string out;
    size_t start = 0;
    while (start < text.size()) {
        const size_t end = text.find('\n', start);
        const std::string line =
            text.substr(start, end == std::string::npos ? std::string::npos : end - start);
        out += wrap("  " + line, width, 4) + "\n";
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return out;
}

}  // namespace

std::string question_text(const course::Question& q, const course::HandTask* task, const Style& style) {
    std::string out =
        wrap("[" + q.id + "] (" + course::kind_name(q.kind) + ") " + q.prompt, style.width, 2) + "\n";
    for (size_t i = 0; i < q.choices.size(); ++i)
        out += wrap("  " + std::string(1, static_cast<char>('a' + i)) + ") " + q.choices[i], style.width, 5) +
               "\n";
    if (task) {
        out += indent_lines(course::hand_givens(*task), style.width);
        out +=
            wrap("  Enter, in order (exps subtract the row's largest scaled score):", style.width, 4) + "\n";
        for (size_t k = 0; k < task->entries.size(); ++k)
            out += wrap("   " + std::to_string(k + 1) + ". " + task->entries[k].name, style.width, 6) + "\n";
    }
    return out;
}

nlohmann::json question_json(const course::Question& q, const course::HandTask* task, size_t step) {
    nlohmann::json j = {{"id", q.id},
                        {"kind", course::kind_name(q.kind)},
                        {"prompt", q.prompt},
                        {"step", step + 1},
                        {"line", q.line},
                        {"choices", q.choices},
                        {"hints", q.hints.size()},
                        {"tolerance", q.tolerance}};
    if (task) {
        nlohmann::json entries = nlohmann::json::array();
        for (const course::HandEntry& e : task->entries) entries.push_back(e.name);
        j["entries"] = entries;
        j["givens"] = {
            {"query", task->query},     {"key", task->keys.at(task->truth.col)}, {"q", task->truth.q_terms},
            {"k", task->truth.k_terms}, {"sqrt_d_k", task->truth.sqrt_d_k},      {"keys", task->keys}};
        nlohmann::json logits = nlohmann::json::array();
        for (size_t c = 0; c < task->truth.row_logits.size(); ++c)
            logits.push_back(c == task->truth.col || !std::isfinite(task->truth.row_logits[c])
                                 ? nlohmann::json()
                                 : nlohmann::json(task->truth.row_logits[c]));
        j["givens"]["row_scaled"] = logits;  // the asked cell (and masked keys) are null
    }
    return j;
}

nlohmann::json verdict_json(const course::Question& q, const course::Verdict& v) {
    nlohmann::json entries = nlohmann::json::array();
    for (const course::EntryVerdict& e : v.entries)
        entries.push_back(
            {{"name", e.name}, {"given", e.given}, {"expected", e.expected}, {"right", e.right}});
    nlohmann::json j = {{"question", q.id},       {"kind", course::kind_name(q.kind)},
                        {"right", v.right},       {"answer", v.given},
                        {"expected", v.expected}, {"tolerance", q.tolerance},
                        {"message", v.message}};
    j["expected_value"] = v.expected_number ? nlohmann::json(*v.expected_number) : nlohmann::json();
    if (q.kind == course::QuestionKind::hand) j["entries"] = entries;
    return j;
}

}  // namespace attn::render
