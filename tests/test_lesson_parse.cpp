// The lesson engine reads Markdown into steps and live commands, without a terminal.
#include <filesystem>
#include <fstream>

#include "check_matrices.hpp"
#include "course/catalog.hpp"
#include "course/lesson.hpp"
#include "course/navigator.hpp"
#include "inputs/input_error.hpp"

using attn::course::Block;
using attn::course::InputError;
using attn::course::parse_lesson_markdown;

TEST_CASE("## headings start steps - ```attn blocks become commands with their line", "[course][lesson]") {
    const std::string text =
        "# Title\n\nIntro.\n\n## First\n\nSome *prose*.\n\n```attn\nrun -s \"I ate the "
        "apple\"\n```\n\nAfter.\n\n"
        "## Second\n\n```sh\n## not a heading inside code\nattn run\n```\n";
    const auto steps = parse_lesson_markdown(text, "t.md");
    REQUIRE(steps.size() == 3);
    CHECK(steps[0].title.empty());
    REQUIRE(steps[0].blocks.size() == 1);
    CHECK(steps[0].blocks[0].text == "# Title\n\nIntro.");
    CHECK(steps[1].title == "First");
    CHECK(steps[1].line == 5);
    REQUIRE(steps[1].blocks.size() == 3);
    CHECK(steps[1].blocks[0].kind == Block::Kind::prose);
    CHECK(steps[1].blocks[1].kind == Block::Kind::command);
    CHECK(steps[1].blocks[1].text == "run -s \"I ate the apple\"");
    CHECK(steps[1].blocks[1].line == 10);
    CHECK(steps[1].blocks[2].text == "After.");
    CHECK(steps[2].title == "Second");
    REQUIRE(steps[2].blocks.size() == 1);
    CHECK(steps[2].blocks[0].text.find("## not a heading inside code") != std::string::npos);
}

TEST_CASE("a lesson with no intro starts at its first heading", "[course][lesson]") {
    const auto steps = parse_lesson_markdown("## Only\n\nText.\n", "t.md");
    REQUIRE(steps.size() == 1);
    CHECK(steps[0].title == "Only");
}

TEST_CASE("bad lesson files are reported with file and line", "[course][lesson][errors]") {
    REQUIRE_THROWS_WITH(parse_lesson_markdown("## A\n\ntext\n\n```attn\n```\n", "bad.md"),
                        Catch::StartsWith("bad.md:5:") && Catch::Contains("empty"));
    REQUIRE_THROWS_WITH(parse_lesson_markdown("## A\n\n```attn\nrun\nrun\n```\n", "bad.md"),
                        Catch::StartsWith("bad.md:3:") && Catch::Contains("one command"));
    REQUIRE_THROWS_WITH(parse_lesson_markdown("", "empty.md"),
                        Catch::Contains("empty.md") && Catch::Contains("empty"));
}

namespace {
std::string write_temp(const std::string& dir, const std::string& name, const std::string& text) {
    std::filesystem::create_directories(dir);
    const std::string path = dir + "/" + name;
    std::ofstream(path) << text;
    return path;
}
}  // namespace

TEST_CASE("the manifest lists lessons in order - a bad one names its line", "[course][catalog]") {
    const std::string dir =
        std::filesystem::temp_directory_path().string() + "/attn-catalog-test-" + std::to_string(::getpid());
    write_temp(dir, "course.toml",
               "title = \"T\"\n[[lesson]]\nslug = \"a\"\ntitle = \"A\"\nfile = \"a.md\"\n[[lesson]]\nslug = "
               "\"b\"\ntitle = \"B\"\nfile = \"b.md\"\n");
    const attn::course::Catalog c = attn::course::load_catalog(dir);
    REQUIRE(c.lessons.size() == 2);
    CHECK(c.lessons[1].number == 2);
    CHECK(attn::course::find_lesson(c, "b") == 1);
    CHECK(attn::course::find_lesson(c, "1") == 0);
    REQUIRE_THROWS_WITH(attn::course::find_lesson(c, "3"), Catch::Contains("1 to 2"));
    write_temp(dir, "course.toml", "title = \"T\"\n[[lesson]]\nslug = \"a\"\ntitle = \"A\"\n");
    REQUIRE_THROWS_WITH(attn::course::load_catalog(dir),
                        Catch::Contains("course.toml") && Catch::Contains("'file'"));
    write_temp(dir, "course.toml", "title = \"T\n");
    REQUIRE_THROWS_WITH(attn::course::load_catalog(dir), Catch::Contains("course.toml:1"));
    std::filesystem::remove_all(dir);
}

TEST_CASE("the current lesson is the saved one, else the first not done", "[course][navigator]") {
    attn::course::Catalog c;
    for (const char* slug : {"a", "b", "c"}) c.lessons.push_back({c.lessons.size() + 1, slug, slug, ""});
    attn::course::Progress p;
    CHECK(attn::course::current_lesson(c, p) == 0);
    p.lessons["a"].done = true;
    CHECK(attn::course::current_lesson(c, p) == 1);
    p.current = "c";
    CHECK(attn::course::current_lesson(c, p) == 2);
    p.current = "gone";  // a lesson removed from the manifest
    CHECK(attn::course::current_lesson(c, p) == 1);
    p.lessons["b"].step = 7;
    CHECK(attn::course::resume_step(p, "b", 3) == 2);
    // A finished lesson left at its last step reopens at its start; left earlier, where it was left.
    p.lessons["a"].step = 2;
    CHECK(attn::course::resume_step(p, "a", 3) == 0);
    p.lessons["a"].step = 1;
    CHECK(attn::course::resume_step(p, "a", 3) == 1);
    CHECK(attn::course::describe_status(c, p).headline.find("Lesson 2 of 3") == 0);
    c.lessons[1].title = "Why attention?";
    CHECK(attn::course::describe_status(c, p).headline.find(
              "Lesson 2 of 3: Why attention? (at step 8). 1 of 3 lessons done.") == 0);
    p.lessons["b"].step = 0;
    CHECK(attn::course::describe_status(c, p).headline ==
          "Lesson 2 of 3: Why attention? 1 of 3 lessons done.");
}
