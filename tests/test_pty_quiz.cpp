// attn quiz and the lesson player's questions on a real terminal: asked, checked, explained, hints
// after wrong answers, and a hand calculation entered entry by entry with one wrong entry.
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "check_matrices.hpp"
#include "pty_session.hpp"
#include "quiz_course.hpp"
#include "run_binary.hpp"

using attn::test::PtySession;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// The shared quiz course, on a terminal.
struct QuizCourse : attn::test::QuizCourse {
    QuizCourse() : attn::test::QuizCourse("pty-quiz") {}
    std::vector<std::string> env() const {
        std::vector<std::string> e = attn::test::QuizCourse::env();
        e.insert(e.end(), {"TERM=xterm", "NO_COLOR="});
        return e;
    }
};

// The hand calculation's entries as the learner types them.
std::vector<std::string> hand_entries(const QuizCourse& course) {
    std::vector<std::string> typed;
    for (const double v : attn::test::hand_entries(course.explain())) typed.push_back(json(v).dump());
    return typed;
}

}  // namespace

TEST_CASE("a whole lesson's quiz on a terminal, with a hand calculation and one wrong entry", "[quiz][pty]") {
    QuizCourse course;
    const std::vector<std::string> entries = hand_entries(course);
    REQUIRE(entries.size() == 11);
    PtySession s({"quiz", "1"}, course.env());
    REQUIRE(s.wait_for("Quiz: lesson 1, Quizzed (5 questions"));
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
    const json q = course.progress()["lessons"]["quizzed"]["questions"];
    CHECK(q["top"] == json({{"attempts", 2}, {"right_at", 2}}));
    CHECK(q["score"] == json({{"attempts", 1}, {"right_at", 1}}));
    CHECK(q["byhand"] == json({{"attempts", 2}, {"right_at", 2}}));
    CHECK_FALSE(q.contains("cell"));
}

TEST_CASE("the quiz header wraps a long lesson title to the terminal's width", "[quiz][pty][width]") {
    QuizCourse course;
    std::ofstream(course.root + "/lessons/course.toml")
        << "title = \"t\"\n[[lesson]]\nslug = \"quizzed\"\ntitle = \"Positions inside attention, and a title "
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
    REQUIRE(s.type("\r", "step 2 of 2"));             // q leaves the questions, the step stays
    REQUIRE(s.type("b", "Text of the first step."));  // back: questions answered right are not asked again
    CHECK(s.since(s.screen.rfind("Text of the first step.")).find("Check yourself") == std::string::npos);
    REQUIRE(s.type("q", "Progress saved"));
    CHECK(s.exit_code() == 0);
    CHECK(course.progress()["lessons"]["quizzed"]["questions"]["score"]["right_at"] == 1);
}
