// Scores from the learner's answers: per lesson, and which lesson most needs another look.
#pragma once
#include <optional>
#include <string>

#include "course/catalog.hpp"
#include "course/progress.hpp"

namespace attn::course {

struct LessonScore {
    size_t questions = 0;  // in the lesson
    size_t answered = 0;   // questions with at least one attempt
    size_t right = 0;      // questions answered right (at any attempt)
    size_t attempts = 0;   // answers checked, all questions together
    double score = 0;  // 0..1: each question counts 1/(the attempt that was first right), 0 if not yet right
};

// The score of one lesson with `question_count` questions (the record's own count when larger).
LessonScore score_lesson(const LessonProgress& record, size_t question_count);

// The lesson with the weakest score among those with answers and a score below 1 (the earlier on a
// tie); nothing when no lesson has been quizzed or every quizzed lesson is perfect. Lessons whose file
// does not load are skipped.
std::optional<size_t> weakest_lesson(const Catalog& catalog, const Progress& progress);

// "67% (2 of 3 right, 5 attempts)", or "" when nothing was answered.
std::string describe_score(const LessonScore& score);

}  // namespace attn::course
