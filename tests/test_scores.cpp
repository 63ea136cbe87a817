// Attempts and scores per lesson: recorded in progress.json (old files still load), scored, and the
// weakest lesson found.
#include <filesystem>
#include <fstream>

#include "check_matrices.hpp"
#include "course/catalog.hpp"
#include "course/progress.hpp"
#include "course/scores.hpp"

using namespace attn::course;
namespace fs = std::filesystem;

namespace {
std::string fresh_dir(const std::string& name) {
    const fs::path dir =
        fs::temp_directory_path() / ("attn-scores-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir.string();
}
}  // namespace

TEST_CASE("a progress file from before questions existed still loads", "[quiz][progress]") {
    const std::string dir = fresh_dir("old");
    std::ofstream(dir + "/progress.json")
        << R"({"format": "attn-progress", "version": 1, "current": "scaling",
        "lessons": {"scaling": {"step": 2, "done": true}}})";
    const LoadedProgress loaded = load_progress(dir);
    CHECK_FALSE(loaded.warning);
    CHECK(loaded.progress.lessons.at("scaling").step == 2);
    CHECK(loaded.progress.lessons.at("scaling").questions.empty());
    fs::remove_all(dir);
}

TEST_CASE("attempts are recorded and round-trip through the file", "[quiz][progress]") {
    const std::string dir = fresh_dir("attempts");
    Progress p;
    record_attempt(p, "scaling", "sqrt", false);
    record_attempt(p, "scaling", "sqrt", false);
    record_attempt(p, "scaling", "sqrt", true);
    record_attempt(p, "scaling", "sqrt", false);  // a later wrong answer does not undo the right one
    record_attempt(p, "scaling", "hand", true);
    save_progress(p, dir);
    const Progress back = load_progress(dir).progress;
    const LessonProgress& lesson = back.lessons.at("scaling");
    CHECK(lesson.questions.at("sqrt").attempts == 4);
    CHECK(lesson.questions.at("sqrt").right_at == 3);
    CHECK(lesson.questions.at("hand").right_at == 1);
    CHECK(lesson.step == 0);
    CHECK_FALSE(lesson.done);
    fs::remove_all(dir);
}

TEST_CASE("a lesson's score: 1/(first right attempt) per question, averaged over its questions",
          "[quiz][progress]") {
    LessonProgress lesson;
    lesson.questions["a"] = {1, 1};                 // 1
    lesson.questions["b"] = {3, 2};                 // 1/2
    lesson.questions["c"] = {2, 0};                 // 0
    const LessonScore s = score_lesson(lesson, 4);  // a fourth question never answered
    CHECK(s.questions == 4);
    CHECK(s.answered == 3);
    CHECK(s.right == 2);
    CHECK(s.attempts == 6);
    CHECK(std::fabs(s.score - 1.5 / 4) <= 1e-15);
    CHECK(describe_score(s) == "38% (2 of 4 right, 6 attempts)");
    CHECK(describe_score(score_lesson(LessonProgress{}, 3)).empty());
}

TEST_CASE("the weakest lesson is the lowest score among quizzed lessons below 100%", "[quiz][progress]") {
    const std::string dir = fresh_dir("weakest");
    std::ofstream(dir + "/course.toml") << "title = \"t\"\n"
                                           "[[lesson]]\nslug = \"a\"\ntitle = \"A\"\nfile = \"a.md\"\n"
                                           "[[lesson]]\nslug = \"b\"\ntitle = \"B\"\nfile = \"b.md\"\n"
                                           "[[lesson]]\nslug = \"c\"\ntitle = \"C\"\nfile = \"c.md\"\n";
    const std::string question =
        "```question\nid = \"q1\"\nkind = \"numeric\"\nprompt = \"p\"\nanswer = 'run | x'\n```\n"
        "```question\nid = \"q2\"\nkind = \"numeric\"\nprompt = \"p\"\nanswer = 'run | x'\n```\n";
    for (const char* f : {"a.md", "b.md", "c.md"})
        std::ofstream(dir + "/" + f) << "## S\n\ntext\n\n" << question;
    const Catalog catalog = load_catalog(dir);
    Progress p;
    CHECK_FALSE(weakest_lesson(catalog, p));
    record_attempt(p, "a", "q1", true);
    record_attempt(p, "a", "q2", true);
    CHECK_FALSE(weakest_lesson(catalog, p));  // perfect
    record_attempt(p, "c", "q1", false);
    record_attempt(p, "c", "q1", true);  // c: (1/2) / 2 = 25%
    record_attempt(p, "b", "q1", true);  // b: 1 / 2 = 50%
    CHECK(*weakest_lesson(catalog, p) == 2);
    record_attempt(p, "b", "q2", false);
    record_attempt(p, "b", "q2", false);
    record_attempt(p, "b", "q2", false);  // b stays at 50%; c (25%) is still the weakest
    CHECK(*weakest_lesson(catalog, p) == 2);
    fs::remove_all(dir);
}
