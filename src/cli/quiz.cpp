// attn quiz, attn hint, attn solution: questions of a lesson, asked on a terminal or checked for scripts.
#include "course/quiz.hpp"

#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/emit.hpp"
#include "cli/paste_command.hpp"
#include "cli/quiz_session.hpp"
#include "cli/subcommands.hpp"
#include "course/catalog.hpp"
#include "course/navigator.hpp"
#include "course/paths.hpp"
#include "course/quiz_report.hpp"
#include "course/scores.hpp"
#include "inputs/input_error.hpp"
#include "render/markdown_text.hpp"
#include "render/quiz_text.hpp"
#include "render/style.hpp"

namespace attn::cli {

namespace {

struct QuizOptions {
    std::optional<std::string> lesson;
    bool list = false;
    std::optional<std::string> question;
    std::optional<std::string> answer;
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
    nlohmann::json rows = nlohmann::json::array();
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
        rows.push_back(render::question_json(*q, task, step));
        listed.push_back({q, task});
    }
    const nlohmann::json doc{{"lesson", t.index + 1}, {"slug", t.lesson.slug}, {"questions", rows}};
    emit(ctx, format, 4, [&] { return course::quiz_list_report(t.index + 1, t.lesson.title, listed); },
         {nullptr, [&] { return doc.dump(2) + "\n"; }});
}

// Checks one answer for a script: exit 0 right, 1 wrong (2 when it cannot be read, via InputError).
int run_check(Context& ctx, QuizTarget& t, const QuizOptions& o) {
    const course::Question& q = course::find_question(t.lesson, *o.question);
    course::LiveEvaluator evaluator(json_runner(ctx), t.lesson.path);
    const course::ExpectedAnswer expected = course::expected_answer(q, evaluator, json_runner(ctx));
    const course::Verdict verdict = course::check_answer(q, expected, *o.answer);
    course::record_attempt(t.progress, t.lesson.slug, q.id, verdict.right);
    course::save_progress(t.progress, ctx.progress_dir());
    auto json = [&] {
        nlohmann::json j = render::verdict_json(q, verdict);
        j["lesson"] = t.index + 1;
        return j.dump(2) + "\n";
    };
    const std::string hint = "attn hint " + std::to_string(t.index + 1) + " " + q.id;
    emit(ctx, o.format, 4, [&] { return course::verdict_report(verdict, hint); }, {nullptr, json});
    return verdict.right ? 0 : 1;
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
    if (o.answer && !o.question)
        throw course::InputError("--answer needs --question ID (attn quiz N --list shows the ids)");
    if (o.question && !o.answer)
        throw course::InputError("--question needs --answer VALUE (or use attn quiz N on a terminal)");
    if (o.format != render::Format::text && !o.list && !o.question)
        throw course::InputError("--format goes with --list or --question/--answer");
    QuizTarget t = open_target(ctx, o.lesson);
    if (o.list) return run_list(ctx, t, o.format), 0;
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
        course::Report report{"attn hint", "", {}};
        report.paragraph(text);
        emit(ctx, render::Format::text, 4, [&] { return report; });
    });
}

void setup_solution(CLI::App& app, Context& ctx) {
    struct SolutionOptions {
        std::string lesson, id;
        bool force = false;
    };
    auto o = std::make_shared<SolutionOptions>();
    CLI::App* sub = app.add_subcommand(
        "solution", "The worked answer to question ID of lesson N (once the lesson is done)");
    sub->add_option("lesson", o->lesson, "Lesson number or slug")->required();
    sub->add_option("id", o->id, "Question id (attn quiz N --list)")->required();
    sub->add_flag("--force", o->force, "Show it even though the lesson is not done yet");
    sub->callback([o, &ctx] {
        const QuizTarget t = open_target(ctx, o->lesson);
        const course::Question& q = course::find_question(t.lesson, o->id);
        const auto saved = t.progress.lessons.find(t.lesson.slug);
        if (!o->force && (saved == t.progress.lessons.end() || !saved->second.done))
            throw course::InputError(
                "lesson " + std::to_string(t.index + 1) + " is not done yet: finish it first (" +
                attn_command(ctx, "lesson") + " " + std::to_string(t.index + 1) + "), try a hint (" +
                attn_command(ctx, "hint " + std::to_string(t.index + 1) + " " + q.id) + "), or add --force");
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
    add_format_option(sub, o->format, false)->description("text, json, md or html (with --list or --answer)");
    sub->footer(
        "Exit codes with --answer: 0 right, 1 wrong, 2 the answer (or the question) cannot be read.\n\n"
        "Examples:\n  attn quiz              on a terminal: the current lesson's questions\n"
        "  attn quiz 4 --list --format json\n  attn quiz 4 --question i-ate-score --answer 1\n"
        "  attn hint 4 i-ate-score --level 2\n  attn solution 4 i-ate-score --force");
    sub->callback([o, &ctx] { ctx.result_code = run_quiz(ctx, *o); });
    setup_hint(app, ctx);
    setup_solution(app, ctx);
}

}  // namespace attn::cli
