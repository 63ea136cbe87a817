// attn quiz N --watch: rustlings' watch mode for a lesson's edit challenges. The goals are checked
// again whenever a file of the learner's data folders (the workspace, --data or ATTN_DATA_DIR) changes.
#pragma once
#include <string>

#include "cli/context.hpp"
#include "cli/quiz_session.hpp"
#include "course/lesson.hpp"

namespace attn::cli {

// Records one checked answer to question `id` of lesson `slug`: the progress file is read again just
// before, so that a learner's other attn (a lesson open in another window) loses nothing.
void record_answer(const Context& ctx, const std::string& slug, const std::string& id, bool right);

// In the lesson player and attn quiz: the edit challenge's goal, whether it holds on the data now, and the
// commands that check it. Never waits: the learner goes on, and checks when the data is changed.
Asked show_edit_challenge(Context& ctx, const course::Question& question, course::LiveEvaluator& evaluator,
                          const std::string& slug);

// Checks every edit challenge of `lesson` (number `number`), then again after each change of a data
// file (inotify: no polling), until q, Ctrl-C or end of input. Off a terminal, standard input is read
// only for "q" or its end, and the watch also ends once every challenge holds. Returns the exit code:
// 0 when every challenge holds at the end, 1 when one does not, 130 after Ctrl-C.
int watch_edit_challenges(Context& ctx, const course::Lesson& lesson, size_t number);

}  // namespace attn::cli
