#include "cli/app.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <functional>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include "cli/context.hpp"
#include "cli/subcommands.hpp"
#include "inputs/input_error.hpp"
#include "course/progress.hpp"

namespace attn::cli {

namespace {

void add_global_options(CLI::App& app, GlobalOptions& global) {
    app.add_option("--color", global.color, "Colour: auto (on a terminal, unless NO_COLOR is set or TERM=dumb), always, never")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->capture_default_str();
    app.add_flag("--ascii", global.ascii, "Plain ASCII: no shading glyphs or box drawing (screen readers, old terminals)");
    app.add_flag("--no-input", global.no_input, "Never wait for a key; print whole lessons (the default when not on a terminal)");
    app.add_option("--lessons", global.lessons_dir, "Read lessons from DIR (also ATTN_LESSONS_DIR)");
    app.add_option("--data", global.data_dir, "Read vocabularies and toy data from DIR (also ATTN_DATA_DIR)");
}

// Writes all of `text` to stdout; false if the write failed (closed pipe, full disk).
bool write_stdout(const std::string& text) {
    if (text.empty()) return true;
    const size_t written = std::fwrite(text.data(), 1, text.size(), stdout);
    return written == text.size() && std::fflush(stdout) == 0;
}

int report(std::ostream& err, const std::string& message, int code) {
    err << "attn: error: " << message << "\n";
    return code;
}

// Global options and every subcommand, in the order `attn --help` lists them.
void build_app(CLI::App& app, Context& ctx) {
    app.set_version_flag("--version", "attn " ATTN_VERSION, "Print the version and exit");
    app.footer("With no subcommand: where you are in the course and how to continue.\n\n"
               "Examples:\n"
               "  attn                                       where you are, and the command to continue\n"
               "  attn lesson                                open the current lesson (Enter: next step, b: back, q: quit)\n"
               "  attn list                                  every lesson, done and current marked\n"
               "  attn run                                   the apple example: one word, two contexts\n"
               "  attn run --sentence \"I ate the apple\" --show weights --explain apple,ate\n"
               "  attn run --x X.csv --wq WQ.csv --wk WK.csv --wv WV.csv --heads 2 --mask causal --format json\n"
               "  attn seq2seq --score general --explain noir      translation: which source word each step attends to\n"
               "  attn decode -s \"I ate the apple\"                 generation one token at a time, with a KV cache\n"
               "  attn transformer -s \"I ate the apple\" --positional   one encoder block, every intermediate\n"
               "  attn quiz 4                                check yourself: the lesson's questions, on a terminal\n"
               "  attn quiz 4 --question i-ate-score --answer 1   for scripts: exit 0 right, 1 wrong\n"
               "\nExit codes: 0 success, 1 internal error (a bug), 2 bad input or usage, 3 output or progress could not be\n"
               "written, 130 interrupted; attn quiz --answer alone exits 1 for a wrong answer.");
    add_global_options(app, ctx.global);
    app.fallthrough();  // global flags may also follow the subcommand: attn run --color never
    app.require_subcommand(0, 1);
    setup_run(app, ctx);
    setup_decode(app, ctx);
    setup_stream(app, ctx);
    setup_vocab(app, ctx);
    setup_similarity(app, ctx);
    setup_scaling(app, ctx);
    setup_softmax(app, ctx);
    setup_bench(app, ctx);
    setup_seq2seq(app, ctx);
    setup_transformer(app, ctx);
    setup_train(app, ctx);
    setup_course_commands(app, ctx);
    setup_quiz(app, ctx);
}

// Parses and runs; turns every error into a message in `err` and an exit code. Never throws.
int guarded_run(CLI::App& app, Context& ctx, const std::function<void()>& parse, std::ostream& out, std::ostream& err) {
    try {
        parse();
        if (app.get_subcommands().empty()) run_status(ctx);
        return kOk;
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e, out, err) == 0 ? kOk : kInputError;
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e, out, err) == 0 ? kOk : kInputError;
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e, out, err) == 0 ? kOk : kInputError;
    } catch (const CLI::ParseError& e) {
        // CLI11's own codes (100+) become 2: every usage problem is an input error to the learner.
        return report(err, std::string(e.what()) + "\nRun 'attn --help' (or 'attn SUBCOMMAND --help') for the options.", kInputError);
    } catch (const course::InputError& e) {
        return report(err, e.what(), kInputError);
    } catch (const std::invalid_argument& e) {
        return report(err, e.what(), kInputError);
    } catch (const course::WriteError& e) {
        return report(err, e.what(), kOutputError);
    } catch (const std::bad_alloc&) {
        return report(err, "out of memory; try smaller sizes", kInputError);
    } catch (const std::exception& e) {
        return report(err, std::string("internal error: ") + e.what() + " (please report this)", kInternalError);
    }
}

}  // namespace

int attn_main(int argc, char** argv) {
    Context ctx;
    ctx.stdout_tty = isatty(STDOUT_FILENO);
    ctx.stdin_tty = isatty(STDIN_FILENO);
    CLI::App app{"attn: learn the attention mechanism of neural networks in your terminal.\n"
                 "Every stage is computed live on toy data you can edit.",
                 "attn"};
    build_app(app, ctx);
    const int code = guarded_run(app, ctx, [&] { app.parse(argc, argv); }, std::cout, std::cerr);
    if (code != kOk) return code;
    if (!write_stdout(ctx.out)) return report(std::cerr, std::string("cannot write output: ") + std::strerror(errno), kOutputError);
    return ctx.result_code;
}

CommandResult run_nested(const std::string& command_line, const Context& outer) {
    Context ctx;
    ctx.global = outer.global;
    ctx.stdout_tty = outer.stdout_tty;
    ctx.stdin_tty = false;  // a lesson's command never waits for input
    CLI::App app{"attn", "attn"};
    build_app(app, ctx);
    std::ostringstream out, err;
    CommandResult result;
    result.code = guarded_run(app, ctx, [&] { app.parse(command_line, false); }, out, err);
    result.out = out.str() + ctx.out;
    result.err = err.str();
    return result;
}

}  // namespace attn::cli
