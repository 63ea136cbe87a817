// One setup function per subcommand (each in its own file), in the order `attn --help` lists them.
#pragma once
#include <CLI/CLI.hpp>

#include "cli/context.hpp"

namespace attn::cli {

void setup_run(CLI::App& app, Context& ctx);
void setup_vocab(CLI::App& app, Context& ctx);
void setup_weights(CLI::App& app, Context& ctx);
void setup_similarity(CLI::App& app, Context& ctx);
void setup_scaling(CLI::App& app, Context& ctx);
void setup_softmax(CLI::App& app, Context& ctx);
void setup_bench(CLI::App& app, Context& ctx);
void setup_seq2seq(CLI::App& app, Context& ctx);
void setup_transformer(CLI::App& app, Context& ctx);
// list, lesson, next, prev, reset, paths (course_commands.cpp); run_status is `attn` with no subcommand.
void setup_course_commands(CLI::App& app, Context& ctx);
void run_status(Context& ctx);
void setup_train(CLI::App& app, Context& ctx);
void setup_workspace(CLI::App& app, Context& ctx);
void setup_explore(CLI::App& app, Context& ctx);
// quiz, hint, solution (quiz.cpp).
void setup_quiz(CLI::App& app, Context& ctx);

}  // namespace attn::cli
