#include "course/navigator.hpp"

#include <algorithm>

namespace attn::course {

size_t current_lesson(const Catalog& catalog, const Progress& progress) {
    for (size_t i = 0; i < catalog.lessons.size(); ++i)
        if (catalog.lessons[i].slug == progress.current) return i;
    for (size_t i = 0; i < catalog.lessons.size(); ++i) {
        const auto found = progress.lessons.find(catalog.lessons[i].slug);
        if (found == progress.lessons.end() || !found->second.done) return i;
    }
    return 0;
}

size_t resume_step(const Progress& progress, const std::string& slug, size_t step_count) {
    const auto found = progress.lessons.find(slug);
    if (found == progress.lessons.end() || step_count == 0) return 0;
    // A finished lesson left at its last step (as older versions saved it) opens at its beginning.
    if (found->second.done && found->second.step + 1 >= step_count) return 0;
    return std::min(found->second.step, step_count - 1);
}

size_t lessons_done(const Catalog& catalog, const Progress& progress) {
    return std::count_if(catalog.lessons.begin(), catalog.lessons.end(), [&](const LessonEntry& e) {
        const auto found = progress.lessons.find(e.slug);
        return found != progress.lessons.end() && found->second.done;
    });
}

Status describe_status(const Catalog& catalog, const Progress& progress) {
    const size_t total = catalog.lessons.size();
    const size_t done = lessons_done(catalog, progress);
    const LessonEntry& current = catalog.lessons[current_lesson(catalog, progress)];
    const auto saved = progress.lessons.find(current.slug);
    Status s;
    s.headline =
        "Lesson " + std::to_string(current.number) + " of " + std::to_string(total) + ": " + current.title;
    if (saved != progress.lessons.end() && saved->second.done)
        s.headline += " (done)";
    else if (saved != progress.lessons.end() && saved->second.step > 0)
        s.headline += " (at step " + std::to_string(saved->second.step + 1) + ")";
    const bool ends_sentence =
        s.headline.back() == '?' || s.headline.back() == '!' || s.headline.back() == '.';
    s.headline += (ends_sentence ? " " : ". ") + std::to_string(done) + " of " + std::to_string(total) +
                  " lessons done.";
    const bool finished = saved != progress.lessons.end() && saved->second.done;
    s.continue_command = finished && current.number < total ? "attn next" : "attn lesson";
    if (done == total) s.continue_command = "attn lesson N (any lesson, 1 to " + std::to_string(total) + ")";
    return s;
}

}  // namespace attn::course
