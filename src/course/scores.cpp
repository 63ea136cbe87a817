#include "course/scores.hpp"

#include <cmath>

#include "inputs/input_error.hpp"

namespace attn::course {

LessonScore score_lesson(const LessonProgress& record, size_t question_count) {
    LessonScore s;
    s.questions = std::max(question_count, record.questions.size());
    double points = 0;
    for (const auto& [id, q] : record.questions) {
        s.attempts += q.attempts;
        s.answered += q.attempts > 0;
        s.right += q.right_at > 0;
        if (q.right_at > 0) points += 1.0 / static_cast<double>(q.right_at);
    }
    s.score = s.questions ? points / static_cast<double>(s.questions) : 0;
    return s;
}

std::optional<size_t> weakest_lesson(const Catalog& catalog, const Progress& progress) {
    std::optional<size_t> weakest;
    double lowest = 1;
    for (size_t i = 0; i < catalog.lessons.size(); ++i) {
        const auto found = progress.lessons.find(catalog.lessons[i].slug);
        if (found == progress.lessons.end() || found->second.questions.empty()) continue;
        size_t count = 0;
        try {
            count = lesson_questions(load_lesson(catalog.lessons[i])).size();
        } catch (const InputError&) {
            continue;
        }
        const LessonScore s = score_lesson(found->second, count);
        if (s.score < lowest - 1e-12) lowest = s.score, weakest = i;
    }
    return weakest;
}

std::string describe_score(const LessonScore& s) {
    if (s.answered == 0) return "";
    const long percent = std::lround(100 * s.score);
    return std::to_string(percent) + "% (" + std::to_string(s.right) + " of " + std::to_string(s.questions) +
           " right, " + std::to_string(s.attempts) + (s.attempts == 1 ? " attempt)" : " attempts)");
}

}  // namespace attn::course
