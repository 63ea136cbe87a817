// The real binary in a pseudo-terminal: the full-screen player read through a small terminal emulator.
// Stepping with Enter and space, going back with b, quitting with q, resuming where the learner left
// off, finishing without moving on; scrolling a step taller than the window with its heading pinned,
// and laying it out again when the window narrows.
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include <functional>
#include <sys/ioctl.h>

#include "check_matrices.hpp"
#include "course/paths.hpp"
#include "run_binary.hpp"
#include "render/style.hpp"
#include "screen_emulator.hpp"

namespace fs = std::filesystem;

namespace {

// A running attn on a pty; everything it prints accumulates in `screen`, and `term` shows it as a
// terminal would.
class PtySession {
public:
    PtySession(const std::vector<std::string>& args, const std::vector<std::string>& env, unsigned short rows = 40,
               unsigned short cols = 100)
        : term(rows, cols) {
        winsize ws{rows, cols, 0, 0};
        pid_ = forkpty(&fd_, nullptr, nullptr, &ws);
        if (pid_ == 0) {
            for (const std::string& e : env) putenv(const_cast<char*>(e.c_str()));
            std::vector<char*> argv{const_cast<char*>(ATTN_BINARY)};
            for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
            argv.push_back(nullptr);
            execv(ATTN_BINARY, argv.data());
            _exit(127);
        }
    }
    ~PtySession() {
        if (pid_ > 0 && !exited_) kill(pid_, SIGKILL), waitpid(pid_, nullptr, 0);
        if (fd_ >= 0) close(fd_);
    }
    // Reads until `needle` appears after `from` (an offset in screen), or 10 s pass.
    bool wait_for(const std::string& needle, size_t from = 0) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (screen.find(needle, from) == std::string::npos) {
            if (std::chrono::steady_clock::now() > deadline) return false;
            pollfd p{fd_, POLLIN, 0};
            if (poll(&p, 1, 100) <= 0) continue;
            if (!read_some()) return screen.find(needle, from) != std::string::npos;
        }
        return true;
    }
    // Reads until the emulated screen satisfies `done`, or 30 s pass: laying out a tall step again reruns
    // its commands, which takes seconds when the suite runs in parallel on a busy machine.
    bool wait_until(const std::function<bool(const attn::test::ScreenEmulator&)>& done) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (!done(term)) {
            if (std::chrono::steady_clock::now() > deadline) return false;
            pollfd p{fd_, POLLIN, 0};
            if (poll(&p, 1, 100) <= 0) continue;
            if (!read_some()) return done(term);
        }
        return true;
    }
    // Sends keys and waits until the emulated screen satisfies `done`.
    bool key(const std::string& keys, const std::function<bool(const attn::test::ScreenEmulator&)>& done) {
        (void)!write(fd_, keys.data(), keys.size());
        return wait_until(done);
    }
    // Changes the window size, as a terminal emulator does (the kernel sends SIGWINCH).
    void resize(unsigned short rows, unsigned short cols) {
        term.resize(rows, cols);
        winsize ws{rows, cols, 0, 0};
        ioctl(fd_, TIOCSWINSZ, &ws);
    }
    // Sends keys and waits for `needle` in what comes after.
    bool press(const std::string& keys, const std::string& needle) {
        const size_t from = screen.size();
        (void)!write(fd_, keys.data(), keys.size());
        return wait_for(needle, from);
    }
    int exit_code() {
        std::string rest;
        wait_for("\x01never\x01");  // drain until the child closes the pty
        int status = 0;
        waitpid(pid_, &status, 0);
        exited_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::string screen;
    attn::test::ScreenEmulator term;

private:
    bool read_some() {
        char buffer[4096];
        const ssize_t n = read(fd_, buffer, sizeof buffer);
        if (n <= 0) return false;
        screen.append(buffer, n);
        term.feed(std::string(buffer, n));
        return true;
    }

    int fd_ = -1;
    pid_t pid_ = -1;
    bool exited_ = false;
};

// The footer (the last row) holds `text`.
std::function<bool(const attn::test::ScreenEmulator&)> footer(const std::string& text) {
    return [text](const attn::test::ScreenEmulator& t) { return t.row(t.rows() - 1).find(text) != std::string::npos; };
}

struct CourseDir {
    std::string root = (fs::temp_directory_path() / ("attn-pty-" + std::to_string(::getpid()))).string();
    CourseDir() {
        fs::remove_all(root);
        fs::create_directories(root + "/lessons");
        std::ofstream(root + "/lessons/course.toml") << "title = \"pty course\"\n"
            "[[lesson]]\nslug = \"first\"\ntitle = \"First lesson\"\nfile = \"first.md\"\n"
            "[[lesson]]\nslug = \"second\"\ntitle = \"Second lesson\"\nfile = \"second.md\"\n";
        std::ofstream(root + "/lessons/first.md") << "## Alpha\n\nThe first idea.\n\n```attn\nrun -s \"I ate the apple\" --show weights\n```\n\n"
                                                     "## Beta\n\nThe second idea.\n\n## Gamma\n\nThe last idea.\n";
        std::ofstream(root + "/lessons/second.md") << "## Delta\n\nNext lesson.\n";
    }
    ~CourseDir() { fs::remove_all(root); }
    std::vector<std::string> env() const {
        return {"ATTN_LESSONS_DIR=" + root + "/lessons", "XDG_STATE_HOME=" + root + "/state", "TERM=xterm", "NO_COLOR="};
    }
    nlohmann::json progress() const {
        std::ifstream in(root + "/state/attn/" + attn::course::course_subdir(root + "/lessons") + "/progress.json");
        return nlohmann::json::parse(in);
    }
};

}  // namespace

TEST_CASE("stepping, going back, quitting and resuming in a terminal", "[course][pty]") {
    CourseDir course;
    {
        PtySession s({"lesson", "1"}, course.env());
        REQUIRE(s.wait_until(footer("step 1 of 3")));
        CHECK(s.term.text().find("The first idea.") != std::string::npos);
        CHECK(s.term.text().find("0.4464") != std::string::npos);  // the live computation ran
        REQUIRE(s.key("\r", footer("step 2 of 3")));
        REQUIRE(s.key("b", footer("step 1 of 3")));
        REQUIRE(s.key(" ", footer("step 2 of 3")));
        REQUIRE(s.press("q", "Progress saved at step 2 of 3"));
        CHECK(s.exit_code() == 0);
    }
    CHECK(course.progress()["lessons"]["first"]["step"] == 1);
    CHECK(course.progress()["lessons"]["first"]["done"] == false);
    {
        PtySession s({"lesson"}, course.env());  // the current lesson, where it was left
        REQUIRE(s.wait_until(footer("step 2 of 3")));
        CHECK(s.term.text().find("The second idea.") != std::string::npos);
        REQUIRE(s.key("\r", footer("step 3 of 3")));
        REQUIRE(s.press("\r", "Lesson 1 done. Next: attn next"));
        CHECK(s.exit_code() == 0);
        CHECK(s.screen.find("Next lesson.") == std::string::npos);  // it did not move on by itself
    }
    CHECK(course.progress()["lessons"]["first"]["done"] == true);
    CHECK(course.progress()["lessons"]["first"]["step"] == 0);  // reopened, it starts from the beginning
    CHECK(course.progress()["current"] == "first");
}

TEST_CASE("Ctrl-C in a lesson exits 130 and leaves progress readable", "[course][pty]") {
    CourseDir course;
    PtySession s({"lesson", "1"}, course.env());
    REQUIRE(s.wait_until(footer("step 1 of 3")));
    REQUIRE(s.key("\r", footer("step 2 of 3")));
    (void)s.press("\x03", "\n");
    CHECK(s.exit_code() == 130);
    CHECK(course.progress()["lessons"]["first"]["step"] == 1);
}

namespace {

struct TallStep {
    int lesson = 0, step = 0, steps = 0;
    size_t lines = 0;
    std::string title;
};

// The course's tallest step at 80 columns, from the plain output (lesson 12 runs a benchmark: left out).
TallStep tallest_step(const std::vector<std::string>& env) {
    TallStep tallest;
    for (int n = 1; n <= 14; ++n) {
        if (n == 12) continue;
        const attn::test::ProcessResult r = attn::test::run_attn({"--no-input", "lesson", std::to_string(n)}, env);
        REQUIRE(r.exit_code == 0);
        std::istringstream in(r.out);
        std::string line, previous;
        TallStep current;
        while (std::getline(in, line)) {
            int step = 0, steps = 0;
            const size_t at = line.rfind(" step ");
            if (line.rfind("Lesson ", 0) == 0 && at != std::string::npos &&
                std::sscanf(line.c_str() + at, " step %d of %d", &step, &steps) == 2) {
                current = {n, step, steps, 0, ""};
            } else if (current.lines == 1) {
                current.title = line;
            }
            ++current.lines;
            if (current.lines > tallest.lines) tallest = current;
        }
    }
    return tallest;
}

// Nothing was cut at the window's edge (the player would end such a row with '…'; it folds a line too
// wide for the window onto the next row, after "↪ ", instead).
bool rows_fit(const attn::test::ScreenEmulator& t) {
    for (int r = 0; r < t.rows(); ++r) {
        const std::string row = t.row(r);
        if (attn::render::display_width(row) > static_cast<size_t>(t.cols())) return false;
        if (row.size() >= 3 && row.compare(row.size() - 3, 3, "…") == 0) return false;
    }
    return true;
}

// "of 80" in the footer: how many lines the step has at this width.
std::string total_lines(const attn::test::ScreenEmulator& t) {
    const std::string footer = t.row(t.rows() - 1);
    const size_t of = footer.find(" of ", footer.find("lines "));
    return footer.substr(of + 4, footer.find(' ', of + 4) - of - 4);
}

// "lines 1–19 of 80" in the footer: the last line shown.
std::string last_shown(const attn::test::ScreenEmulator& t) {
    const std::string footer = t.row(t.rows() - 1);
    const size_t dash = footer.find("–", footer.find("lines "));
    return footer.substr(dash + 3, footer.find(' ', dash) - dash - 3);
}

}  // namespace

TEST_CASE("the tallest step scrolls under its pinned heading and is laid out again when the window narrows",
          "[course][pty]") {
    CourseDir course;
    const std::vector<std::string> env = {"ATTN_LESSONS_DIR=" + std::string(ATTN_SOURCE_DIR) + "/lessons",
                                          "ATTN_DATA_DIR=" + std::string(ATTN_SOURCE_DIR) + "/data",
                                          "XDG_STATE_HOME=" + course.root + "/state", "TERM=xterm", "NO_COLOR=",
                                          "COLUMNS=80"};
    const TallStep tall = tallest_step(env);
    INFO("lesson " << tall.lesson << " step " << tall.step << " (" << tall.title << "), " << tall.lines << " lines");
    REQUIRE(tall.lines > 2 * 24);  // several screens: the test below scrolls for real
    std::vector<std::string> pty_env(env.begin(), env.end() - 1);  // the window, not COLUMNS, sets the width
    const std::string where = "step " + std::to_string(tall.step) + " of " + std::to_string(tall.steps);
    PtySession s({"lesson", std::to_string(tall.lesson), "--step", std::to_string(tall.step)}, pty_env, 24, 80);
    const bool opened = s.wait_until(footer(where + " · lines 1–"));
    INFO("screen:\n" << s.term.text());
    REQUIRE(opened);
    CHECK(s.term.row(1) == tall.title);
    CHECK(rows_fit(s.term));
    // To the end: the footer counts the last line, and the heading is still there.
    const std::string total = total_lines(s.term);
    REQUIRE(s.key("\x1bOF", footer("–" + total + " of " + total)));
    CHECK(s.term.row(1) == tall.title);
    REQUIRE(s.key("\x1bOH", footer("lines 1–")));
    CHECK(s.term.row(1) == tall.title);
    REQUIRE(s.key("j", footer("lines 2–")));
    REQUIRE(s.key("k", footer("lines 1–")));
    const std::string last = last_shown(s.term);
    REQUIRE(s.key(" ", footer("lines " + last + "–")));  // a page keeps the last line of the previous one
    CHECK(s.term.row(1) == tall.title);
    // Narrower: laid out again at 60 columns (so the step has more lines), nothing cut at the edge.
    s.resize(24, 60);
    REQUIRE(s.wait_until([&](const attn::test::ScreenEmulator& t) {
        return t.row(23).find(where) != std::string::npos && total_lines(t) != total;
    }));
    CHECK(std::stoi(total_lines(s.term)) > std::stoi(total));
    CHECK(s.term.row(1) == tall.title);
    CHECK(rows_fit(s.term));
    REQUIRE(s.key("\x1bOF", footer("–" + total_lines(s.term) + " of ")));
    CHECK(rows_fit(s.term));
    CHECK(s.term.row(1) == tall.title);
    REQUIRE(s.key("q", [](const attn::test::ScreenEmulator&) { return true; }));
    CHECK(s.exit_code() == 0);
}
