#include "cli/quiz_session.hpp"

#include <cctype>
#include <cstdio>
#include <stdexcept>

#include "cli/app.hpp"
#include "cli/line_input.hpp"
#include "cli/paste_command.hpp"
#include "course/answer_check.hpp"
#include "course/paths.hpp"
#include "course/quiz.hpp"
#include "inputs/input_error.hpp"
#include "render/markdown_text.hpp"
#include "render/quiz_text.hpp"
#include "render/style.hpp"

namespace attn::cli {

namespace {

constexpr size_t kTries = 3;

void say(const Context& ctx, const std::string& text) {
    const std::string shown = ctx.style(4).unicode ? text : render::ascii_fold(text);
    std::fwrite(shown.data(), 1, shown.size(), stdout);
    std::fflush(stdout);
}

// The hint for try `level` (1-based), with its live values filled in; "" when there is none.
std::string hint(const Context& ctx, const course::Question& q, size_t level,
                 course::LiveEvaluator& evaluator) {
    if (q.hints.empty()) return "";
    const std::string& text = q.hints[std::min(level, q.hints.size()) - 1];
    return hint_text(ctx, "Hint: " + course::substitute_live_values(text, q.line, evaluator));
}

void record(const Context& ctx, course::Progress& progress, const std::string& slug, const std::string& id,
            bool right) {
    course::record_attempt(progress, slug, id, right);
    course::save_progress(progress, ctx.progress_dir());
}

// One typed line; nothing for "q" or end of input.
std::optional<std::string> answer_line(const Context& ctx, const std::string& prompt) {
    say(ctx, prompt);
    std::optional<std::string> line = read_line();
    if (!line || *line == "q" || *line == "Q") return std::nullopt;
    return line;
}

Asked ask_hand(Context& ctx, const course::Question& q, const course::HandTask& task,
               course::LiveEvaluator& evaluator, const std::string& slug, course::Progress& progress) {
    std::vector<double> given;
    size_t wrong_entries = 0;
    while (given.size() < task.entries.size()) {
        const size_t k = given.size();
        size_t tries = 0;
        // The exps need the row's maximum, which may be the learner's own scaled score.
        if (task.entries[k].part == course::HandEntry::Part::exp &&
            (k == 0 || task.entries[k - 1].part != task.entries[k].part))
            say(ctx, "   The row's largest scaled score (with yours): max = " +
                         course::short_value(course::row_max_from(task, given)) + "\n");
        for (;;) {
            const std::optional<std::string> line =
                answer_line(ctx, std::to_string(k + 1) + ". " + task.entries[k].name + " = ");
            if (!line) return Asked::quit;
            const std::optional<double> value = course::parse_number(*line);
            if (!value) {
                say(ctx, "Cannot read '" + *line + "' as a number; write it like 0.25, -1.5 or 1/4.\n");
                continue;
            }
            std::vector<double> attempt = given;
            attempt.push_back(*value);
            const course::HandCheck check = course::check_hand(task, attempt, q.tolerance);
            if (!check.wrong) {
                say(ctx, "   right\n");
                given.push_back(*value);
                break;
            }
            ++tries, ++wrong_entries;
            record(ctx, progress, slug, q.id, false);
            const std::string why = "   Not right: from your values it should be " +
                                    course::entry_formula(task, attempt, k) + " = " +
                                    course::short_value(check.expected) + ".";
            say(ctx,
                render::wrap(why, ctx.style(4).width, 5) + "\n" + hint(ctx, q, wrong_entries, evaluator));
            if (tries == kTries) {
                say(ctx, "   Carrying on with " + course::short_value(check.expected) + ".\n");
                given.push_back(check.expected);
                break;
            }
        }
    }
    record(ctx, progress, slug, q.id, true);
    say(ctx,
        "Done: the weight is " + course::short_value(given.back()) +
            (wrong_entries ? " (" + std::to_string(wrong_entries) +
                                 (wrong_entries == 1 ? " wrong entry" : " wrong entries") + " on the way)."
                           : ", every entry right first time.") +
            "\n\n");
    return wrong_entries ? Asked::wrong : Asked::right;
}

}  // namespace

std::string hint_text(const Context& ctx, const std::string& markdown) {
    std::string text = render::markdown_text(markdown, ctx.style(4));
    while (!text.empty() && text.back() == '\n') text.pop_back();
    return text + "\n";
}

course::CommandRunner json_runner(const Context& ctx) {
    return [&ctx](const std::string& command) {
        const CommandResult result = run_nested(command + " --format json", ctx);  // refuses course commands
        if (result.code != 0) {
            std::string message = result.err;
            if (message.rfind("attn: error: ", 0) == 0) message.erase(0, 13);
            while (!message.empty() && message.back() == '\n') message.pop_back();
            throw course::InputError(message);
        }
        return result.out;
    };
}

Asked ask_question(Context& ctx, const course::Question& q, course::LiveEvaluator& evaluator,
                   const std::string& slug, course::Progress& progress) {
    const render::Style style = ctx.style(4);
    const course::ExpectedAnswer expected = course::expected_answer(q, evaluator, json_runner(ctx));
    say(ctx, render::question_text(q, expected.hand ? &*expected.hand : nullptr, style));
    if (expected.hand) return ask_hand(ctx, q, *expected.hand, evaluator, slug, progress);
    for (size_t attempt = 1;; ++attempt) {
        const std::optional<std::string> line = answer_line(ctx, "Your answer (Enter to skip, q to quit): ");
        if (!line) return Asked::quit;
        if (line->find_first_not_of(" \t") == std::string::npos)
            return say(ctx, "Skipped.\n\n"), Asked::skipped;
        course::Verdict verdict;
        try {
            verdict = course::check_answer(q, expected, *line);
        } catch (const course::InputError& e) {
            std::string why = e.what();
            why[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(why[0])));
            say(ctx, why + "\n");
            --attempt;
            continue;
        }
        record(ctx, progress, slug, q.id, verdict.right);
        if (verdict.right) return say(ctx, verdict.message + "\n\n"), Asked::right;
        if (attempt == kTries) {
            say(ctx, "Not quite. The answer is " + expected.text + ".\n" +
                         course::worked_solution(q, expected) + "\n");
            return Asked::wrong;
        }
        say(ctx, "Not quite.\n" + hint(ctx, q, attempt, evaluator));
    }
}

bool ask_step_questions(Context& ctx, const course::Lesson& lesson, size_t step, bool predict,
                        std::set<std::string>& asked, course::Progress& progress) {
    course::LiveEvaluator evaluator(json_runner(ctx), lesson.path);
    const auto record = progress.lessons.find(lesson.slug);
    bool first = true;
    for (const course::Question& q : lesson.steps[step].questions) {
        if ((q.kind == course::QuestionKind::predict) != predict || asked.count(q.id)) continue;
        if (record != progress.lessons.end()) {
            const auto done = record->second.questions.find(q.id);
            if (done != record->second.questions.end() && done->second.right_at > 0) continue;
        }
        if (first) say(ctx, predict ? "\nBefore you read on, predict:\n" : "\nCheck yourself:\n");
        first = false;
        asked.insert(q.id);
        if (ask_question(ctx, q, evaluator, lesson.slug, progress) == Asked::quit) return false;
    }
    return true;
}

std::string step_questions_text(Context& ctx, const course::Lesson& lesson, size_t lesson_number, size_t step,
                                course::LiveEvaluator& evaluator) {
    std::string out;
    for (const course::Question& q : lesson.steps[step].questions) {
        std::optional<course::ExpectedAnswer> hand;
        if (q.kind == course::QuestionKind::hand)
            hand = course::expected_answer(q, evaluator, json_runner(ctx));
        out += render::question_text(q, hand ? &*hand->hand : nullptr, ctx.style(4));
    }
    if (out.empty()) return "";
    return render::wrap(
               "Questions (answer with: " + attn_command(ctx, "quiz " + std::to_string(lesson_number)) +
                   " --question ID --answer VALUE):",
               ctx.style(4).width, 2) +
           "\n" + out + "\n";
}

}  // namespace attn::cli
