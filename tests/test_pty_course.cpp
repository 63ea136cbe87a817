// The real binary in a pseudo-terminal: the full-screen player read through a small terminal emulator.
// Stepping with Enter and space, going back with b, quitting with q, resuming where the learner left
// off, finishing without moving on; scrolling a step taller than the window with its heading pinned,
// and laying it out again when the window narrows.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "build_paths.hpp"
#include "check_matrices.hpp"
#include "course/catalog.hpp"
#include "course/lesson.hpp"
#include "course/paths.hpp"
#include "course/progress.hpp"
#include "pty_session.hpp"
#include "render/style.hpp"
#include "run_binary.hpp"

namespace fs = std::filesystem;

namespace {

using attn::test::footer;
using attn::test::PtySession;

struct CourseDir {
    std::string root = (fs::temp_directory_path() / ("attn-pty-" + std::to_string(::getpid()))).string();
    CourseDir() {
        fs::remove_all(root);
        fs::create_directories(root + "/lessons");
        std::ofstream(root + "/lessons/course.toml")
            << "title = \"pty course\"\n"
               "[[lesson]]\nslug = \"first\"\ntitle = \"First lesson\"\nfile = \"first.md\"\n"
               "[[lesson]]\nslug = \"second\"\ntitle = \"Second lesson\"\nfile = \"second.md\"\n";
        std::ofstream(root + "/lessons/first.md")
            << "## Alpha\n\nThe first idea.\n\n```attn\nrun -s \"I ate the apple\" --show weights\n```\n\n"
               "## Beta\n\nThe second idea.\n\n## Gamma\n\nThe last idea.\n";
        std::ofstream(root + "/lessons/second.md") << "## Delta\n\nNext lesson.\n";
    }
    ~CourseDir() { fs::remove_all(root); }
    std::vector<std::string> env() const {
        return {"ATTN_LESSONS_DIR=" + root + "/lessons", "XDG_STATE_HOME=" + root + "/state", "TERM=xterm",
                "NO_COLOR="};
    }
    nlohmann::json progress() const {
        std::ifstream in(root + "/state/attn/" + attn::course::course_subdir(root + "/lessons") +
                         "/progress.json");
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
        CHECK(s.term.row(39).find("n p ←→ step") != std::string::npos);  // every key fits at 100 columns
        CHECK(s.term.row(39).find("↑↓ scroll") != std::string::npos);
        // The hint works when pasted: it names the course, which came from ATTN_LESSONS_DIR.
        REQUIRE(s.type("q", "Progress saved at step 2 of 3. Resume with: attn --lessons " + course.root +
                                "/lessons lesson"));
        CHECK(s.exit_code() == 0);
    }
    CHECK(course.progress()["lessons"]["first"]["step"] == 1);
    CHECK(course.progress()["lessons"]["first"]["done"] == false);
    {
        PtySession s({"lesson"}, course.env());  // the current lesson, where it was left
        REQUIRE(s.wait_until(footer("step 2 of 3")));
        CHECK(s.term.text().find("The second idea.") != std::string::npos);
        REQUIRE(s.key("\r", footer("step 3 of 3")));
        REQUIRE(s.type("\r", "Lesson 1 done. Next: attn --lessons " + course.root + "/lessons next"));
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
    (void)s.type("\x03", "\n");
    CHECK(s.exit_code() == 130);
    CHECK(course.progress()["lessons"]["first"]["step"] == 1);
}

namespace {

struct TallStep {
    int lesson = 0, step = 0, steps = 0;
    size_t lines = 0;
    std::string title;
};

// How many lessons the course lists (19 today; the count grows as lessons are added).
int lesson_count(const std::vector<std::string>& env) {
    const attn::test::ProcessResult r = attn::test::run_attn({"list", "--json"}, env);
    REQUIRE(r.exit_code == 0);
    return static_cast<int>(nlohmann::json::parse(r.out)["lessons"].size());
}

// The course's tallest step at 80 columns, from the plain output of every lesson (lesson 12 runs a
// benchmark: left out).
TallStep tallest_step(const std::vector<std::string>& env) {
    TallStep tallest;
    const int lessons = lesson_count(env);
    REQUIRE(lessons >= 19);
    for (int n = 1; n <= lessons; ++n) {
        if (n == 12) continue;
        const attn::test::ProcessResult r =
            attn::test::run_attn({"--no-input", "lesson", std::to_string(n)}, env);
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

// Every row fits the window, and no line of the step was wider than the window: the player folds such a
// line onto the next row after "↪ " (so a row starting with it means the text did not fit).
bool rows_fit(const attn::test::ScreenEmulator& t) {
    for (int r = 0; r < t.rows(); ++r) {
        const std::string row = t.row(r);
        if (attn::render::display_width(row) > static_cast<size_t>(t.cols()) || row.rfind("↪ ", 0) == 0) {
            UNSCOPED_INFO("row " << r << " does not fit " << t.cols() << " columns: '" << row << "'");
            return false;
        }
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
                                          "XDG_STATE_HOME=" + course.root + "/state",
                                          "TERM=xterm",
                                          "NO_COLOR=",
                                          "COLUMNS=80"};
    const TallStep tall = tallest_step(env);
    INFO("lesson " << tall.lesson << " step " << tall.step << " (" << tall.title << "), " << tall.lines
                   << " lines");
    REQUIRE(tall.lines > 2 * 24);  // several screens: the test below scrolls for real
    std::vector<std::string> pty_env(env.begin(), env.end() - 1);  // the window, not COLUMNS, sets the width
    const std::string where = "step " + std::to_string(tall.step) + " of " + std::to_string(tall.steps);
    PtySession s({"lesson", std::to_string(tall.lesson), "--step", std::to_string(tall.step)}, pty_env, 24,
                 80);
    const bool opened = s.wait_until(footer(where + " · lines 1–"));
    INFO("screen:\n" << s.term.text());
    REQUIRE(opened);
    CHECK(s.term.row(1) == tall.title);
    CHECK(s.term.row(23).find("space more  n p ←→ step") !=
          std::string::npos);  // stepping keys fit at 80 too
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
    // At once, while the player may still be drawing the page: that resize is caught too.
    const size_t before_resize = s.screen.size();
    s.resize(24, 60);
    const bool laid_out_again = s.wait_until([&](const attn::test::ScreenEmulator& t) {
        return t.row(23).find(where) != std::string::npos && total_lines(t) != total;
    });
    INFO("after the resize:\n"
         << s.term.text() << "\nbytes since: " << s.screen.size() - before_resize << " "
         << s.since(before_resize).substr(0, 200));
    REQUIRE(laid_out_again);
    CHECK(std::stoi(total_lines(s.term)) > std::stoi(total));
    CHECK(s.term.row(1) == tall.title);
    CHECK(rows_fit(s.term));
    REQUIRE(s.key("\x1bOF", footer("–" + total_lines(s.term) + " of ")));
    CHECK(rows_fit(s.term));
    CHECK(s.term.row(1) == tall.title);
    s.send("q");  // quits: the exit code below is the check
    CHECK(s.exit_code() == 0);
}

TEST_CASE("every step of lessons 9 and 15 to 19 fits a 60-column window at its top and at its end",
          "[course][pty]") {
    CourseDir course;  // its state folder
    const std::string lessons = std::string(ATTN_SOURCE_DIR) + "/lessons";
    const std::vector<std::string> env = {
        "ATTN_LESSONS_DIR=" + lessons, "ATTN_DATA_DIR=" + std::string(ATTN_SOURCE_DIR) + "/data",
        "XDG_STATE_HOME=" + course.root + "/state", "TERM=xterm", "NO_COLOR="};
    // Every question already answered, so that no question stops the stepping.
    const attn::course::Catalog catalog = attn::course::load_catalog(lessons);
    attn::course::Progress progress;
    for (const attn::course::LessonEntry& e : catalog.lessons) {
        const attn::course::Lesson lesson = attn::course::load_lesson(e);  // the questions point into it
        for (const attn::course::Question* q : attn::course::lesson_questions(lesson))
            attn::course::record_attempt(progress, e.slug, q->id, true);
    }
    attn::course::save_progress(progress,
                                course.root + "/state/attn/" + attn::course::course_subdir(lessons));
    REQUIRE(catalog.lessons.size() >= 19);
    for (int n : {9, 15, 16, 17, 18, 19}) {
        const size_t steps = attn::course::load_lesson(catalog.lessons[n - 1]).steps.size();
        PtySession s({"lesson", std::to_string(n), "--step", "1"}, env, 24, 60);
        for (size_t k = 1; k <= steps; ++k) {
            const std::string where = "step " + std::to_string(k) + " of " + std::to_string(steps);
            INFO("lesson " << n << ", " << where);
            REQUIRE(s.wait_until(footer(where)));
            INFO(s.term.text());
            CHECK(s.term.row(0).rfind("Lesson " + std::to_string(n) + " of ", 0) == 0);
            CHECK(rows_fit(s.term));
            if (s.term.row(23).find("lines ") != std::string::npos) {  // taller than the window: its end too
                const std::string total = total_lines(s.term);
                REQUIRE(s.key("\x1bOF", footer("–" + total + " of " + total)));
                CHECK(rows_fit(s.term));
            }
            if (k < steps) REQUIRE(s.key("n", footer("step " + std::to_string(k + 1) + " of ")));
        }
        s.send("q");
        CHECK(s.exit_code() == 0);
    }
}
