// Questions asked on a terminal, for `attn quiz` and the lesson player: each answer is checked and
// explained, a wrong one gets its hint and another try, and a hand calculation is asked entry by entry.
#pragma once
#include <set>
#include <string>

#include "cli/context.hpp"
#include "course/lesson.hpp"
#include "course/live_value.hpp"
#include "course/progress.hpp"

namespace attn::cli {

// Runs an attn command line with --format json inside this process and returns its stdout: the runner
// of every live value (lesson prose and questions). Throws InputError with the command's message when it
// fails; a course command is refused by the nested run however it is written.
course::CommandRunner json_runner(const Context& ctx);

// A hint (Markdown: `code` spans and all) rendered for the terminal, ending in one line break.
std::string hint_text(const Context& ctx, const std::string& markdown);

enum class Asked { right, wrong, skipped, quit };

// Asks one question of lesson `slug` on the terminal: up to three tries, each wrong one followed by the
// next hint; the answer is shown after the last. Records every checked answer in `progress` and saves
// it. An empty line skips the question, "q" or end of input quits.
Asked ask_question(Context& ctx, const course::Question& question, course::LiveEvaluator& evaluator,
                   const std::string& slug, course::Progress& progress);

// The lesson player's hooks. Asks the questions of `step` that are still open (not answered right
// before, not asked in this session: `asked` collects ids): the predict questions (`predict` true,
// before the step's text is shown) or the others (after it). Returns false when the learner quit.
bool ask_step_questions(Context& ctx, const course::Lesson& lesson, size_t step, bool predict,
                        std::set<std::string>& asked, course::Progress& progress);

// The questions of `step` printed with their ids and without answers, for --no-input and pipes; "" when
// the step has none. `evaluator` runs the commands a hand calculation's data comes from.
std::string step_questions_text(Context& ctx, const course::Lesson& lesson, size_t lesson_number, size_t step,
                                course::LiveEvaluator& evaluator);

}  // namespace attn::cli
