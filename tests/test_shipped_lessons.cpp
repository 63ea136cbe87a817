// Every lesson in lessons/course.toml renders without a terminal, and every command in its
// "Try it yourself" step runs and exits 0.
#include <CLI/CLI.hpp>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "build_paths.hpp"
#include "check_matrices.hpp"
#include "course/catalog.hpp"
#include "course/lesson_check.hpp"
#include "run_binary.hpp"

namespace fs = std::filesystem;

namespace {

const std::string kLessons = std::string(ATTN_SOURCE_DIR) + "/lessons";

std::vector<std::string> env() {
    static const std::string state =
        (fs::temp_directory_path() / ("attn-shipped-" + std::to_string(::getpid()))).string();
    return {"ATTN_LESSONS_DIR=" + kLessons, "XDG_STATE_HOME=" + state, "COLUMNS=80"};
}

}  // namespace

TEST_CASE("every shipped lesson renders and every try-it command works", "[lessons][shipped][slow]") {
    const attn::course::Catalog catalog = attn::course::load_catalog(kLessons);
    REQUIRE(catalog.lessons.size() >= 9);
    for (const attn::course::LessonEntry& entry : catalog.lessons) {
        INFO("lesson " << entry.number << " " << entry.slug);
        const attn::course::Lesson lesson = attn::course::load_lesson(entry);
        REQUIRE(lesson.steps.size() >= 2);
        const auto shown = attn::test::run_attn({"--no-input", "lesson", entry.slug}, env());
        INFO(shown.err);
        REQUIRE(shown.exit_code == 0);
        REQUIRE(shown.err.empty());
        CHECK(shown.out.find("step " + std::to_string(lesson.steps.size()) + " of " +
                             std::to_string(lesson.steps.size())) != std::string::npos);
        const attn::course::Step& last = lesson.steps.back();
        REQUIRE(last.title == "Try it yourself");
        attn::course::Lesson last_only = lesson;
        last_only.steps = {last};
        const std::vector<attn::course::TryCommand> commands = attn::course::try_it_commands(last_only);
        REQUIRE(!commands.empty());
        for (const attn::course::TryCommand& t : commands) {
            const std::string& command = t.command;
            INFO("attn " << command);
            std::vector<std::string> args = CLI::detail::split_up(command);
            const auto r = attn::test::run_attn(args, env());
            INFO(r.err);
            CHECK(r.exit_code == 0);
            CHECK(!r.out.empty());
        }
    }
}

TEST_CASE("lessons render in ASCII with no Unicode left", "[lessons][shipped][ascii]") {
    const attn::course::Catalog catalog = attn::course::load_catalog(kLessons);
    for (const attn::course::LessonEntry& entry : catalog.lessons) {
        INFO("lesson " << entry.number << " " << entry.slug);
        const auto r = attn::test::run_attn({"--no-input", "--ascii", "lesson", entry.slug}, env());
        REQUIRE(r.exit_code == 0);
        size_t first_non_ascii = std::string::npos;
        for (size_t i = 0; i < r.out.size() && first_non_ascii == std::string::npos; ++i)
            if (static_cast<unsigned char>(r.out[i]) >= 0x80) first_non_ascii = i;
        INFO("non-ASCII near: " << (first_non_ascii == std::string::npos
                                        ? ""
                                        : r.out.substr(first_non_ascii > 40 ? first_non_ascii - 40 : 0, 80)));
        CHECK(first_non_ascii == std::string::npos);
    }
}

TEST_CASE("lesson 1 quotes the alignment weights it computes", "[lessons][shipped][seq2seq]") {
    const auto doc = nlohmann::json::parse(attn::test::run_attn({"seq2seq", "--format", "json"}, env()).out);
    const auto& alignment = doc["stages"]["alignment"];
    // Rows le, chat, noir, dort; columns the, black, cat, sleeps.
    CHECK(std::round(alignment[1][2].get<double>() * 100) / 100 == 0.43);
    CHECK(std::round(alignment[3][3].get<double>() * 100) / 100 == 0.46);
    CHECK(std::round(alignment[2][1].get<double>() * 100) / 100 == 0.36);
    const auto lesson = attn::test::run_attn({"--no-input", "lesson", "why-attention"}, env());
    CHECK(lesson.out.find("\"chat\" looks hardest at \"cat\" (0.43) and \"dort\" at \"sleeps\" (0.46)") !=
          std::string::npos);
}
