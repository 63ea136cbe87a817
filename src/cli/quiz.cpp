// attn quiz, attn hint, attn solution: questions of a lesson, asked on a terminal or checked for scripts.
#include "course/quiz.hpp"

#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/edit_text.hpp"
#include "cli/emit.hpp"
#include "cli/paste_command.hpp"
#include "cli/quiz_session.hpp"
#include "cli/quiz_text.hpp"
#include "cli/quiz_watch.hpp"
#include "cli/subcommands.hpp"
#include "course/catalog.hpp"
#include "course/data_blocks.hpp"
#include "course/edit_report.hpp"
#include "course/edit_solution.hpp"
#include "course/navigator.hpp"
#include "course/paths.hpp"
#include "course/quiz_report.hpp"
#include "course/scores.hpp"
#include "inputs/input_error.hpp"
#include "render/markdown_text.hpp"
#include "render/style.hpp"

namespace attn::cli {

namespace {

struct QuizOptions {
    std::optional<std::string> lesson;
    bool list = false;
    std::optional<std::string> question;
    std::optional<std::string> answer;
    bool check = false;  // an edit challenge: does its goal hold on the data now?
    bool watch = false;
    render::Format format = render::Format::text;
};

// The lesson a quiz command is about, with the learner's progress.
struct QuizTarget {
    course::Catalog catalog;
    course::Progress progress;
    size_t index = 0;
    course::Lesson lesson;
};

QuizTarget open_target(Context& ctx, const std::optional<std::string>& lesson) {
    QuizTarget t;
    t.catalog = course::load_catalog(course::find_content_dir("lessons", ctx.global.lessons_dir).path);
    course::LoadedProgress loaded = course::load_progress(ctx.progress_dir());
    if (loaded.warning) std::cerr << "attn: warning: " << *loaded.warning << "\n";
    t.progress = loaded.progress;
    t.index =
        lesson ? course::find_lesson(t.catalog, *lesson) : course::current_lesson(t.catalog, t.progress);
    t.lesson = course::load_lesson(t.catalog.lessons[t.index]);
    ctx.command_dir =
        std::filesystem::path(t.lesson.path).parent_path().string();  // its paths: files beside it
    return t;
}

std::string fold(const Context& ctx, const std::string& text) {
    return ctx.style(4).unicode ? text : render::ascii_fold(text);
}

void run_list(Context& ctx, const QuizTarget& t, render::Format format) {
    course::LiveEvaluator evaluator(json_runner(ctx), t.lesson.path);
    // A hand calculation lists the data to work from, which comes from the live run.
    std::vector<course::ExpectedAnswer> hands;
    std::vector<std::pair<const course::Question*, size_t>> questions;
    for (size_t s = 0; s < t.lesson.steps.size(); ++s)
        for (const course::Question& q : t.lesson.steps[s].questions) {
            questions.push_back({&q, s});
            if (q.kind == course::QuestionKind::hand)
                hands.push_back(course::expected_answer(q, evaluator, json_runner(ctx)));
        }
    std::vector<course::ListedQuestion> listed;
    size_t hand = 0;
    for (const auto& [q, step] : questions) {
        const course::HandTask* task = q->kind == course::QuestionKind::hand ? &*hands[hand++].hand : nullptr;
        listed.push_back({q, task, step});
    }
    emit(ctx, format, 4, [&] {
        report::Report report = course::quiz_list_report(t.index + 1, t.lesson.title, listed);
        course::add_quiz_list_data(report, t.index + 1, t.lesson.slug, listed);
        return report;
    });
}

// Checks one answer for a script: exit 0 right, 1 wrong (2 when it cannot be read, via InputError).
int run_check(Context& ctx, QuizTarget& t, const QuizOptions& o) {
    const course::Question& q = course::find_question(t.lesson, *o.question);
    course::LiveEvaluator evaluator(json_runner(ctx), t.lesson.path);
    const course::ExpectedAnswer expected = course::expected_answer(q, evaluator, json_runner(ctx));
    const course::Verdict verdict = course::check_answer(q, expected, *o.answer);
    t.progress = course::update_progress(ctx.progress_dir(), [&](course::Progress& p) {
        course::record_attempt(p, t.lesson.slug, q.id, verdict.right);
    });
    const std::string hint = "attn hint " + std::to_string(t.index + 1) + " " + q.id;
    emit(ctx, o.format, 4, [&] {
        report::Report report = course::verdict_report(verdict, hint);
        course::add_verdict_data(report, t.index + 1, q, verdict);
        return report;
    });
    return verdict.right ? 0 : 1;
}

// An edit challenge for a script: exit 0 when its goal holds on the learner's data, 1 when not.
int run_edit_check(Context& ctx, QuizTarget& t, const QuizOptions& o) {
    const course::Question& q = course::find_question(t.lesson, *o.question);
    if (q.kind != course::QuestionKind::edit)
        throw course::InputError("question '" + q.id + "' is a " + course::kind_name(q.kind) +
                                 " question: answer it with --answer VALUE (--check is for edit challenges)");
    course::LiveEvaluator evaluator(json_runner(ctx), t.lesson.path);
    const course::EditStatus status = course::check_edit_goals(q, evaluator);
    record_answer(ctx, t.lesson.slug, q.id, status.holds);
    const std::string hint = attn_command(ctx, "hint " + std::to_string(t.index + 1) + " " + q.id);
    emit(ctx, o.format, 4, [&] {
        report::Report report = course::edit_check_report(q, status, hint);
        course::add_edit_status_data(report, t.index + 1, q, status);
        return report;
    });
    return status.holds ? 0 : 1;
}

// On a terminal: every question of the lesson, one after another.
void run_interactive(Context& ctx, QuizTarget& t) {
    const std::vector<const course::Question*> questions = course::lesson_questions(t.lesson);
    if (questions.empty())
        throw course::InputError("lesson " + std::to_string(t.index + 1) + " has no questions");
    course::LiveEvaluator evaluator(json_runner(ctx), t.lesson.path);
    // Wrapped: a long lesson title must not push the header past the terminal's edge.
    const std::string header = "Quiz: lesson " + std::to_string(t.index + 1) + ", " + t.lesson.title + " (" +
                               std::to_string(questions.size()) + " questions; Enter skips one, q quits)";
    std::cout << fold(ctx, render::wrap(header, ctx.style(4).width, 2) + "\n\n") << std::flush;
    for (const course::Question* q : questions)
        if (ask_question(ctx, *q, evaluator, t.lesson.slug, t.progress) == Asked::quit) break;
    const course::LessonScore score =
        course::score_lesson(t.progress.lessons[t.lesson.slug], questions.size());
    ctx.out = score.answered ? "Lesson score: " + course::describe_score(score) + ". All scores: attn list\n"
                             : "Nothing answered.\n";
}

int run_quiz(Context& ctx, const QuizOptions& o) {
    if (o.check && (!o.question || o.answer))
        throw course::InputError("--check needs --question ID of an edit challenge, and no --answer");
    if (o.watch && (o.question || o.list || o.format != render::Format::text))
        throw course::InputError("--watch goes alone: attn quiz N --watch");
    if (o.answer && !o.question)
        throw course::InputError("--answer needs --question ID (attn quiz N --list shows the ids)");
    if (o.question && !o.answer && !o.check)
        throw course::InputError("--question needs --answer VALUE (or use attn quiz N on a terminal)");
    if (o.format != render::Format::text && !o.list && !o.question)
        throw course::InputError("--format goes with --list or --question/--answer");
    QuizTarget t = open_target(ctx, o.lesson);
    if (o.list) return run_list(ctx, t, o.format), 0;
    if (o.watch) return watch_edit_challenges(ctx, t.lesson, t.index + 1);
    if (o.check) return run_edit_check(ctx, t, o);
    if (o.question) return run_check(ctx, t, o);
    if (!ctx.interactive())
        throw course::InputError(
            "not on a terminal, so attn quiz cannot ask; use 'attn quiz N --list' and "
            "'attn quiz N --question ID --answer VALUE'");
    run_interactive(ctx, t);
    return 0;
}

void setup_hint(CLI::App& app, Context& ctx) {
    struct HintOptions {
        std::string lesson, id;
        size_t level = 1;
    };
    auto o = std::make_shared<HintOptions>();
    CLI::App* sub = app.add_subcommand(
        "hint", "A hint for question ID of lesson N (--level 1 to 3: a nudge to the worked computation)");
    sub->add_option("lesson", o->lesson, "Lesson number or slug")->required();
    sub->add_option("id", o->id, "Question id (attn quiz N --list)")->required();
    sub->add_option("--level", o->level, "1 (a nudge) to 3 (the worked computation)")
        ->check(CLI::Range(1, 3));
    sub->callback([o, &ctx] {
        const QuizTarget t = open_target(ctx, o->lesson);
        const course::Question& q = course::find_question(t.lesson, o->id);
        if (q.hints.empty()) throw course::InputError("question '" + q.id + "' has no hints");
        if (o->level > q.hints.size())
            throw course::InputError("question '" + q.id + "' has " + std::to_string(q.hints.size()) +
                                     " hint" + (q.hints.size() == 1 ? "" : "s") + "; ask for --level 1 to " +
                                     std::to_string(q.hints.size()));
        course::LiveEvaluator evaluator(json_runner(ctx), t.lesson.path);
        const std::string text = course::substitute_live_values(q.hints[o->level - 1], q.line, evaluator);
        report::Report report{"attn hint", "", {}};
        report.paragraph(text);
        emit(ctx, render::Format::text, 4, [&] { return report; });
    });
}

// A folder as a pasted shell word: as is when it is plain, else in single quotes.
std::string paste_quote(const std::string& word) {
    if (!word.empty() &&
        word.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                               "_-./~+=:,") == std::string::npos)
        return word;
    std::string quoted = "'";
    for (char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

// An edit challenge's solution: its overlay's files, or (--write DIR) the files written into DIR.
template <typename Options>
void edit_solution(Context& ctx, const QuizTarget& t, const course::Question& q, const Options& o) {
    const std::string number = std::to_string(t.index + 1);
    const std::string from = course::solution_dir(t.catalog.dir, t.catalog.lessons[t.index].slug, q.id);
    const std::string check = " quiz " + number + " --question " + q.id + " --check";
    if (!o.write) {
        const std::vector<std::string> files = course::solution_files(from);
        emit(ctx, render::Format::text, 4, [&] {
            return course::edit_solution_report(
                q, files, attn_command(ctx, "solution " + number + " " + q.id) + " --write DIR",
                "attn --data DIR" + check);
        });
        return;
    }
    const std::vector<std::string> written = course::write_solution(from, *o.write, o.force);
    emit(ctx, render::Format::text, 4, [&] {
        return course::edit_written_report(*o.write, written, "attn --data " + paste_quote(*o.write) + check);
    });
}

void setup_solution(CLI::App& app, Context& ctx) {
    struct SolutionOptions {
        std::string lesson, id;
        bool force = false;
        std::optional<std::string> write;  // an edit challenge: write its overlay into this folder
    };
    auto o = std::make_shared<SolutionOptions>();
    CLI::App* sub = app.add_subcommand(
        "solution", "The worked answer to question ID of lesson N (once the lesson is done)");
    sub->add_option("lesson", o->lesson, "Lesson number or slug")->required();
    sub->add_option("id", o->id, "Question id (attn quiz N --list)")->required();
    sub->add_flag("--force", o->force,
                  "Show it even though the lesson is not done yet; with --write, also replace files there");
    sub->add_option("--write", o->write,
                    "An edit challenge: write its solution (a data overlay) into folder DIR, for --data DIR");
    sub->callback([o, &ctx] {
        const QuizTarget t = open_target(ctx, o->lesson);
        const course::Question& q = course::find_question(t.lesson, o->id);
        const auto saved = t.progress.lessons.find(t.lesson.slug);
        if (!o->force && (saved == t.progress.lessons.end() || !saved->second.done))
            throw course::InputError(
                "lesson " + std::to_string(t.index + 1) + " is not done yet: finish it first (" +
                attn_command(ctx, "lesson") + " " + std::to_string(t.index + 1) + "), try a hint (" +
                attn_command(ctx, "hint " + std::to_string(t.index + 1) + " " + q.id) + "), or add --force");
        if (q.kind == course::QuestionKind::edit) return edit_solution(ctx, t, q, *o);
        if (o->write)
            throw course::InputError("--write is for edit challenges; question '" + q.id + "' is a " +
                                     course::kind_name(q.kind) + " question");
        course::LiveEvaluator evaluator(json_runner(ctx), t.lesson.path);
        const course::ExpectedAnswer expected = course::expected_answer(q, evaluator, json_runner(ctx));
        emit(ctx, render::Format::text, 4,
             [&] { return course::solution_report(q, course::worked_solution(q, expected)); });
    });
}

}  // namespace

void setup_quiz(CLI::App& app, Context& ctx) {
    auto o = std::make_shared<QuizOptions>();
    CLI::App* sub = app.add_subcommand(
        "quiz", "Questions of lesson N: asked on a terminal, or listed and checked for scripts");
    sub->add_option("lesson", o->lesson, "Lesson number or slug; default the current lesson");
    sub->add_flag("--list", o->list, "List the questions with their ids (no answers)");
    sub->add_option("--question", o->question, "The id of the question to check (with --answer)");
    sub->add_option("--answer", o->answer,
                    "The answer to check: a number (0.25, 1/4), a label, a choice, or a hand "
                    "calculation's entries separated by spaces or ';'");
    sub->add_flag(
        "--check", o->check,
        "With --question ID: does the edit challenge's goal hold on your data now? (exit 0 yes, 1 no)");
    sub->add_flag("--watch", o->watch,
                  "Check the lesson's edit challenges again whenever a file of your data changes (q quits)");
    // A quiz's answers and lists have no matrix or chart to draw, so no SVG; no documented CSV.
    CLI::Option* format = add_format_option(sub, o->format, {render::Format::csv, render::Format::svg});
    format->description(format->get_description() + " (with --list or --answer)");
    sub->footer(
        "Exit codes with --answer or --check: 0 right (the goal holds), 1 wrong (not yet), 2 the answer (or "
        "the question) cannot be read.\n--watch off a terminal ends at end of input, at a line 'q', or once "
        "every challenge holds.\n\n"
        "Examples:\n  attn quiz              on a terminal: the current lesson's questions\n"
        "  attn quiz 4 --list --format json\n  attn quiz 4 --question i-ate-score --answer 1\n"
        "  attn quiz 7 --question apple-to-phone --check\n  attn quiz 7 --watch\n"
        "  attn hint 4 i-ate-score --level 2\n  attn solution 4 i-ate-score --force\n"
        "  attn solution 7 apple-to-phone --write mydata");
    sub->callback([o, &ctx] { ctx.result_code = run_quiz(ctx, *o); });
    setup_hint(app, ctx);
    setup_solution(app, ctx);
}

}  // namespace attn::cli
