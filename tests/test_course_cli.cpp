// The course commands without a terminal: nothing waits for input, progress is kept, errors are clear.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "check_matrices.hpp"
#include "course/paths.hpp"
#include "run_binary.hpp"

using attn::test::run_attn;
namespace fs = std::filesystem;

namespace {

struct Sandbox {
    std::string root =
        (fs::temp_directory_path() / ("attn-course-cli-" + std::to_string(::getpid()))).string();
    Sandbox() {
        fs::remove_all(root);
        fs::create_directories(root + "/lessons");
        std::ofstream(root + "/lessons/course.toml")
            << "title = \"t\"\n"
               "[[lesson]]\nslug = \"one\"\ntitle = \"One\"\nfile = \"one.md\"\n"
               "[[lesson]]\nslug = \"broken\"\ntitle = \"Broken\"\nfile = \"broken.md\"\n"
               "[[lesson]]\nslug = \"three\"\ntitle = \"Three\"\nfile = \"three.md\"\n";
        std::ofstream(root + "/lessons/one.md") << "## A\n\nFirst.\n\n```attn\nrun -s \"I ate the apple\" "
                                                   "--show weights\n```\n\n## B\n\nSecond.\n";
        std::ofstream(root + "/lessons/broken.md") << "## A\n\ntext\n\n```attn\n```\n";
        std::ofstream(root + "/lessons/three.md")
            << "## C\n\nThird.\n\n```attn\nrun -s \"I ate the appel\"\n```\n";
    }
    ~Sandbox() { fs::remove_all(root); }
    std::vector<std::string> env() const {
        return {"ATTN_LESSONS_DIR=" + root + "/lessons", "XDG_STATE_HOME=" + root + "/state"};
    }
    // A course of its own keeps its progress apart from the shipped course's (course::course_subdir).
    std::string progress_dir() const {
        return root + "/state/attn/" + attn::course::course_subdir(root + "/lessons");
    }
    std::string progress_file() const { return progress_dir() + "/progress.json"; }
};

}  // namespace

TEST_CASE("attn with no arguments says where the learner stands", "[course][cli]") {
    Sandbox box;
    const auto r = run_attn({}, box.env());
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("Lesson 1 of 3: One") == 0);
    // The command names this course (it came from ATTN_LESSONS_DIR), so that it works when pasted in a
    // shell where the variable is not set.
    const std::string hint = "Continue with: attn --lessons " + box.root + "/lessons lesson";
    REQUIRE(r.out.find(hint) != std::string::npos);
    CHECK(r.out.find("attn --lessons " + box.root + "/lessons list") != std::string::npos);
    const auto pasted =
        run_attn({"--lessons", box.root + "/lessons", "lesson"}, {"XDG_STATE_HOME=" + box.root + "/state"});
    CHECK(pasted.exit_code == 0);
    CHECK(pasted.out.find("First.") != std::string::npos);
    // The shipped course needs no flag.
    const auto shipped = run_attn({}, {"XDG_STATE_HOME=" + box.root + "/state"});
    CHECK(shipped.out.find("Continue with: attn lesson") != std::string::npos);
}

TEST_CASE("a lesson that does not exist is a short error naming near slugs and attn list",
          "[course][cli][errors]") {
    const auto r = run_attn({"lesson", "nope"});
    REQUIRE(r.exit_code == 2);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') <= 2);
    CHECK(r.err.find("'attn list' shows them all") != std::string::npos);
    CHECK(r.err.find("did you mean") == std::string::npos);
    const auto near = run_attn({"lesson", "multi-head"});
    REQUIRE(near.exit_code == 2);
    CHECK(near.err.find("did you mean multi-head-attention") != std::string::npos);
}

TEST_CASE("a lesson prints whole and exits when not on a terminal", "[course][cli]") {
    Sandbox box;
    const auto r = run_attn({"lesson", "1"}, box.env());
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("First.") != std::string::npos);
    CHECK(r.out.find("Second.") != std::string::npos);
    CHECK(r.out.find("0.4464") != std::string::npos);
    CHECK(r.out.find("\033[") == std::string::npos);
    const auto step = run_attn({"lesson", "one", "--step", "2"}, box.env());
    CHECK(step.out.find("First.") == std::string::npos);
    CHECK(step.out.find("Second.") != std::string::npos);
    CHECK(run_attn({"lesson", "1", "--step", "9"}, box.env()).exit_code == 2);
}

TEST_CASE("a broken lesson names file and line - the others still work", "[course][cli][errors]") {
    Sandbox box;
    const auto bad = run_attn({"lesson", "2"}, box.env());
    CHECK(bad.exit_code == 2);
    CHECK(bad.out.empty());
    CHECK(bad.err.find("broken.md:5:") != std::string::npos);
    const auto list = run_attn({"list"}, box.env());
    REQUIRE(list.exit_code == 0);
    CHECK(list.out.find("broken.md:5:") != std::string::npos);
    const auto failing = run_attn({"lesson", "3"}, box.env());
    CHECK(failing.exit_code == 2);
    CHECK(failing.err.find("three.md:6:") != std::string::npos);  // the command's line in the lesson
    CHECK(failing.err.find("appel") != std::string::npos);
    CHECK(run_attn({"lesson", "1"}, box.env()).exit_code == 0);
}

TEST_CASE("list --json, next, prev and paths", "[course][cli]") {
    Sandbox box;
    auto list = nlohmann::json::parse(run_attn({"list", "--json"}, box.env()).out);
    REQUIRE(list["lessons"].size() == 3);
    CHECK(list["lessons"][0]["current"] == true);
    CHECK(list["lessons"][1]["error"].get<std::string>().find("broken.md:5") != std::string::npos);
    CHECK(run_attn({"prev"}, box.env()).exit_code == 2);  // nothing before lesson 1
    CHECK(run_attn({"next"}, box.env()).exit_code == 2);  // lesson 2 is broken: reported, exit 2
    list = nlohmann::json::parse(run_attn({"list", "--json"}, box.env()).out);
    CHECK(list["lessons"][0]["current"] == true);  // a failed open does not move the learner
    const auto paths = run_attn({"paths"}, box.env());
    CHECK(paths.out.find(box.root + "/lessons") != std::string::npos);
    CHECK(paths.out.find(box.progress_file()) != std::string::npos);
}

TEST_CASE("reset needs --force without a terminal and never loses progress by surprise", "[course][cli]") {
    Sandbox box;
    REQUIRE(run_attn({"lesson", "1"}, box.env()).exit_code == 0);
    CHECK_FALSE(fs::exists(box.progress_file()));  // printing a lesson does not move the learner's place
    fs::create_directories(box.progress_dir());
    std::ofstream(box.progress_file()) << R"({"format": "attn-progress", "version": 1, "current": "one",
                                             "lessons": {"one": {"step": 1, "done": false}}})";
    REQUIRE(nlohmann::json::parse(run_attn({"list", "--json"}, box.env()).out)["lessons"][0]["current"] ==
            true);
    const auto refused = run_attn({"reset", "--all"}, box.env());
    CHECK(refused.exit_code == 2);
    CHECK(refused.err.find("--force") != std::string::npos);
    CHECK(fs::exists(box.progress_file()));
    CHECK(run_attn({"reset"}, box.env()).exit_code == 2);
    const auto done = run_attn({"reset", "1", "--force"}, box.env());
    CHECK(done.exit_code == 0);
    CHECK(done.out.find("Reset progress of lesson 1") == 0);
}

TEST_CASE("a corrupt progress file gives a warning and a fresh start, and is kept",
          "[course][cli][progress]") {
    Sandbox box;
    fs::create_directories(box.progress_dir());
    std::ofstream(box.progress_file()) << "{ this is not json";
    const auto r = run_attn({}, box.env());
    CHECK(r.exit_code == 0);
    CHECK(r.err.find("attn: warning:") == 0);
    size_t kept = 0;
    for (const auto& e : fs::directory_iterator(box.progress_dir()))
        kept += e.path().filename().string().rfind("progress.json.bad-", 0) == 0;
    CHECK(kept == 1);
}

TEST_CASE("a relative XDG_STATE_HOME is ignored", "[course][cli][progress]") {
    Sandbox box;
    const auto r = run_attn({"paths"}, {"ATTN_LESSONS_DIR=" + box.root + "/lessons",
                                        "XDG_STATE_HOME=relative/dir", "HOME=" + box.root});
    CHECK(r.out.find(box.root + "/.local/state/attn/" + attn::course::course_subdir(box.root + "/lessons") +
                     "/progress.json") != std::string::npos);
}
