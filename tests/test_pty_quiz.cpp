// attn quiz and the lesson player's questions on a real terminal: asked, checked, explained, hints
// after wrong answers, and a hand calculation entered entry by entry with one wrong entry.
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "check_matrices.hpp"
#include "pty_session.hpp"
#include "run_binary.hpp"

using attn::test::PtySession;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const char* kLesson = R"(## Scores

Text of the first step.

```question
id = "top"
kind = "predict"
prompt = "Which key will 'apple' attend to most?"
answer = 'run -s "I ate the apple" | stages.weights[apple].argmax'
hints = ["Look at the row of apple."]
```

```question
id = "score"
kind = "numeric"
prompt = "What is the score of apple against ate?"
answer = 'run -s "I ate the apple" | stages.scores[apple][ate]'
```

## Weights

Text of the second step.

```question
id = "pick"
kind = "choice"
prompt = "Which key gets the smallest weight from apple?"
choices = ["I", "ate", "the", "apple"]
answer = 'run -s "I ate the apple" | stages.weights[apple].argmin'
```

```question
id = "cell"
kind = "cell"
prompt = "Fill in the weight of apple on ate."
answer = 'run -s "I ate the apple" | stages.weights[apple][ate]'
```

```question
id = "byhand"
kind = "hand"
prompt = "Compute the weight of apple on ate by hand."
command = 'run -s "I ate the apple"'
query = "apple"
key = "ate"
hints = ["Add up the products you gave."]
```
)";

struct QuizCourse {
    std::string root = (fs::temp_directory_path() / ("attn-pty-quiz-" + std::to_string(::getpid()))).string();
    QuizCourse() {
        fs::remove_all(root);
        fs::create_directories(root + "/lessons");
        std::ofstream(root + "/lessons/course.toml")
            << "title = \"t\"\n[[lesson]]\nslug = \"q\"\ntitle = \"Q\"\nfile = \"q.md\"\n";
        std::ofstream(root + "/lessons/q.md") << kLesson;
    }
    ~QuizCourse() { fs::remove_all(root); }
    std::vector<std::string> env() const {
        return {"ATTN_LESSONS_DIR=" + root + "/lessons", "XDG_STATE_HOME=" + root + "/state", "TERM=xterm",
                "NO_COLOR="};
    }
    json progress() const {
        std::ifstream in(root + "/state/attn/progress.json");
        return json::parse(in);
    }
};

// The hand calculation's entries, exactly, from attn run's own explanation.
std::vector<std::string> hand_entries() {
    const auto r =
        attn::test::run_attn({"run", "-s", "I ate the apple", "--explain", "apple,ate", "--format", "json"});
    REQUIRE(r.exit_code == 0);
    const json e = json::parse(r.out)["explain"][0];
    std::vector<std::string> v;
    for (const json& x : e["products"]) v.push_back(x.dump());
    for (const char* key : {"score", "scaled"}) v.push_back(e[key].dump());
    for (const json& x : e["row_exps"]) v.push_back(x.dump());
    for (const char* key : {"row_sum", "weight"}) v.push_back(e[key].dump());
    return v;
}

}  // namespace

TEST_CASE("a whole lesson's quiz on a terminal, with a hand calculation and one wrong entry", "[quiz][pty]") {
    QuizCourse course;
    const std::vector<std::string> entries = hand_entries();
    REQUIRE(entries.size() == 11);
    PtySession s({"quiz", "1"}, course.env());
    REQUIRE(s.wait_for("Quiz: lesson 1, Q (5 questions"));
    REQUIRE(s.wait_for("Your answer"));
    // A wrong prediction gets the hint and another try.
    REQUIRE(s.type("ate\r", "Not quite."));
    REQUIRE(s.wait_for("Hint: Look at the row of apple."));
    REQUIRE(s.type("Apple\r", "Right: apple."));
    REQUIRE(s.wait_for("[score] (numeric)"));
    REQUIRE(s.type("three\r",
                   "Cannot read the answer 'three' as a number"));  // unreadable: not counted, asked again
    REQUIRE(s.type("129/40\r", "Right: 3.2250."));
    REQUIRE(s.wait_for("[pick] (choice)"));
    REQUIRE(s.type("c\r", "Right: c) the."));
    REQUIRE(s.wait_for("[cell] (cell)"));
    REQUIRE(s.type("\r", "Skipped."));
    // The hand calculation shows its data, then asks entry by entry.
    REQUIRE(s.wait_for("q of 'apple' = [1.5, 0, 0]"));
    REQUIRE(s.wait_for("1. product 1 (q[0] * k[0]) = "));
    REQUIRE(s.type(entries[0] + "\r", "2. product 2"));
    REQUIRE(s.type(entries[1] + "\r", "3. product 3"));
    REQUIRE(s.type(entries[2] + "\r", "4. the score"));
    const size_t before = s.screen.size();
    REQUIRE(s.type("3.5\r", "Not right: from your values it should be 3.225 + 0 + 0 = 3.225."));
    REQUIRE(s.wait_for("Hint: Add up the products you gave.", before));
    REQUIRE(s.wait_for("4. the score", before));  // the same entry again
    REQUIRE(s.type(entries[3] + "\r", "5. the scaled score"));
    for (size_t k = 4; k + 1 < entries.size(); ++k)
        REQUIRE(s.type(entries[k] + "\r", std::to_string(k + 2) + ". "));
    REQUIRE(s.type(entries.back() + "\r", "Done: the weight is 0.446"));
    REQUIRE(s.wait_for("Lesson score: 60% (4 of 5 right, 6 attempts)"));
    CHECK(s.exit_code() == 0);
    CHECK(s.screen.find("Not right", before + 1) ==
          s.screen.find("Not right", before));  // only one wrong entry
    const json q = course.progress()["lessons"]["q"]["questions"];
    CHECK(q["top"] == json({{"attempts", 2}, {"right_at", 2}}));
    CHECK(q["score"] == json({{"attempts", 1}, {"right_at", 1}}));
    CHECK(q["byhand"] == json({{"attempts", 2}, {"right_at", 2}}));
    CHECK_FALSE(q.contains("cell"));
}

TEST_CASE("the quiz header wraps a long lesson title to the terminal's width", "[quiz][pty][width]") {
    QuizCourse course;
    std::ofstream(course.root + "/lessons/course.toml")
        << "title = \"t\"\n[[lesson]]\nslug = \"q\"\ntitle = \"Positions inside attention, and a title "
           "longer than sixty columns\"\nfile = \"q.md\"\n";
    PtySession s({"quiz", "1"}, course.env(), 24, 60);
    REQUIRE(s.wait_for("Your answer"));
    s.type("q\r", "");
    s.exit_code();
    const std::string header = s.screen.substr(0, s.screen.find("[top]"));
    std::istringstream lines(header);
    size_t count = 0;
    for (std::string line; std::getline(lines, line); ++count) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        INFO(line);
        CHECK(line.size() <= 60);
    }
    CHECK(count >= 3);  // the header took two lines, then a blank one
    CHECK(header.find("quits)") != std::string::npos);
}

TEST_CASE("the lesson player asks a prediction before the step and the other questions after it",
          "[quiz][pty]") {
    QuizCourse course;
    PtySession s({"lesson", "1"}, course.env());
    REQUIRE(s.wait_for("Before you read on, predict:"));
    CHECK(s.screen.find("Text of the first step.") == std::string::npos);
    REQUIRE(s.type("apple\r", "Right: apple."));
    REQUIRE(s.wait_for("Press Enter to go on."));
    REQUIRE(s.type("\r", "Text of the first step."));
    // The full-screen player asks a step's other questions when the learner leaves it forward.
    REQUIRE(s.type(" ", "Check yourself:"));
    REQUIRE(s.type("3.225\r", "Press Enter to go on."));
    REQUIRE(s.type("\r", "Text of the second step."));
    REQUIRE(s.type(" ", "[pick] (choice)"));
    REQUIRE(s.type("q\r", "Press Enter to go on."));
    REQUIRE(s.type("\r", "step 2 of 2"));  // q leaves the questions, the step stays
    REQUIRE(s.type("b", "Text of the first step."));  // back: questions answered right are not asked again
    CHECK(s.since(s.screen.rfind("Text of the first step.")).find("Check yourself") == std::string::npos);
    REQUIRE(s.type("q", "Progress saved"));
    CHECK(s.exit_code() == 0);
    CHECK(course.progress()["lessons"]["q"]["questions"]["score"]["right_at"] == 1);
}
