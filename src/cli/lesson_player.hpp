// Shows a lesson: on a terminal full screen, one step at a time, scrolling inside a step (keys in
// viewport.hpp; progress saved); otherwise, or with --no-input, the whole lesson at once as plain text.
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

// A step as text: its header (lesson, title, rule: pinned on screen) and its body.
struct StepText {
    std::string header;
    std::string body;
};

// Step `step` of the lesson as text: a header, the prose with its live values, and each ```attn
// command run live. Sets `failed` when a command or a live value failed; its error is shown in place
// with the lesson file and line.
std::string render_step(const course::Catalog& catalog, const course::Lesson& lesson, size_t lesson_index,
                        size_t step, Context& ctx, course::LiveEvaluator& live, bool& failed);
// The same, header and body apart.
StepText render_step_parts(const course::Catalog& catalog, const course::Lesson& lesson, size_t lesson_index,
                           size_t step, Context& ctx, course::LiveEvaluator& live, bool& failed);

// The full-screen player (lesson_screen.cpp), from step `step`; saves progress as the learner moves.
// Returns the line to print once the screen is given back ("Lesson 3 done. Next: ...").
std::string play_full_screen(Context& ctx, const course::Catalog& catalog, const course::Lesson& lesson,
                             size_t index, size_t step, course::Progress& progress);

// Opens lesson `lesson_index` (at `step` when given, else where the learner left it, as `progress`
// says). On a terminal it records progress as the learner moves; otherwise it prints the lesson and
// records it as the current one only when `move_place` (attn next and prev). Throws course::InputError
// when the lesson file is malformed, or when a command in it failed (after showing the whole lesson).
void play_lesson(Context& ctx, const course::Catalog& catalog, size_t lesson_index,
                 std::optional<size_t> step, course::Progress progress, bool move_place);

}  // namespace attn::cli
