#include "cli/lesson_player.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>

#include "cli/app.hpp"
#include "cli/paste_command.hpp"
#include "cli/quiz_session.hpp"
#include "course/live_value.hpp"
#include "course/navigator.hpp"
#include "course/paths.hpp"
#include "course/progress.hpp"
#include "inputs/input_error.hpp"
#include "render/fit.hpp"
#include "render/markdown_text.hpp"

namespace attn::cli {

namespace {

// Whether some prose of the lesson quotes `command` in a live value (`=COMMAND | …` or `=if COMMAND | …`).
bool quoted_live(const course::Lesson& lesson, const std::string& command) {
    for (const course::Step& step : lesson.steps)
        for (const course::Block& block : step.blocks)
            if (block.kind == course::Block::Kind::prose &&
                (block.text.find("`=" + command + " |") != std::string::npos ||
                 block.text.find("`=if " + command + " |") != std::string::npos))
                return true;
    return false;
}

std::string run_block(const course::Block& block, const course::Lesson& lesson, Context& ctx,
                      course::LiveEvaluator& live, bool& failed) {
    const render::Style style = ctx.style(4);
    std::string out = command_echo(block.text, style);
    // Prose that quotes this command quotes this very run (a benchmark's times differ from run to run).
    const CommandResult result =
        run_nested(block.text, ctx, quoted_live(lesson, block.text));  // refuses course commands
    if (result.code == 0) live.remember(block.text, result.json);
    out += result.out;
    if (result.code != 0) {
        failed = true;
        const std::string where = course::at_location(
            lesson.path, block.line,
            "this lesson's command failed (exit " + std::to_string(result.code) + "):\n" + result.err);
        out += where;
        if (!ctx.full_screen) std::cerr << "attn: error: " << where;
    }
    return out + "\n";
}

// `text` in at most `columns` columns, ending in `ellipsis` when it had to be cut.
std::string shorten(const std::string& text, size_t columns, const std::string& ellipsis) {
    if (render::visible_width(text) <= columns) return text;
    std::string out;
    size_t used = 0;
    for (size_t i = 0; i < text.size() && used + 1 + render::visible_width(ellipsis) <= columns; ++used) {
        size_t next = i + 1;
        while (next < text.size() && (static_cast<unsigned char>(text[next]) & 0xC0) == 0x80) ++next;
        out += text.substr(i, next - i);
        i = next;
    }
    return out + ellipsis;
}

std::string step_header(const course::Catalog& catalog, const course::Lesson& lesson, size_t index,
                        size_t step, const render::Style& style) {
    const std::string dot = style.unicode ? " · " : " - ";
    const std::string& title =
        lesson.steps[step].title;  // empty for the introduction, which has its own "# " title
    const std::string where =
        "Lesson " + std::to_string(index + 1) + " of " + std::to_string(catalog.lessons.size());
    const std::string at = "step " + std::to_string(step + 1) + " of " + std::to_string(lesson.steps.size());
    // The lesson's title gives way (shortened with an ellipsis) when the line would not fit.
    const size_t fixed = render::visible_width(where + dot + dot + at),
                 width = static_cast<size_t>(std::max(style.width, 0));
    const std::string name =
        shorten(lesson.title, width > fixed ? width - fixed : 0, style.unicode ? "…" : "...");
    const std::string line = where + dot + name + dot + at;
    const std::string rule(std::min<size_t>(render::visible_width(title), static_cast<size_t>(style.width)),
                           '-');
    return render::dim(style, line) + "\n" +
           (title.empty() ? "\n" : render::bold(style, title) + "\n" + rule + "\n\n");
}

void write_now(const std::string& text) {
    if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0)
        throw course::WriteError(std::string("cannot write to the terminal: ") + std::strerror(errno));
}

}  // namespace

std::string command_echo(const std::string& command, const render::Style& style) {
    const std::string line = "$ attn " + command;
    if (render::display_width(line) <= static_cast<size_t>(style.width))
        return render::dim(style, line) + "\n";
    std::string out, wrapped = render::wrap(line, style.width - 2, 4) + "\n";
    for (size_t start = 0, end; (end = wrapped.find('\n', start)) != std::string::npos; start = end + 1)
        out +=
            render::dim(style, wrapped.substr(start, end - start) + (end + 1 < wrapped.size() ? " \\" : "")) +
            "\n";
    return out;
}

course::LiveEvaluator live_evaluator(Context& ctx, const course::Lesson& lesson) {
    return course::LiveEvaluator(json_runner(ctx), lesson.path);
}

StepText render_step_parts(const course::Catalog& catalog, const course::Lesson& lesson, size_t lesson_index,
                           size_t step, Context& ctx, course::LiveEvaluator& live, bool& failed) {
    const render::Style style = ctx.style(4);
    StepText text{step_header(catalog, lesson, lesson_index, step, style), ""};
    for (const course::Block& block : lesson.steps[step].blocks) {
        if (block.kind == course::Block::Kind::command) {
            text.body += run_block(block, lesson, ctx, live, failed);
            continue;
        }
        try {
            text.body +=
                render::markdown_text(course::substitute_live_values(block.text, block.line, live), style);
        } catch (const course::InputError& e) {
            // Shown in place, like a failed command: the rest of the lesson still renders.
            failed = true;
            text.body += render::markdown_text(block.text, style) + e.what() + "\n\n";
            if (!ctx.full_screen) std::cerr << "attn: error: " << e.what() << "\n";
        }
    }
    // Every line fits the terminal; --ascii promises no Unicode at all, whatever a command's renderer chose.
    text = {render::fit_lines(text.header, style.width), render::fit_lines(text.body, style.width)};
    if (!style.unicode) text = {render::ascii_fold(text.header), render::ascii_fold(text.body)};
    return text;
}

std::string render_step(const course::Catalog& catalog, const course::Lesson& lesson, size_t lesson_index,
                        size_t step, Context& ctx, course::LiveEvaluator& live, bool& failed) {
    const StepText text = render_step_parts(catalog, lesson, lesson_index, step, ctx, live, failed);
    return text.header + text.body;
}

void play_lesson(Context& ctx, const course::Catalog& catalog, size_t index, std::optional<size_t> step,
                 course::Progress progress, bool move_place) {
    const course::Lesson lesson = course::load_lesson(catalog.lessons[index]);
    ctx.command_dir =
        std::filesystem::path(lesson.path).parent_path().string();  // its paths mean files beside it
    if (step && *step >= lesson.steps.size())
        throw course::InputError("--step " + std::to_string(*step + 1) + ": lesson " +
                                 std::to_string(index + 1) + " has " + std::to_string(lesson.steps.size()) +
                                 " steps");
    if (ctx.interactive()) {
        const size_t start = step ? *step : course::resume_step(progress, lesson.slug, lesson.steps.size());
        const std::string farewell = play_full_screen(ctx, catalog, lesson, index, start, progress);
        return write_now(farewell);
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
    // Printing a lesson is reading, not moving: only next and prev move the learner's place here.
    if (move_place && !failed) {
        progress.current = lesson.slug;
        course::save_progress(progress, ctx.progress_dir());
    }
    if (failed) {
        // No partial lesson on stdout: each failed command was already reported on stderr, with its line.
        ctx.out.clear();
        throw course::InputError(lesson.path +
                                 ": a command in this lesson failed (see above); fix it or report it");
    }
}

}  // namespace attn::cli
