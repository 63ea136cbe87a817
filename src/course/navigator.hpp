// Decisions about where the learner is: which lesson is current, where to resume, what to do next.
#pragma once
#include <string>

#include "course/catalog.hpp"
#include "course/progress.hpp"

namespace attn::course {

// progress.current when it names a lesson of this catalog, else the first lesson not done, else 0.
size_t current_lesson(const Catalog& catalog, const Progress& progress);

// The step to open lesson `slug` at: the saved step, clamped to the lesson's steps; 0 for a finished
// lesson left at its last step.
size_t resume_step(const Progress& progress, const std::string& slug, size_t step_count);

// How many lessons of the catalog are done.
size_t lessons_done(const Catalog& catalog, const Progress& progress);

// "Lesson 3 of 14: Queries, keys and values" plus the command that continues, for `attn`.
struct Status {
    std::string headline;
    std::string continue_command;
};
Status describe_status(const Catalog& catalog, const Progress& progress);

}  // namespace attn::course
