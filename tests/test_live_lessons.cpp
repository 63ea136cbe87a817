// The lessons' live numbers end to end: the prose follows the toy data a learner edits.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "build_paths.hpp"
#include "run_binary.hpp"

namespace {

std::string fixed(double value, int decimals) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    return buffer;
}

}  // namespace

TEST_CASE("the prose's live numbers follow an edit of the toy data", "[course][live][lessons]") {
    namespace fs = std::filesystem;
    const std::string data =
        (fs::temp_directory_path() / ("attn-live-data-" + std::to_string(::getpid()))).string();
    fs::remove_all(data);
    fs::copy(std::string(ATTN_SOURCE_DIR) + "/data", data, fs::copy_options::recursive);
    // "ate" carries less food: 0.5 instead of 0.9.
    const std::string vocab_path = data + "/apple/vocab.toml";
    std::string vocab;
    {
        std::ifstream in(vocab_path);
        vocab.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    const std::string before = "ate      = [0.9,", after = "ate      = [0.5,";
    REQUIRE(vocab.find(before) != std::string::npos);
    vocab.replace(vocab.find(before), before.size(), after);
    std::ofstream(vocab_path) << vocab;

    const auto lesson = attn::test::run_attn({"--no-input", "--data", data, "lesson", "8"});
    const auto run =
        attn::test::run_attn({"--data", data, "run", "-s", "I ate the apple", "--format", "json"});
    fs::remove_all(data);
    REQUIRE(lesson.exit_code == 0);
    REQUIRE(run.exit_code == 0);
    const nlohmann::json doc = nlohmann::json::parse(run.out);
    const double ate = doc["stages"]["weights"][3][1], self = doc["stages"]["weights"][3][3];
    const double food = doc["stages"]["output"][3][0];
    CHECK(food == Approx(0.5 * ate + self).epsilon(1e-12));  // the lesson's sum, by hand
    std::string text = lesson.out;
    for (size_t at; (at = text.find('\n')) != std::string::npos;) text[at] = ' ';  // prose wraps anywhere
    INFO(text);
    CHECK(text.find(fixed(ate, 4) + " · 0.5 (from \"ate\") + " + fixed(self, 4) +
                    " · 1 (from \"apple\") = " + fixed(food, 4)) != std::string::npos);
    CHECK(text.find("= 0.8679") == std::string::npos);  // the number for the shipped data is gone
}

TEST_CASE("run --compare says what the numbers show, not 'pulls toward'", "[course][live][compare]") {
    const std::vector<std::string> args = {"--color",   "never",           "run",
                                           "--compare", "I ate the apple", "I ate the fresh apple"};
    const auto text = attn::test::run_attn(args);
    std::vector<std::string> json_args = args;
    json_args.insert(json_args.end(), {"--show", "output", "--format", "json"});
    const auto json = attn::test::run_attn(json_args);
    REQUIRE(text.exit_code == 0);
    REQUIRE(json.exit_code == 0);
    const nlohmann::json doc = nlohmann::json::parse(json.out);
    std::string expected = "Largest dimension of 'apple':";
    for (int i = 0; i < 2; ++i) {
        const nlohmann::json& s = doc["sentences"][i];
        const nlohmann::json& row = s["stages"]["output"][s["row"].get<size_t>()];
        size_t top = 0;
        for (size_t c = 1; c < row.size(); ++c)
            if (row[c].get<double>() > row[top].get<double>()) top = c;
        expected += std::string(i ? ";" : "") + " " + s["dimensions"][top].get<std::string>() + " (" +
                    fixed(row[top].get<double>(), 4) + ") in sentence " + std::to_string(i + 1);
    }
    std::string out = text.out;
    for (size_t at; (at = out.find('\n')) != std::string::npos;) out[at] = ' ';
    INFO(out);
    CHECK(out.find(expected) != std::string::npos);
    CHECK(out.find("food (0.8679) in sentence 1") != std::string::npos);  // the shipped data, by hand
    CHECK(out.find("pulls") == std::string::npos);
    // tech and object both come from apple alone, so they move by exactly as much: both are named.
    CHECK(out.find("Sentence 1 gives it more tech and object than sentence 2 does") != std::string::npos);
}
