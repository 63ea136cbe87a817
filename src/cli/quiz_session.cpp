#include "cli/quiz_session.hpp"

#include <cctype>
#include <cstdio>
#include <stdexcept>

#include "cli/app.hpp"
#include "cli/line_input.hpp"
#include "cli/paste_command.hpp"
#include "cli/quiz_text.hpp"
#include "cli/quiz_watch.hpp"
#include "course/answer_check.hpp"
#include "course/paths.hpp"
#include "course/quiz.hpp"
#include "inputs/input_error.hpp"
#include "render/markdown_text.hpp"
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
                 course::LiveEvaluator& evaluator, const std::string& label = "Hint: ") {
    if (q.hints.empty()) return "";
    const std::string& text = q.hints[std::min(level, q.hints.size()) - 1];
    return hint_text(ctx, label + course::substitute_live_values(text, q.line, evaluator));
}

// A hand calculation's hint may belong to one kind of entry: "row_sum: ..." is given for a wrong row
// sum only. The part's name, as a hint starts with it.
std::string part_name(course::HandEntry::Part part) {
    using P = course::HandEntry::Part;
    switch (part) {
        case P::product:
            return "product";
        case P::score:
            return "score";
        case P::scaled:
            return "scaled";
        case P::exp:
            return "exp";
        case P::row_sum:
            return "row_sum";
        case P::weight:
            return "weight";
    }
    return "";
}

// The hint for a wrong entry of `part`: the one written for that part, else the `level`-th of those
// written for no part in particular.
std::string entry_hint(const Context& ctx, const course::Question& q, course::HandEntry::Part part,
                       size_t level, course::LiveEvaluator& evaluator) {
    std::vector<std::string> general;
    for (const std::string& h : q.hints) {
        const size_t colon = h.find(": ");
        const std::string tag = colon == std::string::npos ? "" : h.substr(0, colon);
        bool tagged = false;
        for (auto p : {course::HandEntry::Part::product, course::HandEntry::Part::score,
                       course::HandEntry::Part::scaled, course::HandEntry::Part::exp,
                       course::HandEntry::Part::row_sum, course::HandEntry::Part::weight})
            tagged = tagged || tag == part_name(p);
        if (tagged && tag == part_name(part))
            return hint_text(
                ctx, "Hint: " + course::substitute_live_values(h.substr(colon + 2), q.line, evaluator));
        if (!tagged) general.push_back(h);
    }
    if (general.empty()) return "";
    return hint_text(ctx, "Hint: " + course::substitute_live_values(
                                         general[std::min(level, general.size()) - 1], q.line, evaluator));
}

void record(const Context& ctx, course::Progress& progress, const std::string& slug, const std::string& id,
            bool right) {
    // Under the lock, from the file as it is now: another attn may have recorded answers meanwhile.
    progress = course::update_progress(
        ctx.progress_dir(), [&](course::Progress& p) { course::record_attempt(p, slug, id, right); });
}

// What the keys do at a prompt, for `?`.
const char* const kPromptKeys =
    "   Keys: type your answer, then Enter. Enter alone skips this question.\n"
    "   q then Enter quits (your place is saved). ? then Enter shows this.\n";

// One typed line; nothing for "q" or end of input. `?` shows the keys and asks again.
std::optional<std::string> answer_line(const Context& ctx, const std::string& prompt) {
    for (;;) {
        say(ctx, prompt);
        std::optional<std::string> line = read_line();
        if (!line || *line == "q" || *line == "Q") return std::nullopt;
        if (*line != "?") return line;
        say(ctx, kPromptKeys);
    }
}

bool blank(const std::string& line) { return line.find_first_not_of(" \t") == std::string::npos; }

// The attn command line that shows a live answer "COMMAND | PATH": the command, with --show STAGE when
// the path is a stage of attn run and the command does not choose stages itself.
std::string showing_command(const std::string& answer) {
    std::string command = answer.substr(0, answer.find('|'));
    while (!command.empty() && command.back() == ' ') command.pop_back();
    const size_t start = answer.find("stages.", answer.find('|'));
    if (command.rfind("run ", 0) == 0 && command.find("--show") == std::string::npos &&
        start != std::string::npos) {
        const size_t end = answer.find_first_of("[. ", start + 7);
        command += " --show " + answer.substr(start + 7, end == std::string::npos ? end : end - start - 7);
    }
    return command;
}

// After the last wrong try: the answer once, the worked hint (the third) with its numbers, and a
// command the learner can paste to see the value, wrapped with " \\" as a shell reads it.
std::string reveal(const Context& ctx, const course::Question& q, const course::ExpectedAnswer& expected,
                   course::LiveEvaluator& evaluator) {
    std::string out = "Not quite. The answer is " + expected.text + ".\n";
    if (q.hints.size() >= 3) out += hint(ctx, q, 3, evaluator, "Worked: ");
    const std::string shown = attn_command(ctx, showing_command(q.answer));
    return out + "See it yourself:\n" + command_echo(shown.substr(5), ctx.style(4)) + "\n";
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
            if (blank(*line)) return say(ctx, "Skipped.\n\n"), Asked::skipped;
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
            say(ctx, render::wrap(why, ctx.style(4).width, 5) + "\n" +
                         entry_hint(ctx, q, task.entries[k].part, wrong_entries, evaluator));
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
    // An edit challenge is not answered here: it shows where it stands and how to check it.
    if (q.kind == course::QuestionKind::edit) return show_edit_challenge(ctx, q, evaluator, slug);
    const render::Style style = ctx.style(4);
    course::ExpectedAnswer expected;
    try {
        expected = course::expected_answer(q, evaluator, json_runner(ctx));
    } catch (const course::InputError& e) {
        // A teacher's broken question is shown in place, as a broken command is; the learner goes on.
        say(ctx, question_text(q, nullptr, style) + "This question is broken and is skipped: " + e.what() +
                     "\n\n");
        return Asked::skipped;
    }
    say(ctx, question_text(q, expected.hand ? &*expected.hand : nullptr, style));
    if (expected.hand) {
        say(ctx, "Type each entry, then Enter. Enter alone skips the question, q quits, ? keys.\n");
        return ask_hand(ctx, q, *expected.hand, evaluator, slug, progress);
    }
    for (size_t attempt = 1;; ++attempt) {
        const std::optional<std::string> line =
            answer_line(ctx, "Your answer (Enter alone skips, q quits, ? keys): ");
        if (!line) return Asked::quit;
        if (blank(*line)) return say(ctx, "Skipped.\n\n"), Asked::skipped;
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
        if (attempt == kTries) return say(ctx, reveal(ctx, q, expected, evaluator)), Asked::wrong;
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
        out += question_text(q, hand ? &*hand->hand : nullptr, ctx.style(4));
        if (q.kind == course::QuestionKind::edit)
            out += render::wrap("  Change the data until it holds; check with: " +
                                    attn_command(ctx, "quiz " + std::to_string(lesson_number)) +
                                    " --question " + q.id + " --check",
                                ctx.style(4).width, 4) +
                   "\n";
    }
    if (out.empty()) return "";
    return render::wrap(
               "Questions (answer with: " + attn_command(ctx, "quiz " + std::to_string(lesson_number)) +
                   " --question ID --answer VALUE):",
               ctx.style(4).width, 2) +
           "\n" + out + "\n";
}

}  // namespace attn::cli
