// The full-screen lesson player: one step at a time in a viewport, its heading pinned, a footer that
// says where the learner is, and a new layout when the window changes size.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <iostream>
#include <map>
#include <set>
#include <string>

#include "cli/app.hpp"
#include "cli/curses_screen.hpp"
#include "cli/lesson_player.hpp"
#include "cli/paste_command.hpp"
#include "cli/quiz_session.hpp"
#include "cli/quiz_text.hpp"
#include "cli/viewport.hpp"
#include "course/paths.hpp"
#include "course/progress.hpp"
#include "course/quiz.hpp"
#include "render/fit.hpp"
#include "render/markdown_text.hpp"
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
    std::vector<std::string> pinned_lines(size_t step, bool predict, const course::Progress& progress,
                                          int rows);

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
// A line without its colour escapes (ESC [ ... m).
std::string plain(const std::string& line) {
    std::string out;
    for (size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '\033' && i + 1 < line.size() && line[i + 1] == '[') {
            i = std::min(line.find('m', i), line.size() - 1);
            continue;
        }
        out += line[i];
    }
    return out;
}

// Where the matrix a question is about starts in a block's output lines: the title line of the stage
// its answer reads ("stages.q[apple][topic]" → "q (4 × 3): ..."), else of the first matrix, else 0.
size_t matrix_start(const std::vector<std::string>& lines, const course::Question* question) {
    const std::string reference = question ? question->answer : "";
    const size_t at = reference.find("stages.");
    const std::string stage = at == std::string::npos
                                  ? ""
                                  : reference.substr(at + 7, reference.find_first_of("[.", at + 7) - at - 7);
    auto is_title = [](const std::string& text) {  // "NAME (R × C)" or, in ASCII, "NAME (R x C)"
        const std::string line = plain(text);
        const size_t open = line.find(" (");
        return !line.empty() && line[0] != ' ' && open != std::string::npos && open + 2 < line.size() &&
               std::isdigit(static_cast<unsigned char>(line[open + 2]));
    };
    if (!stage.empty())
        for (size_t i = 0; i < lines.size(); ++i)
            if (is_title(lines[i]) && plain(lines[i]).rfind(stage + " (", 0) == 0) return i;
    for (size_t i = 0; i < lines.size(); ++i)
        if (is_title(lines[i])) return i;
    return 0;
}

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
// while they run and drawn again afterwards. Returns false when the learner quit with q: the lesson ends
// there, its place saved, as the prompt says.
bool Player::ask(CursesScreen& screen, size_t step, bool predict, course::Progress& progress) {
    if (!has_open_questions(lesson_, step, predict, asked_, progress)) return true;
    const std::vector<std::string> pinned = pinned_lines(step, predict, progress, screen.rows());
    screen.suspend();
    // The lesson's header and the block the questions are about stay on top: the questions scroll in
    // the rows under them (a scroll region), so a hint that says "the matrix above" points at it.
    std::string top = "\033[r\033[H\033[2J";
    for (const std::string& line : pinned) top += line + "\033[0m\n";
    if (!pinned.empty())
        top += "\033[" + std::to_string(pinned.size() + 1) + ";" + std::to_string(screen.rows()) + "r\033[" +
               std::to_string(pinned.size() + 1) + ";1H";
    std::fputs(top.c_str(), stdout);
    const bool go_on = ask_step_questions(ctx_, lesson_, step, predict, asked_, progress);
    if (go_on) {
        // The verdict stays readable until the learner goes on (the viewport would cover it at once).
        std::fputs("\nPress Enter to go on. ", stdout);
        std::fflush(stdout);
        std::string line;
        std::getline(std::cin, line);
    }
    // The whole window scrolls again; after q the farewell starts on a clean screen. (Resetting the scroll
    // region moves the cursor home: it is put back under the last answer, where the terminal shows it again
    // when the lesson ends, so that the farewell does not overwrite the header.)
    std::fputs(go_on ? "\0337\033[r\0338" : "\033[r\033[H\033[2J", stdout);
    screen.resume();
    return go_on;
}

// The lines pinned above a step's questions: the step's header, then the output of the last ```attn
// block before the first open question (its matrix), with a rule under them; at most half the window,
// the block giving way first.
std::vector<std::string> Player::pinned_lines(size_t step, bool predict, const course::Progress& /*progress*/,
                                              int rows) {
    const Layout& l = layout(step, width_ ? width_ : 80);
    std::vector<std::string> lines = l.header;
    while (!lines.empty() && render::visible_width(lines.back()) == 0) lines.pop_back();
    const course::Step& s = lesson_.steps[step];
    long first_line = -1;
    const course::Question* first = nullptr;
    // The lines are pinned for the step's whole round of questions: a hand calculation among them
    // decides (its givens must stay), else the first question.
    const course::Question* opener = nullptr;  // the round's first question
    for (const course::Question& q : s.questions)
        if ((q.kind == course::QuestionKind::predict) == predict && !asked_.count(q.id)) {
            if (!opener) opener = &q;
            if (!first || (first->kind != course::QuestionKind::hand && q.kind == course::QuestionKind::hand))
                first_line = q.line, first = &q;
        }
    // A hand calculation's givens (q, k, d_k, the row's other scores) stay whatever the window's height:
    // the header gives way to them first.
    if (first && first->kind == course::QuestionKind::hand) {
        try {
            const course::ExpectedAnswer expected = course::expected_answer(*first, live_, json_runner(ctx_));
            // When it opens the round, its prompt stays with them: its list of entries is long enough at
            // 24 rows to scroll the prompt away. (Pinned above an earlier question, it would read as that
            // question's.)
            render::Style style = ctx_.style(4);
            style.width = width_ ? width_ : style.width;
            const std::string prompt = first == opener ? question_text(*first, nullptr, style) : "";
            std::vector<std::string> givens =
                fold_lines(render::fit_lines(prompt + course::hand_givens(*expected.hand), width_), width_,
                           style.unicode);
            const size_t most = static_cast<size_t>(std::max(0, rows - 8));
            while (!lines.empty() && lines.size() + givens.size() + 1 > most) lines.pop_back();
            lines.insert(lines.end(), givens.begin(), givens.end());
            return lines.push_back(std::string(static_cast<size_t>(std::max(width_, 10)), '-')), lines;
        } catch (const std::exception&) {
            // A broken question says so when it is asked.
        }
    }
    // A prediction comes before its step's text: its block is the last one the learner has read, on an
    // earlier step (the step's own would give the answer away).
    const course::Block* block = nullptr;
    for (size_t k = predict ? 0 : step; k <= step && !(predict && k == step); ++k)
        for (const course::Block& b : lesson_.steps[k].blocks)
            if (b.kind == course::Block::Kind::command && (k < step || b.line < first_line)) block = &b;
    const size_t room = static_cast<size_t>(std::max(0, rows / 2 - 1));
    if (block) {
        const CommandResult result = run_nested(block->text, ctx_);
        if (result.code == 0) {
            // The inputs/weights lines that start attn run's output are not the matrix.
            std::string out = result.out;
            if (out.substr(0, out.find('\n')).find("inputs:") != std::string::npos)
                out.erase(0, std::min(out.size(), out.find("\n\n")));
            std::vector<std::string> shown =
                fold_lines(render::fit_lines(out, width_), width_, ctx_.style(4).unicode);
            while (!shown.empty() && render::visible_width(shown.front()) == 0) shown.erase(shown.begin());
            // The matrix the question reads (its stage), else the first matrix: not the NumPy lines
            // that --show-code puts before it.
            shown.erase(shown.begin(), shown.begin() + static_cast<long>(matrix_start(shown, first)));
            // A block taller than the room keeps its first lines (its title and first rows), cut between
            // two matrices where it can: a title and legend without their rows read as a broken table.
            const size_t fits = room > lines.size() + 1 ? room - lines.size() - 1 : 0;
            if (shown.size() > fits) {
                shown.resize(fits);
                size_t blank = shown.size();  // one past the last blank line kept
                while (blank > 0 && render::visible_width(shown[blank - 1]) != 0) --blank;
                if (blank > 1) shown.resize(blank - 1);
                while (!shown.empty() && render::visible_width(shown.back()) == 0) shown.pop_back();
                // Nor does it end on the heading or prose of a matrix that did not fit ("3. temperature:
                // softmax(z / T)"): a paragraph kept last holds a matrix's values, unless it is the only one.
                auto has_value = [](const std::string& line) {
                    const std::string text = plain(line);
                    for (size_t i = 1; i + 1 < text.size(); ++i)
                        if (text[i] == '.' && std::isdigit(static_cast<unsigned char>(text[i - 1])) &&
                            std::isdigit(static_cast<unsigned char>(text[i + 1])))
                            return true;
                    return false;
                };
                for (;;) {
                    size_t start = shown.size();  // where the last paragraph starts
                    while (start > 0 && render::visible_width(shown[start - 1]) != 0) --start;
                    if (start == 0 ||
                        std::any_of(shown.begin() + static_cast<long>(start), shown.end(), has_value))
                        break;
                    shown.resize(start);
                    while (!shown.empty() && render::visible_width(shown.back()) == 0) shown.pop_back();
                }
            }
            lines.insert(lines.end(), shown.begin(), shown.end());
        }
    }
    if (lines.size() > room) lines.resize(room);
    if (!lines.empty()) lines.push_back(std::string(static_cast<size_t>(std::max(width_, 10)), '-'));
    return lines;
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
    if (!ask(screen, step, true, progress)) return false;  // predictions come before the step's text
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
        if (leave_forward && !ask(screen, step, false, progress)) return false;  // q quits the lesson
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
            if (!ask(screen, step, true, progress)) return false;
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
