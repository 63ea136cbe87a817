// One setup function per subcommand (each in its own file), in the order `attn --help` lists them.
#pragma once
#include <CLI/CLI.hpp>

#include "cli/context.hpp"

namespace attn::cli {

void setup_run(CLI::App& app, Context& ctx);
void setup_decode(CLI::App& app, Context& ctx);
void setup_stream(CLI::App& app, Context& ctx);
void setup_vocab(CLI::App& app, Context& ctx);
void setup_weights(CLI::App& app, Context& ctx);
void setup_similarity(CLI::App& app, Context& ctx);
void setup_map(CLI::App& app, Context& ctx);
void setup_scaling(CLI::App& app, Context& ctx);
void setup_softmax(CLI::App& app, Context& ctx);
void setup_bench(CLI::App& app, Context& ctx);
void setup_cache(CLI::App& app, Context& ctx);
void setup_seq2seq(CLI::App& app, Context& ctx);
void setup_transformer(CLI::App& app, Context& ctx);
// list, lesson, next, prev, reset, paths (course_commands.cpp); run_status is `attn` with no subcommand.
void setup_course_commands(CLI::App& app, Context& ctx);
void run_status(Context& ctx);
void setup_train(CLI::App& app, Context& ctx);
void setup_workspace(CLI::App& app, Context& ctx);
void setup_explore(CLI::App& app, Context& ctx);
// attn export (export.cpp): a command's report, or a lesson, written to files.
void setup_export(CLI::App& app, Context& ctx);
// quiz, hint, solution (quiz.cpp).
void setup_quiz(CLI::App& app, Context& ctx);
// attn check (check.cpp): a course checked for its teacher.
void setup_check(CLI::App& app, Context& ctx);
// attn help [COMMAND] (help.cpp), and the hidden attn generate (completions and the man page, generate.cpp).
void setup_help(CLI::App& app, Context& ctx);
void setup_generate(CLI::App& app, Context& ctx);
// attn glossary [TERM] (glossary.cpp).
void setup_glossary(CLI::App& app, Context& ctx);

}  // namespace attn::cli
