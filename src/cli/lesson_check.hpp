// The runners of attn check (check.cpp), also used by attn list for its quick, parse-only marks.
#pragma once
#include "cli/context.hpp"
#include "course/lesson_check.hpp"

namespace attn::cli {

// Runs (or with `run` false only parses) what a lesson holds, each in the lesson's folder.
course::CheckRunners check_runners(Context& ctx, bool run);

// One lesson checked: with `run`, every part runs; without, every command line only parses (quick:
// attn list) and live values are not evaluated.
course::LessonCheck check_one(Context& ctx, const course::LessonEntry& entry, bool run);

}  // namespace attn::cli
