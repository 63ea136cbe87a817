// Every shipped lesson has at least three questions, one of them numeric or a hand calculation, and
// every question is answered right (exit 0) and wrong (exit 1) through the real binary.
#include <toml++/toml.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "build_paths.hpp"
#include "check_matrices.hpp"
#include "run_binary.hpp"

using attn::test::run_attn;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::string kLessons = std::string(ATTN_SOURCE_DIR) + "/lessons";

std::vector<std::string> env() {
    static const std::string state =
        (fs::temp_directory_path() / ("attn-shipped-q-" + std::to_string(::getpid()))).string();
    return {"ATTN_LESSONS_DIR=" + kLessons, "XDG_STATE_HOME=" + state, "COLUMNS=80"};
}

// The verdict on one answer, as JSON, and the exit code.
std::pair<int, json> answer(size_t lesson, const std::string& id, const std::string& value) {
    const auto r = run_attn(
        {"quiz", std::to_string(lesson), "--question", id, "--answer", value, "--format", "json"}, env());
    INFO("lesson " << lesson << " question " << id << " answer '" << value << "': " << r.err);
    REQUIRE((r.exit_code == 0 || r.exit_code == 1));
    return {r.exit_code, json::parse(r.out)};
}

std::string join(const std::vector<double>& values) {
    std::string s;
    for (double v : values) s += (s.empty() ? "" : " ") + json(v).dump();
    return s;
}

// The entries of a hand calculation, found one at a time: each wrong guess is told what was expected.
std::vector<double> solve_hand(size_t lesson, const std::string& id, size_t count) {
    std::vector<double> entries;
    while (entries.size() < count) {
        std::vector<double> guess = entries;
        guess.push_back(1e9);
        const auto [code, verdict] = answer(lesson, id, join(guess));
        REQUIRE(code == 1);
        REQUIRE(verdict["entries"].size() == entries.size() + 1);
        entries.push_back(verdict["entries"].back()["expected"].get<double>());
    }
    return entries;
}

void answer_right_and_wrong(size_t lesson, const json& q) {
    const std::string id = q["id"], kind = q["kind"];
    INFO("lesson " << lesson << " question " << id << " (" << kind << ")");
    if (kind == "hand") {
        std::vector<double> entries = solve_hand(lesson, id, q["entries"].size());
        CHECK(answer(lesson, id, join(entries)).first == 0);
        entries[entries.size() / 2] += 1;  // one wrong entry in the middle
        CHECK(answer(lesson, id, join(entries)).first == 1);
        return;
    }
    // A first answer that is readable for any kind reveals the expected value in the JSON verdict.
    const std::string probe = q["choices"].empty() ? "0" : "a";
    const json expected = answer(lesson, id, probe).second;
    if (!q["choices"].empty()) {
        const std::string letter = expected["expected"].get<std::string>().substr(0, 1);
        CHECK(answer(lesson, id, letter).first == 0);
        CHECK(answer(lesson, id, letter == "a" ? "b" : "a").first == 1);
    } else if (!expected["expected_value"].is_null()) {
        const double value = expected["expected_value"];
        CHECK(answer(lesson, id, json(value).dump()).first == 0);
        CHECK(answer(lesson, id, json(value + 1 + 10 * q["tolerance"].get<double>()).dump()).first == 1);
    } else {
        CHECK(answer(lesson, id, expected["expected"].get<std::string>()).first == 0);
        CHECK(answer(lesson, id, "no-such-token").first == 1);
    }
}

}  // namespace

// How many lessons the course manifest lists: the test follows the course as lessons are added.
static size_t lessons_in_manifest() {
    const toml::table manifest = toml::parse_file(kLessons + "/course.toml");
    const toml::array* lessons = manifest["lesson"].as_array();
    REQUIRE(lessons != nullptr);
    return lessons->size();
}

TEST_CASE("every shipped lesson has questions, answered right and wrong through the binary",
          "[quiz][shipped]") {
    const size_t lessons = lessons_in_manifest();
    REQUIRE(lessons >= 16);
    const auto list = run_attn({"list", "--json"}, env());
    REQUIRE(list.exit_code == 0);
    REQUIRE(json::parse(list.out)["lessons"].size() == lessons);
    for (size_t n = 1; n <= lessons; ++n) {
        const auto r = run_attn({"quiz", std::to_string(n), "--list", "--format", "json"}, env());
        INFO("lesson " << n << ": " << r.err);
        REQUIRE(r.exit_code == 0);
        const json questions = json::parse(r.out)["questions"];
        CHECK(questions.size() >= 3);
        bool computed = false;
        for (const json& q : questions) computed = computed || q["kind"] == "numeric" || q["kind"] == "hand";
        CHECK(computed);
        for (const json& q : questions)
            if (q["kind"] != "edit") answer_right_and_wrong(n, q);  // test_edit_challenges.cpp checks those
    }
}
