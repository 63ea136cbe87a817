#include "cli/app.hpp"

#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <iostream>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "cli/context.hpp"
#include "cli/lesson_limits.hpp"
#include "cli/subcommands.hpp"
#include "cli/text_options.hpp"
#include "course/progress.hpp"
#include "inputs/input_error.hpp"
#include "render/fit.hpp"
#include "render/markdown_text.hpp"

namespace attn::cli {

namespace {

void add_global_options(CLI::App& app, GlobalOptions& global) {
    app.add_option("--color", global.color,
                   "Colour: auto (on a terminal, unless NO_COLOR is set or TERM=dumb), always, never")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->capture_default_str();
    app.add_flag("--ascii", global.ascii,
                 "Plain ASCII: no shading glyphs or box drawing (screen readers, old terminals)");
    app.add_flag("--no-input", global.no_input,
                 "Never wait for a key; print whole lessons (the default when not on a terminal)");
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

// CLI11 reads "-1" into an unsigned option as 18446744073709551615 (strtoull wraps): every count or
// size refuses a minus sign, so that the message quotes what the learner typed.
void refuse_negative_counts(CLI::App& app) {
    const CLI::Validator not_negative(
        [](std::string& value) {
            const size_t first = value.find_first_not_of(" \t");
            if (first != std::string::npos && value[first] == '-')
                return "a count or size cannot be negative, got " + value;
            // strtoull saturates: 2^64 would become 2^64 - 1 without a word.
            errno = 0;
            std::strtoull(value.c_str(), nullptr, 0);
            return errno == ERANGE ? value + " is too large; at most 18446744073709551615 (2^64 - 1)"
                                   : std::string();
        },
        "");
    for (CLI::Option* option : app.get_options())
        if (option->get_type_name().find("UINT") != std::string::npos) option->check(not_negative);
    for (CLI::App* sub : app.get_subcommands({})) refuse_negative_counts(*sub);
}

// Global options and every subcommand, in the order `attn --help` lists them.
void build_app(CLI::App& app, Context& ctx) {
    app.set_version_flag("--version", "attn " ATTN_VERSION, "Print the version and exit");
    app.footer(
        "With no subcommand: where you are in the course and how to continue.\n\n"
        "Examples:\n"
        "  attn                                       where you are, and the command to continue\n"
        "  attn lesson                                open the current lesson (Enter: next step, b: back, q: "
        "quit)\n"
        "  attn list                                  every lesson, done and current marked\n"
        "  attn run                                   the apple example: one word, two contexts\n"
        "  attn run --sentence \"I ate the apple\" --show weights --explain apple,ate\n"
        "  attn run --x X.csv --wq WQ.csv --wk WK.csv --wv WV.csv --heads 2 --mask causal --format json\n"
        "  attn seq2seq --score general --explain noir      translation: which source word each step attends "
        "to\n"
        "  attn decode -s \"I ate the apple\"                 generation one token at a time, with a KV "
        "cache\n"
        "  attn transformer -s \"I ate the apple\" --positional   one encoder block, every intermediate\n"
        "  attn export run -s \"I ate the apple\" --format svg -o figures   heatmaps to keep\n"
        "  attn quiz 4                                check yourself: the lesson's questions, on a terminal\n"
        "  attn quiz 4 --question i-ate-score --answer 1   for scripts: exit 0 right, 1 wrong\n"
        "  attn glossary logit                        a symbol or term of the course, explained\n"
        "  attn help run                              the same as attn run --help\n"
        "  attn --lessons my-course check             for a teacher: run every command of every lesson\n"
        "\nExit codes: 0 success, 1 internal error (a bug), 2 bad input or usage, 3 output or progress could "
        "not be\n"
        "written, 130 interrupted; attn quiz --answer alone exits 1 for a wrong answer, attn check for a\n"
        "failed lesson.");
    add_global_options(app, ctx.global);
    app.fallthrough();  // global flags may also follow the subcommand: attn run --color never
    app.require_subcommand(0, 1);
    setup_run(app, ctx);
    setup_decode(app, ctx);
    setup_stream(app, ctx);
    setup_vocab(app, ctx);
    setup_weights(app, ctx);
    setup_similarity(app, ctx);
    setup_map(app, ctx);
    setup_scaling(app, ctx);
    setup_softmax(app, ctx);
    setup_bench(app, ctx);
    setup_cache(app, ctx);
    setup_seq2seq(app, ctx);
    setup_transformer(app, ctx);
    setup_train(app, ctx);
    setup_workspace(app, ctx);
    setup_explore(app, ctx);
    setup_course_commands(app, ctx);
    setup_quiz(app, ctx);
    setup_check(app, ctx);
    setup_export(app, ctx);
    setup_glossary(app, ctx);
    setup_help(app, ctx);
    setup_generate(app, ctx);  // last: it walks every other subcommand
    refuse_negative_counts(app);
    require_utf8_text(app);
}

// --help, its lines fitted to the terminal (CLI11 does not wrap descriptions) and ASCII with --ascii.
int help(CLI::App& app, const CLI::Error& e, const Context& ctx, std::ostream& out, std::ostream& err) {
    std::ostringstream text;
    const int code = app.exit(e, text, err);
    const render::Style style = ctx.style(4);
    const std::string fitted = render::fit_lines(text.str(), style.width);
    out << (style.unicode ? fitted : render::ascii_fold(fitted));
    return code == 0 ? kOk : kInputError;
}

// Parses and runs; turns every error into a message in `err` and an exit code. Never throws.
int guarded_run(CLI::App& app, Context& ctx, const std::function<void()>& parse, std::ostream& out,
                std::ostream& err) {
    try {
        parse();
        if (app.get_subcommands().empty()) run_status(ctx);
        return kOk;
    } catch (const CLI::CallForHelp& e) {
        return help(app, e, ctx, out, err);
    } catch (const CLI::CallForAllHelp& e) {
        return help(app, e, ctx, out, err);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e, out, err) == 0 ? kOk : kInputError;
    } catch (const CLI::ParseError& e) {
        // CLI11's own codes (100+) become 2: every usage problem is an input error to the learner.
        return report(
            err, std::string(e.what()) + "\nRun 'attn --help' (or 'attn SUBCOMMAND --help') for the options.",
            kInputError);
    } catch (const course::InputError& e) {
        return report(err, e.what(), kInputError);
    } catch (const std::invalid_argument& e) {
        return report(err, e.what(), kInputError);
    } catch (const course::WriteError& e) {
        return report(err, e.what(), kOutputError);
    } catch (const std::bad_alloc&) {
        return report(err, "out of memory; try smaller sizes", kInputError);
    } catch (const std::exception& e) {
        return report(err, std::string("internal error: ") + e.what() + " (please report this)",
                      kInternalError);
    }
}

constexpr const char* kNoCourseCommands =
    "course commands (attn with no subcommand, lesson, next, prev, list, reset, paths, quiz, hint, solution, "
    "check) "
    "cannot run inside a lesson; "
    "give a command such as run, softmax or seq2seq";

// A lesson (or a live number) that opened the course from inside itself would recurse without end, or
// move the learner's progress. The parser that runs the command decides what its subcommand is, so a
// command line written in any way (global flags first, tabs, quotes) is caught: nothing is guessed.
void refuse_course_commands(CLI::App& app) {
    for (const char* name :
         {"lesson", "next", "prev", "reset", "list", "paths", "quiz", "hint", "solution", "check"})
        app.get_subcommand(name)->preparse_callback(
            [](size_t) { throw course::InputError(kNoCourseCommands); });
}

}  // namespace

int attn_main(int argc, char** argv) {
    // A closed pipe (attn run | head -1) is an output error, exit 3, not death by SIGPIPE (141):
    // with the signal ignored, the write fails with EPIPE and write_stdout reports it.
    std::signal(SIGPIPE, SIG_IGN);
    Context ctx;
    ctx.stdout_tty = isatty(STDOUT_FILENO);
    ctx.stdin_tty = isatty(STDIN_FILENO);
    CLI::App app{
        "attn: learn the attention mechanism of neural networks in your terminal.\n"
        "Every stage is computed live on toy data you can edit.",
        "attn"};
    build_app(app, ctx);
    // --help and --version write here, then to stdout like every other output: `attn --help > /dev/full`
    // is a failed write (exit 3), not a success.
    std::ostringstream direct;
    const int code = guarded_run(
        app, ctx, [&] { app.parse(argc, argv); }, direct, std::cerr);
    if (!write_stdout(direct.str()) || (code == kOk && !write_stdout(ctx.out)))
        return report(std::cerr, std::string("cannot write output: ") + std::strerror(errno), kOutputError);
    return code == kOk ? ctx.result_code : code;
}

namespace {

// While it lives, the working directory is `dir` (when not empty), so that a relative path in a lesson's
// command means a file beside the lesson; the folders the learner gave as flags keep their meaning.
class WorkingDirectory {
public:
    WorkingDirectory(const std::string& dir, GlobalOptions& global) {
        if (dir.empty()) return;
        namespace fs = std::filesystem;
        std::error_code ec;
        previous_ = fs::current_path(ec);
        if (ec) return;
        for (std::optional<std::string>* flag : {&global.lessons_dir, &global.data_dir})
            if (*flag && !flag->value().empty()) *flag = fs::absolute(**flag, ec).string();
        fs::current_path(dir, ec);
        if (ec) previous_.clear();
    }
    ~WorkingDirectory() {
        std::error_code ec;
        if (!previous_.empty()) std::filesystem::current_path(previous_, ec);
    }
    WorkingDirectory(const WorkingDirectory&) = delete;
    WorkingDirectory& operator=(const WorkingDirectory&) = delete;

private:
    std::filesystem::path previous_;
};

// Runs a command line parsed by `parse` inside this process with the outer global options.
// `in_lesson`: the line comes from a lesson, which computes and never acts (cli/lesson_limits.hpp).
CommandResult run_inner(const Context& outer, report::Report* capture,
                        const std::function<void(CLI::App&)>& parse, bool in_lesson, bool with_json = false) {
    CommandResult result;
    Context ctx;
    ctx.json_copy = with_json ? &result.json : nullptr;
    ctx.global = outer.global;
    const WorkingDirectory in_lesson_folder(outer.command_dir, ctx.global);
    ctx.stdout_tty = outer.stdout_tty;
    ctx.stdin_tty = false;  // a lesson's command never waits for input
    ctx.capture = capture;
    ctx.in_lesson = in_lesson;
    CLI::App app{"attn", "attn"};
    build_app(app, ctx);
    refuse_course_commands(app);
    if (in_lesson) refuse_in_lesson(app);  // nothing refused starts
    std::ostringstream out, err;
    result.code = guarded_run(
        app, ctx,
        [&] {
            parse(app);
            // No subcommand would print the course status: that is a course command too.
            if (app.get_subcommands().empty()) throw course::InputError(kNoCourseCommands);
        },
        out, err);
    result.out = out.str() + ctx.out;
    result.err = err.str();
    return result;
}

// Thrown once a command line is parsed and checked, before any subcommand runs (parse_only).
struct ParsedOnly {};

}  // namespace

// One app for every line: building it costs far more than parsing a line (attn list checks hundreds).
struct CommandParser::Parts {
    Context ctx;
    CLI::App app{"attn", "attn"};
};

CommandParser::CommandParser(const Context& outer) : parts_(std::make_unique<Parts>()) {
    parts_->ctx.global = outer.global;
    build_app(parts_->app, parts_->ctx);
    // The root's parse-complete callback runs after every option was read and checked and before any
    // subcommand's callback: stopping there runs nothing. (Taking the callbacks away instead would free
    // the options they own while CLI11 still writes into them.)
    parts_->app.parse_complete_callback([] { throw ParsedOnly{}; });
}

CommandParser::~CommandParser() = default;

CommandResult CommandParser::parse(const std::string& command_line) {
    CLI::App& app = parts_->app;
    app.clear();  // forget the previous line's options and subcommand
    std::ostringstream out, err;
    CommandResult result;
    result.code = guarded_run(
        app, parts_->ctx,
        [&] {
            try {
                app.parse(command_line, false);
            } catch (const ParsedOnly&) {}
            if (app.get_subcommands().empty())
                throw course::InputError("no subcommand: give one such as run or softmax");
        },
        out, err);
    const std::vector<CLI::App*> chosen = app.get_subcommands();
    if (!chosen.empty()) result.subcommand = chosen.front()->get_name();
    result.out = out.str();
    result.err = err.str();
    return result;
}

CommandResult run_nested(const std::string& command_line, const Context& outer, bool with_json) {
    return run_inner(
        outer, nullptr, [&](CLI::App& app) { app.parse(command_line, false); }, true, with_json);
}

CommandResult run_captured(const std::string& command_line, const Context& outer, report::Report* capture) {
    return run_inner(
        outer, capture, [&](CLI::App& app) { app.parse(command_line, false); }, true);
}

CommandResult run_captured(const std::vector<std::string>& args, const Context& outer,
                           report::Report* capture) {
    return run_inner(
        outer, capture,
        [&](CLI::App& app) {
            std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 takes them last first
            app.parse(reversed);
        },
        false);
}

}  // namespace attn::cli
