// Edit challenges through the binary: every shipped challenge fails on the shipped data and holds with
// the overlay its solution writes; --check's JSON; the solution gate and --force; watch mode turning
// green when a data file changes.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "build_paths.hpp"
#include "pty_session.hpp"
#include "run_binary.hpp"
#include "test_support.hpp"

using attn::test::run_attn;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::string kLessons = std::string(ATTN_SOURCE_DIR) + "/lessons";

// A state folder and a workspace path of this test's own (the workspace does not exist unless made).
struct Box {
    fs::path root;
    explicit Box(const std::string& name)
        : root(fs::temp_directory_path() / ("attn-edit-" + name + "-" + std::to_string(getpid()))) {
        fs::remove_all(root);
        fs::create_directories(root / "state");
    }
    ~Box() { fs::remove_all(root); }
    std::vector<std::string> env() const {
        return {"ATTN_LESSONS_DIR=" + kLessons, "XDG_STATE_HOME=" + (root / "state").string(),
                "ATTN_WORKSPACE=" + (root / "workspace").string(), "COLUMNS=80"};
    }
};

std::string file_text(const std::string& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

struct Challenge {
    int lesson;
    std::string id;
};

std::vector<Challenge> shipped_challenges(const Box& box) {
    std::vector<Challenge> out;
    // Every lesson of the shipped course (lessons/course.toml), up to the first number that is none.
    for (int n = 1;; ++n) {
        const auto r = run_attn({"quiz", std::to_string(n), "--list", "--format", "json"}, box.env());
        if (n > 20 && r.exit_code != 0) break;
        REQUIRE(r.exit_code == 0);
        const json doc = json::parse(r.out);  // kept: a range over a temporary's member would dangle
        for (const json& q : doc["questions"])
            if (q["kind"] == "edit") out.push_back({n, q["id"].get<std::string>()});
    }
    return out;
}

}  // namespace

TEST_CASE("every shipped edit challenge fails on the shipped data and holds with its written overlay",
          "[edit][cli]") {
    Box box("shipped");
    const std::vector<Challenge> challenges = shipped_challenges(box);
    CHECK(challenges.size() >= 10);
    for (int n = 2; n <= 9; ++n) {
        INFO("lesson " << n);
        CHECK(std::any_of(challenges.begin(), challenges.end(),
                          [&](const Challenge& c) { return c.lesson == n; }));
    }
    for (const Challenge& c : challenges) {
        INFO("lesson " << c.lesson << " " << c.id);
        const std::string n = std::to_string(c.lesson);
        const auto before = run_attn({"quiz", n, "--question", c.id, "--check"}, box.env());
        CHECK(before.exit_code == 1);
        CHECK(before.out.find("not yet") != std::string::npos);
        const fs::path dir = box.root / ("solution-" + c.id);
        const auto write = run_attn({"solution", n, c.id, "--write", dir.string(), "--force"}, box.env());
        REQUIRE(write.exit_code == 0);
        const auto after =
            run_attn({"--data", dir.string(), "quiz", n, "--question", c.id, "--check"}, box.env());
        CHECK(after.exit_code == 0);
        CHECK(after.out.find("Goal reached") != std::string::npos);
    }
}

TEST_CASE("quiz --check --format json says how far off each goal is and records the attempt", "[edit][cli]") {
    Box box("json");
    const auto r =
        run_attn({"quiz", "7", "--question", "apple-to-phone", "--check", "--format", "json"}, box.env());
    REQUIRE(r.exit_code == 1);
    const json j = json::parse(r.out);
    CHECK(j["lesson"] == 7);
    CHECK(j["question"] == "apple-to-phone");
    CHECK(j["kind"] == "edit");
    CHECK(j["right"] == false);
    REQUIRE(j["goals"].size() == 1);
    const json& g = j["goals"][0];
    CHECK(g["holds"] == false);
    // apple -> apple 0.5650 and apple -> phone 0.1541 (attn run -s "I love my apple phone" --show weights).
    CHECK(g["gap"].get<double>() == Approx(0.5650 - 0.1541).margin(2e-4));
    CHECK(g["detail"].get<std::string>().find(
              "apple → phone 0.154, apple → apple 0.565: still 0.411 short") != std::string::npos);
    CHECK(j["message"].get<std::string>().rfind("Not yet: ", 0) == 0);
    std::ifstream progress(box.root / "state" / "attn" / "progress.json");
    const json saved = json::parse(progress);
    CHECK(saved.dump().find("apple-to-phone") != std::string::npos);
    // --answer is not how an edit challenge is answered, and --check is only for edit challenges.
    CHECK(run_attn({"quiz", "7", "--question", "apple-to-phone", "--answer", "1"}, box.env()).exit_code == 2);
    CHECK(run_attn({"quiz", "7", "--question", "row-sum", "--check"}, box.env()).exit_code == 2);
}

TEST_CASE("a similarity goal says how far off it is in words, not as the JSON path it reads", "[edit][cli]") {
    Box box("similarity");
    const auto r = run_attn({"quiz", "2", "--question", "apple-nearer-phone", "--check"}, box.env());
    REQUIRE(r.exit_code == 1);
    INFO(r.out);
    // cos(apple, phone) = cos(apple, banana) = 2 / sqrt(6) = 0.816 on the shipped data.
    CHECK(r.out.find("apple → phone 0.816, apple → banana 0.816: equal, not >") != std::string::npos);
    CHECK(r.out.find("matrix.values") == std::string::npos);
}

TEST_CASE("an edit challenge's solution is hidden until the lesson is done and never overwrites silently",
          "[edit][cli]") {
    Box box("gate");
    const fs::path dir = box.root / "mine";
    const auto hidden = run_attn({"solution", "7", "apple-to-phone", "--write", dir.string()}, box.env());
    CHECK(hidden.exit_code == 2);
    CHECK(hidden.err.find("not done yet") != std::string::npos);
    CHECK(!fs::exists(dir));
    // Lesson 7 done: the gate opens.
    fs::create_directories(box.root / "state" / "attn");
    std::ofstream(box.root / "state" / "attn" / "progress.json")
        << R"({"format": "attn-progress", "version": 1, "current": "softmax",
              "lessons": {"softmax": {"step": 0, "done": true}}})";
    REQUIRE(run_attn({"solution", "7", "apple-to-phone", "--write", dir.string()}, box.env()).exit_code == 0);
    std::ofstream(dir / "apple" / "vocab.toml") << "# mine\n";
    // Without --force a file there is never replaced, and nothing is written.
    const auto refused = run_attn({"solution", "7", "apple-to-phone", "--write", dir.string()}, box.env());
    CHECK(refused.exit_code == 2);
    CHECK(refused.err.find("--force") != std::string::npos);
    CHECK(file_text((dir / "apple" / "vocab.toml").string()) == "# mine\n");
    CHECK(run_attn({"solution", "7", "apple-to-phone", "--write", dir.string(), "--force"}, box.env())
              .exit_code == 0);
    CHECK(file_text((dir / "apple" / "vocab.toml").string()) != "# mine\n");
    CHECK(
        run_attn({"--data", dir.string(), "quiz", "7", "--question", "apple-to-phone", "--check"}, box.env())
            .exit_code == 0);
}

TEST_CASE("quiz --watch turns green when a data file changes, and q quits", "[edit][cli][pty]") {
    Box box("watch");
    fs::create_directories(box.root / "workspace" / "apple");
    std::vector<std::string> env = box.env();
    env.push_back("TERM=xterm");
    attn::test::PtySession pty({"quiz", "7", "--watch"}, env, 24, 80);
    REQUIRE(pty.wait_for("0 of 1 hold"));
    REQUIRE(pty.wait_for("not yet: apple"));
    const size_t from = pty.screen.size();
    // An editor's save: a new file renamed over the old one.
    const fs::path target = box.root / "workspace" / "apple" / "vocab.toml";
    fs::copy_file(kLessons + "/solutions/softmax/apple-to-phone/apple/vocab.toml", target.string() + ".new");
    fs::rename(target.string() + ".new", target);
    REQUIRE(pty.wait_for("1 of 1 hold", from));
    CHECK(pty.wait_for("holds: apple", from));
    pty.send("q");
    CHECK(pty.exit_code() == 0);
}

TEST_CASE("quiz --watch off a terminal checks once and ends at the end of its input", "[edit][cli]") {
    Box box("watch-pipe");
    fs::create_directories(box.root / "workspace");
    const auto r = run_attn({"quiz", "7", "--watch"}, box.env());  // stdin is /dev/null
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("0 of 1 hold") != std::string::npos);
    // Nothing to watch without a workspace or --data: a clear error.
    Box bare("watch-bare");
    const auto none = run_attn({"quiz", "7", "--watch"}, bare.env());
    CHECK(none.exit_code == 2);
    CHECK(none.err.find("workspace init") != std::string::npos);
}
