// The course commands: attn (status), list, lesson, next, prev, reset, paths.
#include <unistd.h>

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/lesson_check.hpp"
#include "cli/lesson_player.hpp"
#include "cli/paste_command.hpp"
#include "cli/subcommands.hpp"
#include "course/data_layers.hpp"
#include "course/navigator.hpp"
#include "course/paths.hpp"
#include "course/progress.hpp"
#include "course/scores.hpp"
#include "inputs/input_error.hpp"
#include "render/fit.hpp"
#include "render/markdown_text.hpp"
#include "render/style.hpp"

namespace attn::cli {

namespace {

course::Catalog open_catalog(const Context& ctx) {
    return course::load_catalog(course::find_content_dir("lessons", ctx.global.lessons_dir).path);
}

course::Progress read_progress(const Context& ctx) {
    course::LoadedProgress loaded = course::load_progress(ctx.progress_dir());
    if (loaded.warning) std::cerr << "attn: warning: " << *loaded.warning << "\n";
    return loaded.progress;
}

// "done", "current", or "" for one lesson; "error" when its file does not parse. `questions` gets the
// number of questions in the lesson.
// A lesson whose file parses but one of whose ```attn blocks or try-it commands does not parse (an unknown
// subcommand or option, a bad value) is an error too: a quick check that runs nothing (attn check runs all).
std::string lesson_mark(Context& ctx, const std::shared_ptr<CommandParser>& parser,
                        const course::LessonEntry& e, const course::Progress& p, size_t current,
                        std::string& error, size_t& questions) {
    try {
        questions = course::lesson_questions(course::load_lesson(e)).size();
    } catch (const course::InputError& bad) {
        error = bad.what();
        return "error";
    }
    const course::LessonCheck parsed = check_one(ctx, e, false, parser);
    if (!parsed.failures.empty()) {
        error = parsed.failures.front().message;
        error = error.substr(0, error.find('\n'));  // its first line: CLI11 adds "Run 'attn --help' ..."
        return "error";
    }
    if (e.number - 1 == current) return "current";
    const auto found = p.lessons.find(e.slug);
    return found != p.lessons.end() && found->second.done ? "done" : "";
}

// Text for the terminal: lines fitted to its width, ASCII with --ascii (lesson titles may hold Q·Kᵀ).
std::string fitted(const Context& ctx, const std::string& text) {
    const render::Style style = ctx.style(4);
    const std::string out = render::fit_lines(text, style.width);
    return style.unicode ? out : render::ascii_fold(out);
}

void run_list(Context& ctx, bool json) {
    const course::Catalog catalog = open_catalog(ctx);
    const course::Progress progress = read_progress(ctx);
    const size_t current = course::current_lesson(catalog, progress);
    nlohmann::json rows = nlohmann::json::array();
    std::string text = catalog.title + "\n";
    const bool unicode = ctx.style(4).unicode;
    const auto parser = std::make_shared<CommandParser>(ctx);
    for (const course::LessonEntry& e : catalog.lessons) {
        std::string error;
        size_t questions = 0;
        const std::string mark = lesson_mark(ctx, parser, e, progress, current, error, questions);
        const auto saved = progress.lessons.find(e.slug);
        const bool done = saved != progress.lessons.end() && saved->second.done;
        const course::LessonScore score = course::score_lesson(
            saved == progress.lessons.end() ? course::LessonProgress{} : saved->second, questions);
        rows.push_back({{"number", e.number},
                        {"slug", e.slug},
                        {"title", e.title},
                        {"file", e.path},
                        {"done", done},
                        {"current", mark == "current"},
                        {"error", error.empty() ? nlohmann::json() : nlohmann::json(error)},
                        {"questions", score.questions},
                        {"answered", score.answered},
                        {"right", score.right},
                        {"attempts", score.attempts},
                        {"score", score.answered ? nlohmann::json(score.score) : nlohmann::json()}});
        const std::string glyph = mark == "error"     ? "!"
                                  : mark == "current" ? (unicode ? "▶" : ">")
                                  : done              ? (unicode ? "✓" : "x")
                                                      : " ";
        // Two mark columns, a space, then the number right-aligned: "▶✓ 14", never "▶✓14".
        text += " " + glyph + (done && mark == "current" ? (unicode ? "✓" : "x") : " ") + " " +
                std::string(e.number < 10 ? " " : "") + std::to_string(e.number) + "  " + e.title + "  (" +
                e.slug + ")" + (error.empty() ? "" : "\n      " + error) + "\n";
        if (score.answered) text += "      quiz: " + course::describe_score(score) + "\n";
    }
    text += "\n" + std::string(unicode ? "✓" : "x") + " done   " + (unicode ? "▶" : ">") +
            " current   ! lesson file or one of its commands has an error (attn check runs them all)\n";
    ctx.out =
        json ? nlohmann::json{{"title", catalog.title}, {"lessons", rows}}.dump(2) + "\n" : fitted(ctx, text);
}

void run_paths(Context& ctx) {
    const course::Location lessons = course::find_content_dir("lessons", ctx.global.lessons_dir);
    const course::DataLayers data = ctx.data_layers();
    const course::Location state = course::state_dir();
    // The full paths are the point here: a path is never broken; its note goes under it when the line
    // would be wider than the terminal.
    const size_t width = static_cast<size_t>(ctx.style(4).width);
    auto line = [&](const std::string& label, const std::string& path, const std::string& note) {
        const std::string one = label + path + "   (" + note + ")";
        if (render::display_width(one) <= width) return one + "\n";
        return label + path + "\n" +
               render::wrap_labelled(std::string(label.size(), ' '), "(" + note + ")",
                                     static_cast<int>(width)) +
               "\n";
    };
    std::string text = line("lessons   ", lessons.path, "from " + lessons.source);
    // The data overlay, top first: a file in an upper folder replaces the one of the same name below.
    for (size_t i = 0; i < data.layers.size(); ++i)
        text +=
            line(i == 0 ? "data      " : "  then    ", data.layers[i].path, "from " + data.layers[i].source);
    const course::Location workspace = course::workspace_dir();
    if (!data.workspace()) text += line("workspace ", workspace.path, "none yet: attn workspace init");
    text += line("progress  ", ctx.progress_dir() + "/progress.json", "from " + state.source);
    // Which files are not the shipped ones: the learner's own, from the workspace or --data.
    std::string overridden;
    for (const std::string& file : data.files())
        if (const course::DataLayer* layer = data.origin(file); layer != &data.layers.back())
            overridden +=
                "  " + file + "   (" + layer->source + ", " + data.compared_with_shipped(file) + ")\n";
    if (data.layers.size() > 1)
        text +=
            "\nfiles read from " +
            std::string(overridden.empty() ? "above the shipped data: none\n" : "above the shipped data:\n") +
            overridden;
    ctx.out = fitted(ctx, text);
}

// Moves the current lesson by `delta` and opens it.
void run_move(Context& ctx, int delta) {
    const course::Catalog catalog = open_catalog(ctx);
    course::Progress progress = read_progress(ctx);
    const size_t current = course::current_lesson(catalog, progress);
    const long target = static_cast<long>(current) + delta;
    if (target < 0) throw course::InputError("this is the first lesson; there is no previous one");
    if (target >= static_cast<long>(catalog.lessons.size()))
        throw course::InputError("lesson " + std::to_string(current + 1) +
                                 " is the last one; revisit any with '" + attn_command(ctx, "lesson N") +
                                 "'");
    play_lesson(ctx, catalog, static_cast<size_t>(target), std::nullopt, std::move(progress), true);
}

struct ResetOptions {
    std::optional<std::string> lesson;
    bool all = false;
    bool force = false;
};

// On a terminal, asks and reads y/N; elsewhere only --force confirms.
bool confirmed(const Context& ctx, const ResetOptions& o, const std::string& what) {
    if (o.force) return true;
    if (!ctx.interactive())
        throw course::InputError("not resetting " + what +
                                 " without confirmation: not on a terminal, so add --force");
    std::cout << "Reset " << what << "? This cannot be undone. [y/N] " << std::flush;
    std::string answer;
    std::getline(std::cin, answer);
    return answer == "y" || answer == "Y" || answer == "yes";
}

void run_reset(Context& ctx, const ResetOptions& o) {
    if (o.all == o.lesson.has_value())
        throw course::InputError("say what to reset: 'attn reset N' (one lesson) or 'attn reset --all'");
    const course::Catalog catalog = open_catalog(ctx);
    course::Progress progress = read_progress(ctx);
    std::string what = "all progress";
    if (o.lesson) {
        const course::LessonEntry& e = catalog.lessons[course::find_lesson(catalog, *o.lesson)];
        what = "progress of lesson " + std::to_string(e.number) + " (" + e.title + ")";
        if (!confirmed(ctx, o, what)) return void(ctx.out = "Nothing reset.\n");
        progress.lessons.erase(e.slug);
    } else {
        if (!confirmed(ctx, o, what)) return void(ctx.out = "Nothing reset.\n");
        progress = course::Progress{};
    }
    course::save_progress(progress, ctx.progress_dir());
    ctx.out = "Reset " + what + ".\n";
}

void setup_lesson(CLI::App& app, Context& ctx) {
    struct LessonOptions {
        std::optional<std::string> lesson;
        std::optional<size_t> step;
    };
    auto o = std::make_shared<LessonOptions>();
    CLI::App* sub = app.add_subcommand("lesson", "Open a lesson: the current one, or N (number or slug)");
    sub->add_option("lesson", o->lesson, "Lesson number (1-based) or slug; default the current lesson");
    sub->add_option("--step", o->step, "Open at step K (1-based); without a terminal, print only that step");
    sub->footer(
        "On a terminal: Enter or space for the next step, b to go back, q to quit; progress is saved.\n"
        "Not on a terminal (or with --no-input): the whole lesson is printed.\n\n"
        "Examples:\n  attn lesson\n  attn lesson 4\n  attn lesson scaling --step 2\n  attn --no-input lesson "
        "3 > lesson3.txt");
    sub->callback([o, &ctx] {
        if (o->step && *o->step == 0)
            throw course::InputError("--step 0: steps count from 1; --step 1 is the first");
        const course::Catalog catalog = open_catalog(ctx);
        course::Progress progress = read_progress(ctx);
        const size_t index =
            o->lesson ? course::find_lesson(catalog, *o->lesson) : course::current_lesson(catalog, progress);
        play_lesson(ctx, catalog, index, o->step ? std::optional<size_t>(*o->step - 1) : std::nullopt,
                    std::move(progress), false);
    });
}

}  // namespace

void run_status(Context& ctx) {
    const course::Catalog catalog = open_catalog(ctx);
    const course::Progress progress = read_progress(ctx);
    const course::Status status = course::describe_status(catalog, progress);
    // The course's commands name the teacher's course when one is in use, so that they work when pasted.
    const std::string& suggested = status.continue_command;
    const std::string next = attn_command(ctx, suggested.substr(suggested.find(' ') + 1));
    const std::string list = attn_command(ctx, "list");
    std::string commands = "Continue with: " + next + "    All lessons: " + list + "    Help: attn --help";
    // A command is never broken across lines: each gets its own line when they do not fit on one.
    // A command wider than the window goes on with a shell continuation (" \\"), never a bare break.
    const int width = ctx.style(4).width;
    if (render::display_width(commands) > static_cast<size_t>(width))
        commands = render::fit_command("Continue with: " + next, width) + "\n" +
                   render::fit_command("All lessons:   " + list, width) + "\nHelp:          attn --help";
    ctx.out = fitted(ctx, status.headline + "\n" + commands + "\n");
    if (const std::optional<size_t> weak = course::weakest_lesson(catalog, progress)) {
        const course::LessonEntry& e = catalog.lessons[*weak];
        const course::LessonScore score = course::score_lesson(
            progress.lessons.at(e.slug), course::lesson_questions(course::load_lesson(e)).size());
        const std::string line = "Weakest quiz score: lesson " + std::to_string(e.number) + " (" + e.title +
                                 "), " + course::describe_score(score) + ".";
        ctx.out += fitted(
            ctx,
            render::wrap(line, width, 2) + "\n" +
                render::fit_command(
                    "Go back to it with: " + attn_command(ctx, "quiz " + std::to_string(e.number)), width) +
                "\n");
    }
}

void setup_course_commands(CLI::App& app, Context& ctx) {
    setup_lesson(app, ctx);
    // Each course command has its own footer: without one, CLI11 repeats the whole program's.
    app.add_subcommand("next", "Go to the next lesson and open it")
        ->footer("Example:\n  attn next                the lesson after your current one (the first if none)")
        ->callback([&ctx] { run_move(ctx, +1); });
    app.add_subcommand("prev", "Go back to the previous lesson and open it")
        ->footer("Example:\n  attn prev                the lesson before your current one")
        ->callback([&ctx] { run_move(ctx, -1); });
    auto json = std::make_shared<bool>(false);
    CLI::App* list = app.add_subcommand("list", "List the lessons, with done and current marked");
    list->add_flag("--json", *json, "Print the list as JSON");
    list->footer(
        "Examples:\n  attn list                the lessons, done and current marked\n"
        "  attn list --json         the same for scripts");
    list->callback([json, &ctx] { run_list(ctx, *json); });
    auto reset = std::make_shared<ResetOptions>();
    CLI::App* sub =
        app.add_subcommand("reset", "Forget progress: of lesson N, or --all (asks first on a terminal)");
    sub->add_option("lesson", reset->lesson, "Lesson number or slug");
    sub->add_flag("--all", reset->all, "Forget all progress");
    sub->add_flag("--force", reset->force, "Do not ask (needed when not on a terminal)");
    sub->footer(
        "Examples:\n  attn reset 4             forget lesson 4's progress (asks first on a terminal)\n"
        "  attn reset --all --force   forget everything, without asking (for scripts)");
    sub->callback([reset, &ctx] { run_reset(ctx, *reset); });
    app.add_subcommand("paths", "Show where lessons, data and progress are read from")
        ->footer("Example:\n  attn paths               the lessons, data and progress folders in use")
        ->callback([&ctx] { run_paths(ctx); });
}

}  // namespace attn::cli
