// The runners of attn check (check.cpp), also used by attn list for its quick, parse-only marks.
#pragma once
#include <memory>

#include "cli/app.hpp"
#include "cli/context.hpp"
#include "course/lesson_check.hpp"

namespace attn::cli {

// Runs (or with `run` false only parses) what a lesson holds, each in the lesson's folder.
// `parser` parses every command line first (one for a whole course: building it is the costly part).
course::CheckRunners check_runners(Context& ctx, bool run, const std::shared_ptr<CommandParser>& parser);

// One lesson checked: with `run`, every part runs; without, every command line only parses (quick:
// attn list) and live values are not evaluated. With `strict` (and `run`), literal numbers of the prose
// that the lesson's commands print fail too.
course::LessonCheck check_one(Context& ctx, const course::LessonEntry& entry, bool run,
                              const std::shared_ptr<CommandParser>& parser, bool strict = false);

}  // namespace attn::cli
