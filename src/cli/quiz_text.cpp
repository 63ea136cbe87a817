#include "cli/quiz_text.hpp"

#include <cmath>

namespace attn::cli {

using render::wrap;

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

std::string question_text(const course::Question& q, const course::HandTask* task,
                          const render::Style& style) {
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

}  // namespace attn::cli
