#include "cli/quiz_watch.hpp"

#include <poll.h>
#include <sys/inotify.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <set>

#include "cli/edit_text.hpp"
#include "cli/paste_command.hpp"
#include "cli/quiz_session.hpp"
#include "course/catalog.hpp"
#include "course/data_layers.hpp"
#include "course/edit_goal.hpp"
#include "course/paths.hpp"
#include "course/progress.hpp"
#include "inputs/input_error.hpp"
#include "render/markdown_text.hpp"

namespace attn::cli {

namespace fs = std::filesystem;

namespace {

volatile std::sig_atomic_t g_interrupted = 0;
extern "C" void on_watch_interrupt(int) { g_interrupted = 1; }

// Ctrl-C (and SIGTERM) end the watch through its loop, so that the terminal's settings come back;
// poll() is interrupted (no SA_RESTART).
class InterruptGuard {
public:
    InterruptGuard() {
        g_interrupted = 0;
        struct sigaction action {};
        action.sa_handler = on_watch_interrupt;
        sigemptyset(&action.sa_mask);
        sigaction(SIGINT, &action, &old_int_);
        sigaction(SIGTERM, &action, &old_term_);
    }
    ~InterruptGuard() {
        sigaction(SIGINT, &old_int_, nullptr);
        sigaction(SIGTERM, &old_term_, nullptr);
    }
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

private:
    struct sigaction old_int_ {};
    struct sigaction old_term_ {};
};

// On a terminal, keys arrive one at a time without echo (q quits without Enter); restored on the way out.
class KeysOneByOne {
public:
    explicit KeysOneByOne(bool on) {
        if (!on || tcgetattr(STDIN_FILENO, &saved_) != 0) return;
        termios raw = saved_;
        raw.c_lflag &= static_cast<tcflag_t>(~(ICANON | ECHO));
        raw.c_cc[VMIN] = 1;
        raw.c_cc[VTIME] = 0;
        active_ = tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0;
    }
    ~KeysOneByOne() {
        if (active_) tcsetattr(STDIN_FILENO, TCSANOW, &saved_);
    }
    KeysOneByOne(const KeysOneByOne&) = delete;
    KeysOneByOne& operator=(const KeysOneByOne&) = delete;

private:
    termios saved_{};
    bool active_ = false;
};

// The learner's data folders, every subfolder included, watched with inotify.
class DataWatch {
public:
    explicit DataWatch(std::vector<std::string> roots) : roots_(std::move(roots)) {
        fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        if (fd_ < 0)
            throw course::InputError("cannot watch files (inotify): " + std::string(std::strerror(errno)));
        add_folders();
    }
    ~DataWatch() { close(fd_); }
    DataWatch(const DataWatch&) = delete;
    DataWatch& operator=(const DataWatch&) = delete;

    int fd() const { return fd_; }

    // Reads the pending events, then waits until the folders are quiet for a moment (an editor's save
    // is several events). True when a data file changed; an editor's swap or backup file does not count.
    bool settle() {
        bool changed = drain();
        for (int i = 0; i < 10; ++i) {
            pollfd p{fd_, POLLIN, 0};
            if (poll(&p, 1, 150) <= 0) break;
            changed = drain() || changed;
        }
        add_folders();  // a folder made since (a new vocabulary) is watched from now on
        return changed;
    }

private:
    void add_folders() {
        const uint32_t mask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE;
        for (const std::string& root : roots_) {
            std::error_code ec;
            inotify_add_watch(fd_, root.c_str(), mask);
            for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
                const std::string name = it->path().filename().string();
                if (it->is_directory(ec) && !name.empty() && name[0] == '.') {
                    it.disable_recursion_pending();
                    continue;
                }
                if (it->is_directory(ec)) inotify_add_watch(fd_, it->path().c_str(), mask);
            }
        }
    }

    bool drain() {
        bool changed = false;
        alignas(inotify_event) char buffer[8192];
        for (;;) {
            const ssize_t n = read(fd_, buffer, sizeof buffer);
            if (n <= 0) return changed;
            for (ssize_t at = 0; at < n;) {
                const auto* event = reinterpret_cast<const inotify_event*>(buffer + at);
                const std::string name = event->len ? event->name : "";
                if (name.empty() ||
                    (name[0] != '.' && name.back() != '~' && name.find(".tmp") == std::string::npos))
                    changed = true;
                at += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
            }
        }
    }

    std::vector<std::string> roots_;
    int fd_ = -1;
};

void say(const Context& ctx, const std::string& text) {
    const std::string shown = ctx.style(4).unicode ? text : render::ascii_fold(text);
    if (std::fwrite(shown.data(), 1, shown.size(), stdout) != shown.size() || std::fflush(stdout) != 0)
        throw course::WriteError("cannot write to standard output");
}

std::string clock_now() {
    const std::time_t now = std::time(nullptr);
    char text[16];
    std::strftime(text, sizeof text, "%H:%M:%S", std::localtime(&now));
    return text;
}

struct WatchState {
    std::vector<const course::Question*> challenges;
    std::vector<std::string> folders;
    std::set<std::string> recorded;  // reached in this watch, recorded once
    bool all_hold = false;
};

// Checks every challenge, records the newly reached ones, and shows where each stands.
void check_all(Context& ctx, const course::Lesson& lesson, size_t number, WatchState& w) {
    const render::Style style = ctx.style(4);
    course::LiveEvaluator evaluator(json_runner(ctx), lesson.path);
    std::string body;
    size_t holding = 0;
    for (const course::Question* q : w.challenges) {
        try {
            const course::EditStatus status = course::check_edit_goals(*q, evaluator);
            body += edit_status_text(*q, status, style);
            if (status.holds) {
                ++holding;
                if (w.recorded.insert(q->id).second) record_answer(ctx, lesson.slug, q->id, true);
            }
        } catch (const course::InputError& e) {
            body +=
                render::wrap("[" + q->id + "] cannot be checked: " + std::string(e.what()), style.width, 2) +
                "\n";
        }
        body += "\n";
    }
    w.all_hold = holding == w.challenges.size();
    std::string folders;
    for (const std::string& f : w.folders) folders += (folders.empty() ? "" : ", ") + f;
    const std::string head = "Lesson " + std::to_string(number) +
                             ", edit challenges: " + std::to_string(holding) + " of " +
                             std::to_string(w.challenges.size()) + " hold (checked " + clock_now() + ")";
    const std::string foot =
        "Watching " + folders + ". Save a change to check again; " +
        (ctx.stdin_tty && !ctx.global.no_input ? "q quits." : "end of input or q quits.");
    // On a terminal each check replaces the last one, as rustlings does; in a log they follow each other.
    say(ctx, std::string(ctx.stdout_tty ? "\x1b[H\x1b[2J" : "") + render::wrap(head, style.width, 2) +
                 "\n\n" + body + render::wrap(foot, style.width, 2) + "\n");
}

// A key or a line on standard input: true when it asks to quit (q, Ctrl-D, end of input).
bool input_quits(bool keys, std::string& pending) {
    char buffer[256];
    const ssize_t n = read(STDIN_FILENO, buffer, sizeof buffer);
    if (n <= 0) return n == 0 || errno != EINTR;
    for (ssize_t i = 0; i < n; ++i) {
        const char c = buffer[i];
        if (keys && (c == 'q' || c == 'Q' || c == 4)) return true;
        if (keys) continue;
        if (c != '\n') {
            pending += c;
            continue;
        }
        if (pending == "q" || pending == "Q") return true;
        pending.clear();
    }
    return false;
}

}  // namespace

void record_answer(const Context& ctx, const std::string& slug, const std::string& id, bool right) {
    course::LoadedProgress loaded = course::load_progress(ctx.progress_dir());
    if (loaded.warning) std::fprintf(stderr, "attn: warning: %s\n", loaded.warning->c_str());
    course::record_attempt(loaded.progress, slug, id, right);
    course::save_progress(loaded.progress, ctx.progress_dir());
}

Asked show_edit_challenge(Context& ctx, const course::Question& q, course::LiveEvaluator& evaluator,
                          const std::string& slug) {
    const render::Style style = ctx.style(4);
    std::string number = slug;  // the lesson's number reads better, when the course has it
    const course::Catalog catalog =
        course::load_catalog(course::find_content_dir("lessons", ctx.global.lessons_dir).path);
    for (size_t i = 0; i < catalog.lessons.size(); ++i)
        if (catalog.lessons[i].slug == slug) number = std::to_string(i + 1);
    std::string text;
    try {
        text = edit_status_text(q, course::check_edit_goals(q, evaluator), style);
    } catch (const course::InputError& e) {
        text =
            render::wrap("[" + q.id + "] (edit) " + q.prompt, style.width, 2) + "\n" +
            render::wrap("  cannot be checked on your data now: " + std::string(e.what()), style.width, 4) +
            "\n";
    }
    const std::string quiz = attn_command(ctx, "quiz " + number);
    // Each command on a line of its own, so that it pastes whole.
    text += render::wrap("  Change your data (attn paths shows where) until it holds, then check it with",
                         style.width, 4) +
            "\n    " + quiz + " --question " + q.id +
            " --check\n  or keep this open in another window:\n    " + quiz + " --watch\n\n";
    say(ctx, text);
    return Asked::skipped;
}

int watch_edit_challenges(Context& ctx, const course::Lesson& lesson, size_t number) {
    WatchState w;
    for (const course::Question* q : course::lesson_questions(lesson))
        if (q->kind == course::QuestionKind::edit) w.challenges.push_back(q);
    if (w.challenges.empty())
        throw course::InputError("lesson " + std::to_string(number) + " has no edit challenges to watch (" +
                                 attn_command(ctx, "quiz " + std::to_string(number)) +
                                 " --list shows its questions)");
    const course::DataLayers layers = ctx.data_layers();
    for (size_t i = 0; i + 1 < layers.layers.size(); ++i) w.folders.push_back(layers.layers[i].path);
    if (w.folders.empty())
        throw course::InputError(
            "nothing to watch: attn reads only the shipped data. Make your own copy with " +
            attn_command(ctx, "workspace init") + ", or pass --data DIR");
    DataWatch watch(w.folders);
    const bool keys = ctx.stdin_tty && !ctx.global.no_input;
    InterruptGuard interrupts;
    KeysOneByOne one_by_one(keys);
    check_all(ctx, lesson, number, w);
    std::string pending;
    while (!g_interrupted && (keys || !w.all_hold)) {
        pollfd fds[2] = {{watch.fd(), POLLIN, 0}, {STDIN_FILENO, POLLIN, 0}};
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            throw course::InputError("cannot wait for changes: " + std::string(std::strerror(errno)));
        }
        if ((fds[1].revents & (POLLIN | POLLHUP)) && input_quits(keys, pending)) break;
        if ((fds[0].revents & POLLIN) && watch.settle()) check_all(ctx, lesson, number, w);
    }
    return g_interrupted ? kInterrupted : w.all_hold ? 0 : 1;
}

}  // namespace attn::cli
