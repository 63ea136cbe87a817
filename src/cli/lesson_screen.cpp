// The full-screen lesson player: one step at a time in a viewport, its heading pinned, a footer that
// says where the learner is, and a new layout when the window changes size.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>
#include <set>
#include <string>

#include "cli/curses_screen.hpp"
#include "cli/lesson_player.hpp"
#include "cli/paste_command.hpp"
#include "cli/quiz_session.hpp"
#include "cli/viewport.hpp"
#include "course/paths.hpp"
#include "course/progress.hpp"
#include "render/style.hpp"

namespace attn::cli {

namespace {

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    size_t start = 0;
    while (start < text.size()) {
        const size_t end = text.find('\n', start);
        lines.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    while (!lines.empty() && lines.back().empty()) lines.pop_back();
    return lines;
}

// Splits a line wider than `width` columns into rows that fit, as a terminal would wrap it, but with
// a "↪ " ("> " in ASCII) before each continuation so that the learner sees it is one line. Colours
// carry over: the SGR codes seen so far are repeated at the start of each continuation.
std::vector<std::string> fold_line(const std::string& line, size_t width, bool unicode) {
    const std::string mark = unicode ? "↪ " : "> ";
    std::vector<std::string> rows(1);
    std::string active;  // SGR codes in effect
    size_t used = 0;
    for (size_t pos = 0; pos < line.size();) {
        if (line[pos] == '\033') {
            const size_t end = line.find('m', pos);
            const std::string code =
                line.substr(pos, end == std::string::npos ? std::string::npos : end - pos + 1);
            active = code == "\033[0m" ? "" : active + code;
            rows.back() += code;
            pos += code.size();
            continue;
        }
        size_t next = pos + 1;
        while (next < line.size() && (static_cast<unsigned char>(line[next]) & 0xC0) == 0x80) ++next;
        if (used == width) {
            rows.back() += active.empty() ? "" : "\033[0m";
            rows.push_back(mark + active);
            used = 2;
        }
        rows.back() += line.substr(pos, next - pos);
        ++used;
        pos = next;
    }
    return rows;
}

std::vector<std::string> fold_lines(const std::string& text, int width, bool unicode) {
    std::vector<std::string> rows;
    for (const std::string& line : split_lines(text)) {
        const std::vector<std::string> folded =
            fold_line(line, static_cast<size_t>(std::max(width, 10)), unicode);
        rows.insert(rows.end(), folded.begin(), folded.end());
    }
    return rows;
}

void save_position(const Context& ctx, course::Progress& progress, const std::string& slug, size_t step,
                   bool done) {
    progress.current = slug;
    course::LessonProgress& entry = progress.lessons[slug];
    entry.step = step;
    entry.done = entry.done || done;
    course::save_progress(progress, ctx.progress_dir());
}

// One step laid out at one width: rendering runs the step's commands, so it is kept until the
// width changes.
struct Layout {
    std::vector<std::string> header, body;
};

class Player {
public:
    Player(Context& ctx, const course::Catalog& catalog, const course::Lesson& lesson, size_t index)
        : ctx_(ctx), catalog_(catalog), lesson_(lesson), index_(index), live_(live_evaluator(ctx, lesson)) {}

    // Runs until the learner quits or finishes; returns true when they finished the lesson.
    bool run(CursesScreen& screen, size_t& step, course::Progress& progress);

private:
    const Layout& layout(size_t step, int width);
    void show(CursesScreen& screen, size_t step, Viewport& view);
    bool ask(CursesScreen& screen, size_t step, bool predict, course::Progress& progress);

    Context& ctx_;
    const course::Catalog& catalog_;
    const course::Lesson& lesson_;
    size_t index_;
    course::LiveEvaluator live_;
    int width_ = 0;
    std::map<size_t, Layout> layouts_;
    std::set<std::string> asked_;  // questions asked in this session are not asked again on going back
};

// Whether `step` has questions of this kind still to ask (not asked in this session, not right before).
bool has_open_questions(const course::Lesson& lesson, size_t step, bool predict,
                        const std::set<std::string>& asked, const course::Progress& progress) {
    const auto record = progress.lessons.find(lesson.slug);
    for (const course::Question& q : lesson.steps[step].questions) {
        if ((q.kind == course::QuestionKind::predict) != predict || asked.count(q.id)) continue;
        if (record != progress.lessons.end()) {
            const auto done = record->second.questions.find(q.id);
            if (done != record->second.questions.end() && done->second.right_at > 0) continue;
        }
        return true;
    }
    return false;
}

// A step's questions (issue 12's quiz) are asked in plain terminal mode: the viewport is put aside
// while they run and drawn again afterwards. Returns false when the learner left them with q.
bool Player::ask(CursesScreen& screen, size_t step, bool predict, course::Progress& progress) {
    if (!has_open_questions(lesson_, step, predict, asked_, progress)) return true;
    screen.suspend();
    std::fputs("\033[H\033[2J", stdout);
    const bool go_on = ask_step_questions(ctx_, lesson_, step, predict, asked_, progress);
    // The verdict stays readable until the learner goes on (the viewport would cover it at once).
    std::fputs("\nPress Enter to go on. ", stdout);
    std::fflush(stdout);
    std::string line;
    std::getline(std::cin, line);
    screen.resume();
    return go_on;
}

const Layout& Player::layout(size_t step, int width) {
    if (width != width_) layouts_.clear(), width_ = width;
    const auto found = layouts_.find(step);
    if (found != layouts_.end()) return found->second;
    ctx_.global.width = width;  // nested commands lay out at the window's width too
    bool failed = false;        // a failure is shown inside the step
    const StepText text = render_step_parts(catalog_, lesson_, index_, step, ctx_, live_, failed);
    const bool unicode = ctx_.style(4).unicode;
    return layouts_[step] =
               Layout{fold_lines(text.header, width, unicode), fold_lines(text.body, width, unicode)};
}

void Player::show(CursesScreen& screen, size_t step, Viewport& view) {
    const Layout& l = layout(step, screen.cols());
    // The heading stays pinned unless the window is too short to leave the body a few rows.
    const bool pin = static_cast<int>(l.header.size()) + 4 <= screen.rows() - 1;
    std::vector<std::string> body = l.body;
    if (!pin) body.insert(body.begin(), l.header.begin(), l.header.end());
    const int body_rows = screen.rows() - 1 - (pin ? static_cast<int>(l.header.size()) : 0);
    view.reset(body.size(), static_cast<size_t>(std::max(1, body_rows)));
    const bool unicode = ctx_.style(4).unicode;
    screen.draw(pin ? l.header : std::vector<std::string>{}, body, view.offset(),
                footer_text(step, lesson_.steps.size(), view, screen.cols(), unicode));
}

bool Player::run(CursesScreen& screen, size_t& step, course::Progress& progress) {
    Viewport view;
    save_position(ctx_, progress, lesson_.slug, step, false);
    ask(screen, step, true, progress);  // predictions come before the step's text; q there leaves them
    for (;;) {
        show(screen, step, view);
        const PlayerAction action = action_for_key(screen.read_key());
        const size_t before = step;
        const bool last = step + 1 == lesson_.steps.size();
        if (action == PlayerAction::quit) return false;
        if (action == PlayerAction::help) {
            screen.draw_page(key_help(ctx_.style(4).unicode));
            screen.read_key();
            continue;
        }
        // A step's own interaction (issue 12's questions) runs when the learner leaves it forward
        // (space at its bottom, Enter, n or →), before `step` changes; predictions on entering one.
        const bool leave_forward =
            action == PlayerAction::next_step || (action == PlayerAction::forward && view.at_end());
        if (leave_forward && !ask(screen, step, false, progress)) continue;  // q left the questions: stay
        if (leave_forward && last) return true;
        if (leave_forward)
            ++step;
        else if (action == PlayerAction::previous_step && step > 0)
            --step;
        else if (action == PlayerAction::first_step)
            step = 0;
        else
            view.apply(action);
        if (step != before) {
            view = Viewport{};
            save_position(ctx_, progress, lesson_.slug, step, false);
            screen.invalidate();
            ask(screen, step, true, progress);
        }
    }
}

}  // namespace

std::string play_full_screen(Context& ctx, const course::Catalog& catalog, const course::Lesson& lesson,
                             size_t index, size_t step, course::Progress& progress) {
    ctx.full_screen = true;
    bool finished = false;
    {
        const render::Style style = ctx.style(4);
        CursesScreen screen(style.color, style.unicode);
        Player player(ctx, catalog, lesson, index);
        finished = player.run(screen, step, progress);
    }  // the terminal is given back here, before the farewell is printed
    ctx.full_screen = false;
    ctx.global.width.reset();
    if (!finished)
        return "Progress saved at step " + std::to_string(step + 1) + " of " +
               std::to_string(lesson.steps.size()) + ". Resume with: " + attn_command(ctx, "lesson") + "\n";
    save_position(ctx, progress, lesson.slug, 0,
                  true);  // reopened, a finished lesson starts from its beginning
    const bool more = index + 1 < catalog.lessons.size();
    return "Lesson " + std::to_string(index + 1) + " done." +
           (more ? " Next: " + attn_command(ctx, "next") + " (" + catalog.lessons[index + 1].title + ")\n"
                 : " That was the last lesson.\n");
}

}  // namespace attn::cli
