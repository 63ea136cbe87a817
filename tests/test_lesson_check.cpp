// The try-it commands of a lesson (attn check runs them): found in shell blocks only, with their lines,
// without the prompt, the shell's pipes and redirections, and joined across backslash continuations.
#include "check_matrices.hpp"
#include "course/lesson.hpp"
#include "course/lesson_check.hpp"

using attn::course::TryCommand;

TEST_CASE("try-it commands come from sh, bash, shell and console blocks, with their lines", "[check]") {
    const std::string text =
        "## Try it\n"                                       // 1
        "\n"                                                // 2
        "Run these:\n"                                      // 3
        "\n"                                                // 4
        "```sh\n"                                           // 5
        "attn run -s \"I ate the apple\" --show weights\n"  // 6
        "$ attn softmax --logits 1,2 | head -3\n"           // 7
        "echo not attn\n"                                   // 8
        "attn run -s \"a | b\" --format csv > out.csv\n"    // 9
        "attn seq2seq --score general \\\n"                 // 10
        "    --explain noir   # the step for noir\n"        // 11
        "```\n"                                             // 12
        "\n"                                                // 13
        "```text\n"                                         // 14
        "attn run --not-a-try-it\n"                         // 15
        "```\n"                                             // 16
        "\n"                                                // 17
        "~~~console\n"                                      // 18
        "attn vocab\n"                                      // 19
        "~~~\n";                                            // 20
    attn::course::Lesson lesson;
    lesson.path = "t.md";
    lesson.steps = attn::course::parse_lesson_markdown(text, "t.md");
    const std::vector<TryCommand> found = attn::course::try_it_commands(lesson);
    REQUIRE(found.size() == 5);
    CHECK(found[0].command == "run -s \"I ate the apple\" --show weights");
    CHECK(found[0].line == 6);
    CHECK(found[1].command == "softmax --logits 1,2");
    CHECK(found[1].line == 7);
    CHECK(found[2].command == "run -s \"a | b\" --format csv");
    CHECK(found[2].line == 9);
    CHECK(found[3].command == "seq2seq --score general  --explain noir");
    CHECK(found[3].line == 10);
    CHECK(found[4].command == "vocab");
    CHECK(found[4].line == 19);
}
