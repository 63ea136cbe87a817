// attn quiz and the lesson player's questions on a real terminal: asked, checked, explained, hints
// after wrong answers, and a hand calculation entered entry by entry with one wrong entry.
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "build_paths.hpp"
#include "check_matrices.hpp"
#include "export_support.hpp"
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

// The row of the rule under the pinned lines (the first line of 40 dashes below the top), or -1.
int pinned_rule_row(const attn::test::ScreenEmulator& term) {
    for (int r = 1; r < term.rows(); ++r)
        if (term.row(r).rfind(std::string(40, '-'), 0) == 0) return r;
    return -1;
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
    REQUIRE(s.type("q\r", "Progress saved at step 2 of 2"));  // q quits the lesson, as the prompt says
    CHECK(s.exit_code() == 0);
    CHECK(course.progress()["lessons"]["quizzed"]["questions"]["score"]["right_at"] == 1);
    // Reopened: questions answered right are not asked again.
    PtySession again({"lesson", "1", "--step", "1"}, course.env());
    REQUIRE(again.wait_for("Text of the first step."));
    REQUIRE(again.type(" ", "step 2 of 2"));
    CHECK(again.since(again.screen.rfind("Text of the first step.")).find("Check yourself") ==
          std::string::npos);
    again.send("q");
    CHECK(again.exit_code() == 0);
}

TEST_CASE("the reveal says the answer once, shows the worked hint and a command that shows the value",
          "[quiz][pty]") {
    QuizCourse course;
    PtySession s({"quiz", "1"}, course.env(), 40, 100);
    REQUIRE(s.wait_for("Your answer (Enter alone skips, q quits, ? keys): "));
    REQUIRE(s.type("?\r", "Enter alone skips this question."));
    REQUIRE(s.type("\r", "[score] (numeric)"));  // Enter alone skips
    REQUIRE(s.type("1\r", "Hint: q times k."));
    REQUIRE(s.type("1\r", "Hint: Only the topic dimension counts."));
    const size_t from = s.screen.size();
    REQUIRE(s.type("1\r", "[pick] (choice)"));
    const std::string reveal = s.since(from);
    CHECK(reveal.find("The answer is 3.2250.") != std::string::npos);
    CHECK(reveal.find("The answer is", reveal.find("The answer is") + 1) == std::string::npos);
    CHECK(reveal.find("Worked: 1.5 * 2.15") != std::string::npos);
    CHECK(reveal.find("| stages") == std::string::npos);  // never the live-value syntax
    // The command, its " \\" continuations joined, is a command line attn runs to show the value.
    std::string command = reveal.substr(reveal.find("$ attn "));
    command =
        std::regex_replace(command.substr(0, command.find("\r\n\r\n")), std::regex("\x1b\\[[0-9;]*m"), "");
    for (size_t at; (at = command.find(" \\\r\n")) != std::string::npos;)
        command.erase(at, command.find_first_not_of(' ', at + 4) - at - 1);
    INFO(command);
    CHECK(command.find("run -s \"I ate the apple\" --show scores") != std::string::npos);
    const attn::test::ProcessResult shown =
        attn::test::run_attn({"run", "-s", "I ate the apple", "--show", "scores"}, course.env());
    CHECK(shown.out.find("3.2250") != std::string::npos);
    REQUIRE(s.type("\r", "[cell] (cell)"));
    REQUIRE(s.type("\r", "[byhand] (hand)"));
    REQUIRE(s.wait_for("1. product 1"));
    REQUIRE(s.type("\r", "Skipped."));  // Enter alone skips a hand calculation too
    CHECK(s.exit_code() == 0);
}

TEST_CASE("at a question in the player the lesson header and the block stay on an 80x24 screen",
          "[quiz][pty]") {
    QuizCourse course;
    PtySession s({"lesson", "1"}, course.env(), 24, 80);
    REQUIRE(s.type("apple\r", "Press Enter to go on."));
    REQUIRE(s.type("\r", "Text of the first step."));
    REQUIRE(s.type(" ", "Your answer"));
    // Wrong answers and hints scroll under the pinned lines, which stay.
    for (int k = 0; k < 2; ++k) REQUIRE(s.type("1\r", "Hint:"));
    s.settle();
    CHECK(s.term.row(0).find("Lesson 1 of") == 0);
    bool block = false;
    for (int r = 1; r < 12; ++r) block = block || s.term.row(r).rfind("apple", 0) == 0;
    INFO(s.term.text());
    CHECK(block);
    CHECK(s.term.text().find("Hint: Only the topic dimension counts.") != std::string::npos);
}

TEST_CASE(
    "a choice question whose live answer is not among its choices is shown as broken, and the "
    "player goes on",
    "[quiz][pty]") {
    QuizCourse course;
    std::ofstream(course.root + "/lessons/q.md")
        << "## One\n\nFirst text.\n\n```question\nid = \"bad\"\nkind = \"choice\"\nprompt = \"Which key?\"\n"
           "choices = [\"I\", \"the\"]\nanswer = 'run -s \"I ate the apple\" | "
           "stages.weights[apple].argmax'\n"
           "```\n\n## Two\n\nSecond text.\n";
    PtySession s({"lesson", "1"}, course.env(), 24, 80);
    REQUIRE(s.wait_for("First text."));
    REQUIRE(s.type(" ", "This question is broken and is skipped"));
    REQUIRE(s.type("\r", "Second text."));
    s.send("q");
    CHECK(s.exit_code() == 0);
}

TEST_CASE("a hand calculation's givens stay on a 24-row screen after six entries", "[quiz][pty]") {
    QuizCourse course;
    const std::vector<std::string> entries = hand_entries(course);
    PtySession s({"lesson", "1", "--step", "2"}, course.env(), 24, 80);
    REQUIRE(s.wait_for("Text of the second step."));
    REQUIRE(s.type(" ", "[pick] (choice)"));
    REQUIRE(s.type("\r", "[cell] (cell)"));
    REQUIRE(s.type("\r", "1. product 1"));
    for (size_t k = 0; k < 6; ++k) REQUIRE(s.type(entries[k] + "\r", std::to_string(k + 2) + ". "));
    s.settle();
    INFO(s.term.text());
    bool pinned = false;  // in the top rows, above everything typed
    for (int r = 0; r < 8; ++r) pinned = pinned || s.term.row(r).find("q of 'apple' = [1.5, 0, 0]") == 0;
    CHECK(pinned);
    CHECK(s.term.text().find("d_k = 3") != std::string::npos);
    CHECK(s.term.text().find("7. ") != std::string::npos);
}

TEST_CASE("a hand calculation that opens its round keeps its prompt pinned with its givens at 24 rows",
          "[quiz][pty]") {
    QuizCourse course;
    const std::vector<std::string> entries = hand_entries(course);
    std::ofstream(course.root + "/lessons/q.md")
        << "## One\n\nFirst text.\n\n```question\nid = \"byhand\"\nkind = \"hand\"\nprompt = \"Compute the "
           "weight of apple on ate by hand.\"\ncommand = 'run -s \"I ate the apple\"'\nquery = \"apple\"\n"
           "key = \"ate\"\n```\n\n## Two\n\nSecond text.\n";
    PtySession s({"lesson", "1"}, course.env(), 24, 80);
    REQUIRE(s.wait_for("First text."));
    REQUIRE(s.type(" ", "1. product 1"));
    for (size_t k = 0; k < 6; ++k) REQUIRE(s.type(entries[k] + "\r", std::to_string(k + 2) + ". "));
    s.settle();
    INFO(s.term.text());
    // The entries have scrolled the question's own text away; its prompt stays above the rule.
    const int rule = pinned_rule_row(s.term);
    REQUIRE(rule > 0);
    bool prompt = false, givens = false;
    for (int r = 0; r < rule; ++r) {
        prompt = prompt || s.term.row(r).rfind("[byhand] (hand) Compute the weight", 0) == 0;
        givens = givens || s.term.row(r).rfind("q of 'apple' = [1.5, 0, 0]", 0) == 0;
    }
    CHECK(prompt);
    CHECK(givens);
}

TEST_CASE("a hand calculation's hint written for a kind of entry is the one a wrong entry of that kind gets",
          "[quiz][pty]") {
    QuizCourse course;
    const std::vector<std::string> entries = hand_entries(course);
    std::ofstream(course.root + "/lessons/q.md")
        << "## One\n\nText.\n\n```question\nid = \"byhand\"\nkind = \"hand\"\nprompt = \"By hand.\"\n"
           "command = 'run -s \"I ate the apple\"'\nquery = \"apple\"\nkey = \"ate\"\n"
           "hints = [\"A general nudge.\", \"row_sum: The row sum adds every exp of the row.\", "
           "\"score: The score adds the products.\"]\n```\n";
    PtySession s({"quiz", "1"}, course.env(), 40, 100);
    REQUIRE(s.wait_for("1. product 1"));
    for (size_t k = 0; k < 3; ++k) REQUIRE(s.type(entries[k] + "\r", std::to_string(k + 2) + ". "));
    REQUIRE(s.type("9\r", "Hint: The score adds the products."));
    for (size_t k = 3; k < 9; ++k) REQUIRE(s.type(entries[k] + "\r", std::to_string(k + 2) + ". "));
    REQUIRE(s.type("9\r", "Hint: The row sum adds every exp of the row."));
    s.send("q\r");
    CHECK(s.exit_code() == 0);
}

TEST_CASE("a cell question about a --show-code block pins the matrix it reads, not the NumPy lines",
          "[quiz][pty]") {
    attn::test::TempDir dir;
    const std::vector<std::string> env = {"ATTN_LESSONS_DIR=" + std::string(ATTN_SOURCE_DIR) + "/lessons",
                                          "ATTN_DATA_DIR=" + std::string(ATTN_SOURCE_DIR) + "/data",
                                          "XDG_STATE_HOME=" + dir / "state", "TERM=xterm", "NO_COLOR="};
    // Lesson 3 step 2 runs `run --show q,k --show-code`; its question asks for a cell of q.
    PtySession s({"lesson", "3", "--step", "2"}, env, 24, 80);
    REQUIRE(s.wait_for("Three projections"));
    // Space pages on until the question shows; each press waits for the screen to change (the footer's
    // line numbers, or the question), never for a timeout.
    const std::string marker = "[apple-query] (cell)";
    bool asked = false;
    for (int k = 0; k < 6 && !asked; ++k) {
        const std::string footer_before = s.term.row(23);
        REQUIRE(s.key(" ", [&](const attn::test::ScreenEmulator& t) {
            return t.text().find(marker) != std::string::npos || t.row(23) != footer_before;
        }));
        s.settle();
        asked = s.term.text().find(marker) != std::string::npos;
    }
    REQUIRE(asked);
    INFO(s.term.text());
    int title = -1;
    for (int r = 0; r < 12 && title < 0; ++r)
        if (s.term.row(r).rfind("q (4 × 3)", 0) == 0) title = r;
    REQUIRE(title > 0);
    CHECK(s.term.row(title + 5).rfind("apple  1.5000", 0) == 0);
    CHECK(s.term.text().find("import numpy") == std::string::npos);
}

TEST_CASE("a pinned block taller than its room is cut between two matrices, not inside one", "[quiz][pty]") {
    QuizCourse course;
    std::ofstream(course.root + "/lessons/q.md")
        << "## One\n\nFirst text.\n\n```attn\nsoftmax --logits 0,0,0,0 --labels I,ate,the,apple "
           "--show weights\n```\n\n```question\nid = \"even\"\nkind = \"numeric\"\nprompt = \"Each "
           "weight?\"\nanswer = 'softmax --logits 0,0,0,0 --labels I,ate,the,apple | stable.weights[0]'\n"
           "```\n\n## Two\n\nSecond text.\n";
    PtySession s({"lesson", "1"}, course.env(), 24, 80);
    REQUIRE(s.wait_for("First text."));
    REQUIRE(s.type(" ", "Your answer"));
    s.settle();
    INFO(s.term.text());
    // The logits matrix fits in the top half of the window, the weights matrix after it does not: the
    // pinned lines end on the logits' row, not on the weights' title or column labels.
    const int rule = pinned_rule_row(s.term);
    REQUIRE(rule > 1);
    CHECK(s.term.row(rule - 1).rfind("z    0.0000", 0) == 0);
    for (int r = 0; r < rule; ++r) CHECK(s.term.row(r).find("softmax(z)") == std::string::npos);
}

TEST_CASE(
    "the farewell after a step's questions does not overwrite the lesson header they left on the screen",
    "[quiz][pty]") {
    QuizCourse course;
    std::ofstream(course.root + "/lessons/q.md")
        << "## One\n\nFirst text.\n\n```question\nid = \"three\"\nkind = \"numeric\"\nprompt = \"Three equal "
           "scores: each weight?\"\nanswer = 'softmax --logits 0,0,0 | stable.weights[0]'\n```\n\n## "
           "Two\n\nSecond text.\n";
    PtySession s({"lesson", "1"}, course.env(), 24, 80);
    REQUIRE(s.wait_for("First text."));
    REQUIRE(s.type(" ", "Your answer"));
    REQUIRE(s.type("1/3\r", "Press Enter to go on."));
    REQUIRE(s.type("\r", "Second text."));
    REQUIRE(s.type(" ", "Lesson 1 done."));
    CHECK(s.exit_code() == 0);
    s.settle();
    INFO(s.term.text());
    // Leaving the full-screen view shows the questions' screen again; the farewell comes under the last
    // answer, not over the pinned header at the top.
    CHECK(s.term.row(0).rfind("Lesson 1 of", 0) == 0);
    const std::string text = s.term.text();
    CHECK(text.find("Lesson 1 done.") > text.find("Press Enter to go on."));
}

TEST_CASE("a pinned block cut short does not end on the heading of a matrix that did not fit",
          "[quiz][pty]") {
    QuizCourse course;
    std::ofstream(course.root + "/lessons/q.md")
        << "## One\n\nFirst text.\n\n```attn\nsoftmax --logits=-0.1732,1.8620,-0.8660,1.9053 --labels "
           "I,ate,the,apple --temperature 0.25,1,4 --show temperature\n```\n\n```question\nid = \"cold\"\n"
           "kind = \"numeric\"\nprompt = \"At T = 0.25, the weight of apple?\"\nanswer = 'softmax "
           "--logits=-0.1732,1.8620,-0.8660,1.9053 --labels I,ate,the,apple --temperature 0.25,1,4 | "
           "temperatures[0].weights[apple]'\n```\n\n## Two\n\nSecond text.\n";
    PtySession s({"lesson", "1"}, course.env(), 24, 80);
    REQUIRE(s.wait_for("First text."));
    REQUIRE(s.type(" ", "Your answer"));
    s.settle();
    INFO(s.term.text());
    // The logits fit in the top half; the "3. temperature" heading after them has its matrix cut off, so
    // it goes too, and the pinned lines end on the logits' row.
    const int rule = pinned_rule_row(s.term);
    REQUIRE(rule > 1);
    CHECK(s.term.row(rule - 1).rfind("z    -0.1732", 0) == 0);
    for (int r = 0; r < rule; ++r) CHECK(s.term.row(r).find("temperature") == std::string::npos);
}
