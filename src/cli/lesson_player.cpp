#include "cli/lesson_player.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "cli/app.hpp"
#include "cli/quiz_session.hpp"
#include "cli/terminal.hpp"
#include "course/live_value.hpp"
#include "inputs/input_error.hpp"
#include "course/navigator.hpp"
#include "course/paths.hpp"
#include "course/progress.hpp"
#include "render/markdown_text.hpp"

namespace attn::cli {

namespace {

std::string run_block(const course::Block& block, const course::Lesson& lesson, Context& ctx, bool& failed) {
    const render::Style style = ctx.style(4);
    std::string out = render::dim(style, "$ attn " + block.text) + "\n";
    const CommandResult result = run_nested(block.text, ctx);  // refuses course commands
    out += result.out;
    if (result.code != 0) {
        failed = true;
        const std::string where = course::at_location(lesson.path, block.line, "this lesson's command failed (exit " +
                                                                                 std::to_string(result.code) + "):\n" + result.err);
        out += where;
        std::cerr << "attn: error: " << where;
    }
    return out + "\n";
}

// Runs a live value's command the way a lesson's attn block runs, with JSON output.
course::CommandRunner json_runner(Context& ctx) {
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

std::string step_header(const course::Catalog& catalog, const course::Lesson& lesson, size_t index, size_t step, const render::Style& style) {
    const std::string dot = style.unicode ? " · " : " - ";
    const std::string& title = lesson.steps[step].title;  // empty for the introduction, which has its own "# " title
    std::string line = "Lesson " + std::to_string(index + 1) + " of " + std::to_string(catalog.lessons.size()) + dot + lesson.title + dot +
                       "step " + std::to_string(step + 1) + " of " + std::to_string(lesson.steps.size());
    const std::string rule(std::min<size_t>(render::visible_width(title), static_cast<size_t>(style.width)), '-');
    return render::dim(style, line) + "\n" + (title.empty() ? "\n" : render::bold(style, title) + "\n" + rule + "\n\n");
}

void save_position(course::Progress& progress, const std::string& slug, size_t step, bool done) {
    progress.current = slug;
    course::LessonProgress& entry = progress.lessons[slug];
    entry.step = step;
    entry.done = entry.done || done;
    course::save_progress(progress, course::state_dir().path);
}

void write_now(const std::string& text) {
    if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0)
        throw course::WriteError(std::string("cannot write to the terminal: ") + std::strerror(errno));
}

}  // namespace

course::LiveEvaluator live_evaluator(Context& ctx, const course::Lesson& lesson) {
    return course::LiveEvaluator(json_runner(ctx), lesson.path);
}

std::string render_step(const course::Catalog& catalog, const course::Lesson& lesson, size_t lesson_index, size_t step,
                        Context& ctx, course::LiveEvaluator& live, bool& failed) {
    const render::Style style = ctx.style(4);
    std::string out = step_header(catalog, lesson, lesson_index, step, style);
    for (const course::Block& block : lesson.steps[step].blocks) {
        if (block.kind == course::Block::Kind::command) {
            out += run_block(block, lesson, ctx, failed);
            continue;
        }
        try {
            out += render::markdown_text(course::substitute_live_values(block.text, block.line, live), style);
        } catch (const course::InputError& e) {
            // Shown in place, like a failed command: the rest of the lesson still renders.
            failed = true;
            out += render::markdown_text(block.text, style) + e.what() + "\n\n";
            std::cerr << "attn: error: " << e.what() << "\n";
        }
    }
    // --ascii promises no Unicode at all, whatever a command's renderer chose.
    return style.unicode ? out : render::ascii_fold(out);
}

namespace {

// The keys line under each step.
std::string prompt(const course::Lesson& lesson, size_t step, const render::Style& style) {
    const bool last = step + 1 == lesson.steps.size();
    const std::string dot = style.unicode ? " · " : " - ";
    return render::dim(style, "[step " + std::to_string(step + 1) + "/" + std::to_string(lesson.steps.size()) + "]" + dot +
                                  (last ? "Enter: finish the lesson" : "Enter/space: next step") + dot + "b: back" + dot + "q: quit");
}

void play_interactive(Context& ctx, const course::Catalog& catalog, const course::Lesson& lesson, size_t index, size_t step,
                      course::Progress& progress) {
    const render::Style style = ctx.style(4);
    RawTerminal terminal;
    course::LiveEvaluator live = live_evaluator(ctx, lesson);
    std::set<std::string> asked;  // questions asked in this session are not asked again on going back
    for (;;) {
        save_position(progress, lesson.slug, step, false);
        bool failed = false;
        // Predictions come before the step shows its matrices; the other questions after its text.
        write_now("\033[H\033[2J" + step_header(catalog, lesson, index, step, style));
        const size_t asked_before = asked.size();
        if (ask_step_questions(ctx, lesson, step, true, asked, progress)) {
            // After a prediction the step follows its verdict, so that the reveal stays readable.
            const bool predicted = asked.size() > asked_before;
            write_now((predicted ? "\n" : "\033[H\033[2J") + render_step(catalog, lesson, index, step, ctx, live, failed));
            ask_step_questions(ctx, lesson, step, false, asked, progress);
        }
        write_now(prompt(lesson, step, style));
        const Key key = terminal.read_key();
        if (key == Key::back && step > 0) --step;
        if (key == Key::next && step + 1 < lesson.steps.size()) {
            ++step;
        } else if (key == Key::next) {
            save_position(progress, lesson.slug, step, true);
            const bool more = index + 1 < catalog.lessons.size();
            write_now("\n\nLesson " + std::to_string(index + 1) + " done." +
                      (more ? " Next: attn next (" + catalog.lessons[index + 1].title + ")\n" : " That was the last lesson.\n"));
            return;
        }
        if (key == Key::quit) {
            write_now("\n\nProgress saved at step " + std::to_string(step + 1) + " of " + std::to_string(lesson.steps.size()) +
                      ". Resume with: attn lesson\n");
            return;
        }
    }
}

}  // namespace

void play_lesson(Context& ctx, const course::Catalog& catalog, size_t index, std::optional<size_t> step, course::Progress progress) {
    const course::Lesson lesson = course::load_lesson(catalog.lessons[index]);
    if (step && *step >= lesson.steps.size())
        throw course::InputError("--step " + std::to_string(*step + 1) + ": lesson " + std::to_string(index + 1) + " has " +
                                 std::to_string(lesson.steps.size()) + " steps");
    if (ctx.interactive()) {
        const size_t start = step ? *step : course::resume_step(progress, lesson.slug, lesson.steps.size());
        return play_interactive(ctx, catalog, lesson, index, start, progress);
    }
    // Not on a terminal: the whole lesson (or the one step asked for), and no waiting.
    bool failed = false;
    course::LiveEvaluator live = live_evaluator(ctx, lesson);
    const size_t first = step ? *step : 0, last = step ? *step + 1 : lesson.steps.size();
    for (size_t k = first; k < last; ++k) {
        ctx.out += render_step(catalog, lesson, index, k, ctx, live, failed);
        const std::string questions = step_questions_text(ctx, lesson, index + 1, k, live);
        ctx.out += (ctx.style(4).unicode ? questions : render::ascii_fold(questions)) + "\n";
    }
    progress.current = lesson.slug;
    course::save_progress(progress, course::state_dir().path);
    if (failed) {
        // No partial lesson on stdout: each failed command was already reported on stderr, with its line.
        ctx.out.clear();
        throw course::InputError(lesson.path + ": a command in this lesson failed (see above); fix it or report it");
    }
}

}  // namespace attn::cli
