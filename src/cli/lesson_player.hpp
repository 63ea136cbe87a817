// Shows a lesson: on a terminal one step at a time (Enter/space next, b back, q quit, progress saved);
// otherwise, or with --no-input, the whole lesson at once without waiting for input.
#pragma once
#include <optional>
#include <string>

#include "cli/context.hpp"
#include "course/catalog.hpp"
#include "course/live_value.hpp"
#include "course/progress.hpp"

namespace attn::cli {

// The evaluator of a lesson's live values (`=COMMAND | PATH` spans), running commands in this process.
course::LiveEvaluator live_evaluator(Context& ctx, const course::Lesson& lesson);

// Step `step` of the lesson as text: a header, the prose with its live values, and each ```attn
// command run live. Sets `failed` when a command or a live value failed; its error is shown in place
// with the lesson file and line.
std::string render_step(const course::Catalog& catalog, const course::Lesson& lesson, size_t lesson_index, size_t step,
                        Context& ctx, course::LiveEvaluator& live, bool& failed);

// Opens lesson `lesson_index` (at `step` when given, else where the learner left it, as `progress`
// says) and records progress. Throws course::InputError when the lesson file is malformed, or when a command in it failed
// (after showing the whole lesson).
void play_lesson(Context& ctx, const course::Catalog& catalog, size_t lesson_index, std::optional<size_t> step,
                 course::Progress progress);

}  // namespace attn::cli
