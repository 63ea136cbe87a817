// ```question blocks in lesson Markdown: parsed next to their step, errors with file and line.
#include "check_matrices.hpp"
#include "course/edit_goal.hpp"
#include "course/lesson.hpp"
#include "inputs/input_error.hpp"

using namespace attn::course;

namespace {

std::string error_of(const std::string& markdown) {
    try {
        parse_lesson_markdown(markdown, "q.md");
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

const std::string kLesson =
    "## Scores\n\nText.\n\n"
    "```question\n"
    "id = \"top\"\n"
    "kind = \"predict\"\n"
    "prompt = \"Which key will 'apple' attend to most?\"\n"
    "answer = 'run -s \"I ate the apple\" | stages.weights[apple].argmax'\n"
    "hints = [\"Look at the scores row.\", \"The largest score wins.\"]\n"
    "```\n\n"
    "## By hand\n\n"
    "```question\n"
    "id = \"hand\"\n"
    "kind = \"hand\"\n"
    "prompt = \"Compute it.\"\n"
    "command = 'run -s \"I ate the apple\"'\n"
    "query = \"apple\"\nkey = \"ate\"\nhead = 0\ntolerance = 0.01\n"
    "```\n\n"
    "```question\n"
    "id = \"pick\"\nkind = \"choice\"\nprompt = \"Which?\"\nchoices = [\"ate\", \"the\"]\n"
    "answer = 'run -s \"I ate the apple\" | stages.weights[apple].argmax'\n"
    "```\n";

}  // namespace

TEST_CASE("questions belong to the step they are written in", "[quiz][lesson]") {
    Lesson lesson;
    lesson.title = "t";
    lesson.steps = parse_lesson_markdown(kLesson, "q.md");
    REQUIRE(lesson.steps.size() == 2);
    REQUIRE(lesson.steps[0].questions.size() == 1);
    const Question& top = lesson.steps[0].questions[0];
    CHECK(top.id == "top");
    CHECK(top.kind == QuestionKind::predict);
    CHECK(top.answer == "run -s \"I ate the apple\" | stages.weights[apple].argmax");
    CHECK(top.hints.size() == 2);
    CHECK(top.tolerance == 0.005);
    CHECK(top.line == 5);
    CHECK(top.path == "q.md");
    REQUIRE(lesson.steps[1].questions.size() == 2);
    const Question& hand = lesson.steps[1].questions[0];
    CHECK(hand.kind == QuestionKind::hand);
    CHECK(hand.command == "run -s \"I ate the apple\"");
    CHECK(hand.query == "apple");
    CHECK(hand.key == "ate");
    CHECK(hand.tolerance == 0.01);
    CHECK(lesson.steps[1].questions[1].choices == std::vector<std::string>{"ate", "the"});
    // Question blocks are not prose: the step's text does not show their TOML.
    for (const Block& b : lesson.steps[0].blocks) CHECK(b.text.find("kind =") == std::string::npos);
    CHECK(lesson_questions(lesson).size() == 3);
    CHECK(find_question(lesson, "pick").kind == QuestionKind::choice);
    CHECK_THROWS_WITH(find_question(lesson, "nope"), Catch::Contains("top, hand, pick"));
}

TEST_CASE("a malformed question names its file and line", "[quiz][lesson][errors]") {
    auto block = [](const std::string& toml) { return "## A\n\ntext\n\n```question\n" + toml + "```\n"; };
    CHECK_THAT(error_of(block("id = \"a\"\nkind = \"numeric\"\nprompt = \"p\"\nanswer = \"x\"\n")),
               Catch::StartsWith("q.md:9:") && Catch::Contains("COMMAND | PATH"));
    CHECK_THAT(error_of(block("id = \"a\"\nkind = \"essay\"\nprompt = \"p\"\n")),
               Catch::StartsWith("q.md:7:") && Catch::Contains("essay"));
    CHECK_THAT(error_of(block("id = \"a\"\nkind = \"numeric\"\n")),
               Catch::StartsWith("q.md:5:") && Catch::Contains("'prompt'"));
    CHECK_THAT(
        error_of(block("id = \"a\"\nkind = \"numeric\"\nprompt = \"p\"\nanswer = 'run | x'\ncolour = 1\n")),
        Catch::StartsWith("q.md:10:") && Catch::Contains("unknown key 'colour'"));
    CHECK_THAT(error_of(block("id = \"a\"\nkind = \"numeric\nprompt = 1\n")),
               Catch::StartsWith("q.md:7:") && Catch::Contains("TOML"));
    CHECK_THAT(error_of(block("id = \"a b\"\nkind = \"numeric\"\nprompt = \"p\"\nanswer = 'run | x'\n")),
               Catch::StartsWith("q.md:6:") && Catch::Contains("letters, digits"));
    CHECK_THAT(error_of(block("id = \"a\"\nkind = \"choice\"\nprompt = \"p\"\nanswer = 'run | x'\n")),
               Catch::StartsWith("q.md:5:") && Catch::Contains("choices"));
    CHECK_THAT(error_of(block(
                   "id = \"a\"\nkind = \"hand\"\nprompt = \"p\"\ncommand = \"run\"\nquery = \"apple\"\n")),
               Catch::Contains("'key'"));
    CHECK_THAT(error_of(block(
                   "id = \"a\"\nkind = \"numeric\"\nprompt = \"p\"\nanswer = 'run | x'\ntolerance = -1\n")),
               Catch::StartsWith("q.md:10:") && Catch::Contains("tolerance"));
    CHECK_THAT(error_of(block("id = \"a\"\nkind = \"numeric\"\nprompt = \"p\"\nanswer = 'run | x'\nhints = "
                              "[\"1\", \"2\", \"3\", \"4\"]\n")),
               Catch::Contains("at most three hints"));
    CHECK_THAT(error_of(block("")), Catch::StartsWith("q.md:5:") && Catch::Contains("empty"));
    const std::string twice =
        block("id = \"a\"\nkind = \"numeric\"\nprompt = \"p\"\nanswer = 'run | x'\n") +
        "\n```question\nid = \"a\"\nkind = \"numeric\"\nprompt = \"p\"\nanswer = 'run | x'\n```\n";
    CHECK_THAT(error_of(twice), Catch::StartsWith("q.md:12:") && Catch::Contains("already used at line 5"));
}

TEST_CASE("an edit question reads its goals, and a malformed goal names its line", "[question][edit]") {
    const Question q = parse_question(
        "id = \"e\"\nkind = \"edit\"\nprompt = \"Make it so.\"\n"
        "goal = ['run -s \"I ate the apple\" | stages.weights[apple].argmax == ate',\n"
        "        'run -s \"I ate the apple\" | |stages.output[I] - stages.output[ate]| <= 0.001']\n",
        "q.md", 4);
    CHECK(q.kind == QuestionKind::edit);
    REQUIRE(q.goals.size() == 2);
    const EditGoal distance = parse_edit_goal(q.goals[1]);
    CHECK(distance.command == "run -s \"I ate the apple\"");
    CHECK(distance.left == "|stages.output[I] - stages.output[ate]|");
    CHECK(distance.op == "<=");
    CHECK(distance.right == "0.001");
    CHECK_THROWS_WITH(
        parse_question("id = \"e\"\nkind = \"edit\"\nprompt = \"p\"\ngoal = 'run | stages.x'\n", "q.md", 4),
        Catch::StartsWith("q.md:8:") && Catch::Contains("no comparison"));
    CHECK_THROWS_WITH(parse_question("id = \"e\"\nkind = \"edit\"\nprompt = \"p\"\n", "q.md", 4),
                      Catch::StartsWith("q.md:4:") && Catch::Contains("needs goal"));
    CHECK_THROWS_WITH(
        parse_question(
            "id = \"e\"\nkind = \"edit\"\nprompt = \"p\"\ngoal = 'run | d_k == 3'\nanswer = 'run | d_k'\n",
            "q.md", 4),
        Catch::Contains("not for an edit question"));
    CHECK_THROWS_WITH(parse_edit_goal("run | |stages.x[0]-stages.x[1]| < 1"),
                      Catch::Contains("spaces around"));
}
