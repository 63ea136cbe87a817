// Lessons compute, never act: what a command from a lesson (an attn block, a live value, a question's
// answer or hand command, attn check, attn export lesson) may not do, and how much work it may ask for.
// A course folder comes from anyone; opening it must not write the learner's files or keep the machine
// busy. docs/teaching.md "Lessons compute, never act" documents these numbers.
#pragma once
#include <cstddef>
#include <string>

namespace CLI {
class App;
}

namespace attn::cli {

// Subcommands that write files or take over the terminal: refused in a lesson, whatever their options.
inline constexpr const char* kLessonRefusedCommands[] = {"export", "workspace", "explore", "generate"};

// The caps. Each keeps one command under about two seconds on one core of a 2024 laptop.
inline constexpr long kLessonMaxBenchTokens = 4096;  // each of bench --sizes
inline constexpr int kLessonMaxBenchRepeats = 5;     // bench --repeats
inline constexpr long kLessonMaxBenchDim = 256;      // bench --d
// n² · d · (repeats + 1) summed over the sizes and methods: lesson 12's benchmark is 4.3e9.
inline constexpr double kLessonMaxBenchWork = 8.6e9;
inline constexpr unsigned long kLessonMaxTrainEpochs = 2000;  // train --epochs, or the task's default

// Makes the app (built by build_app) throw InputError, before anything runs, for a command line that
// writes a file, opens the explorer or asks for more work than the caps; the message says which and
// what to do.
void refuse_in_lesson(CLI::App& root);

// The start of every such message, so that attn check can tell a try-it refused here (the learner runs
// it in their own shell) from one that is broken.
inline constexpr const char* kLessonRefusal = "lessons compute, never act: ";

}  // namespace attn::cli
