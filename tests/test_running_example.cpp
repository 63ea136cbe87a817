// The course's running example, "apple" in "I ate the apple" and "I love my apple phone", with the
// shipped toy data: attn's numbers agree with PyTorch (tests/generate_running_example.py) to 1e-12, and
// the claims lessons 1 and 8 make about them hold and are what the lessons print.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "build_paths.hpp"
#include "check_matrices.hpp"
#include "test_support.hpp"

using attn::test::check_matrices;
using attn::test::json_matrix;
using attn::test::run_attn;
namespace fs = std::filesystem;

namespace {

nlohmann::json reference() {
    std::ifstream in(attn::test::fixture_path("running_example/expected.json"));
    REQUIRE(in);
    return nlohmann::json::parse(in);
}

// The reference's stage of sentence `s` (0 or 1) as a matrix.
arma::mat stage(const nlohmann::json& ref, int s, const char* name) {
    return json_matrix(ref["sentences"][s]["stages"][name]);
}

size_t token(const nlohmann::json& ref, int s, const std::string& word) {
    const auto& tokens = ref["sentences"][s]["tokens"];
    for (size_t i = 0; i < tokens.size(); ++i)
        if (tokens[i] == word) return i;
    FAIL("no token " << word);
    return 0;
}

// Prose wraps anywhere: line breaks as spaces.
std::string flat(std::string text) {
    for (char& c : text)
        if (c == '\n') c = ' ';
    return text;
}

std::string f2(double x) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.2f", x);
    return buffer;
}

std::string lesson(int number, const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = extra;
    args.insert(args.end(), {"--no-input", "--color", "never", "lesson", std::to_string(number)});
    const auto r = run_attn(args, {"COLUMNS=200"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return flat(r.out);
}

constexpr arma::uword kFood = 0, kTech = 1;

}  // namespace

TEST_CASE("attn run on the running example agrees with PyTorch to 1e-12", "[running-example][torch]") {
    const nlohmann::json ref = reference();
    const auto r = run_attn({"run", "--format", "json"});
    REQUIRE(r.exit_code == 0);
    const nlohmann::json doc = nlohmann::json::parse(r.out);
    REQUIRE(doc["sentences"].size() == 2);
    for (int s = 0; s < 2; ++s) {
        INFO("sentence " << s);
        CHECK(doc["sentences"][s]["tokens"] == ref["sentences"][s]["tokens"]);
        for (const char* name : {"q", "k", "scores", "scaled", "weights", "output"})
            check_matrices(json_matrix(doc["sentences"][s]["stages"][name]), stage(ref, s, name));
    }
    // In sentence 2 tech and object tie (both are apple's and phone's weights): the summary names both.
    const auto text = run_attn({"--color", "never", "run"}, {"COLUMNS=200"});
    CHECK(flat(text.out).find(
              "Largest dimension of 'apple': food (0.8679) in sentence 1; tech and object (0.7192) "
              "in sentence 2. Sentence 1 gives it more food than sentence 2 does (+0.3028); "
              "sentence 2 gives it more tech and object (+0.2530).") != std::string::npos);
    CHECK(doc["comparison"]["output_cosine"].get<double>() ==
          Approx(ref["output_cosine"].get<double>()).margin(1e-12).epsilon(0));
}

TEST_CASE("the running example's claims hold with the shipped data", "[running-example]") {
    const nlohmann::json ref = reference();
    const arma::mat w0 = stage(ref, 0, "weights"), out0 = stage(ref, 0, "output");
    const arma::mat w1 = stage(ref, 1, "weights"), out1 = stage(ref, 1, "output");
    const size_t apple0 = token(ref, 0, "apple"), ate = token(ref, 0, "ate");
    const size_t apple1 = token(ref, 1, "apple"), phone = token(ref, 1, "phone"),
                 love = token(ref, 1, "love");
    // "I ate the apple": apple gives most to itself, then to ate, far more than to I or the.
    CHECK(w0.row(apple0).index_max() == apple0);
    CHECK(w0(apple0, ate) > 0.4);
    for (size_t other : {token(ref, 0, "I"), token(ref, 0, "the")})
        CHECK(w0(apple0, ate) > 5 * w0(apple0, other));
    // Its output leans food: food 0.9·w(ate) + w(apple) (only those two hold food), tech w(apple).
    CHECK(std::fabs(out0(apple0, kFood) - (0.9 * w0(apple0, ate) + w0(apple0, apple0))) <= 1e-12);
    CHECK(std::fabs(out0(apple0, kTech) - w0(apple0, apple0)) <= 1e-12);
    CHECK(out0(apple0, kFood) > out0(apple0, kTech));
    // "I love my apple phone": it leans tech, but not because apple looks at phone: phone gets less
    // than love, and apple keeps the most for itself.
    CHECK(out1(apple1, kTech) > out1(apple1, kFood));
    CHECK(w1(apple1, phone) < w1(apple1, love));
    CHECK(w1.row(apple1).index_max() == apple1);
    CHECK(std::fabs(out1(apple1, kFood) - w1(apple1, apple1)) <= 1e-12);  // only apple holds food there
    // phone's query is apple's (both are objects): the same row, exactly, so phone is as much food.
    CHECK(arma::approx_equal(w1.row(phone), w1.row(apple1), "absdiff", 0.0));
    CHECK(out1(phone, kFood) == out1(apple1, kFood));
    // The values the lessons quote, by PyTorch (printed to 4 decimals on screen).
    CHECK(std::fabs(out0(apple0, kFood) - 0.8679) < 5e-5);
    CHECK(std::fabs(out1(apple1, kFood) - 0.5650) < 5e-5);
    CHECK(std::fabs(out1(apple1, kTech) - 0.7192) < 5e-5);
    CHECK(std::fabs(w1(apple1, phone) - 0.1541) < 5e-5);
    CHECK(std::fabs(w1(apple1, love) - 0.1681) < 5e-5);
}

TEST_CASE("lessons 1 and 8 print the running example's claims with the reference numbers",
          "[running-example][lessons]") {
    const nlohmann::json ref = reference();
    const arma::mat w1 = stage(ref, 1, "weights"), out0 = stage(ref, 0, "output"),
                    out1 = stage(ref, 1, "output");
    const size_t apple0 = token(ref, 0, "apple"), apple1 = token(ref, 1, "apple");
    const size_t phone = token(ref, 1, "phone"), love = token(ref, 1, "love");
    const std::string one = lesson(1);
    INFO(one);
    CHECK(one.find("leans food in \"I ate the apple\" (food " + f2(out0(apple0, kFood)) + ", tech " +
                   f2(out0(apple0, kTech)) + ") and tech in \"I love my apple phone\" (food " +
                   f2(out1(apple1, kFood)) + ", tech " + f2(out1(apple1, kTech)) + ")") != std::string::npos);
    CHECK(one.find("Not because \"apple\" looks at \"phone\": it gives \"phone\" only " +
                   f2(w1(apple1, phone)) + ", less than \"love\" (" + f2(w1(apple1, love)) + "), and keeps " +
                   f2(w1(apple1, apple1)) + " for itself.") != std::string::npos);
    const std::string eight = lesson(8);
    INFO(eight);
    CHECK(eight.find("gives its largest weight to \"apple\" (" + f2(w1(apple1, apple1)) +
                     "), not to \"phone\"") != std::string::npos);
    CHECK(eight.find("\"phone\" attends exactly like \"apple\" (its row is the same), so it ends up " +
                     f2(out1(phone, kFood)) + " food too.") != std::string::npos);
    CHECK(eight.find("it holds more food in the first and more tech in the second") != std::string::npos);
}

TEST_CASE(
    "when the data make apple look at phone more than at love, lesson 1 drops the claim that it does not",
    "[running-example][lessons][live]") {
    const fs::path data = fs::temp_directory_path() / ("attn-running-example-" + std::to_string(::getpid()));
    fs::remove_all(data);
    fs::copy(fs::path(ATTN_SOURCE_DIR) / "data", data, fs::copy_options::recursive);
    // Objects no longer announce less (W_K's object row −0.8 → 0): phone's key answers apple's query
    // with 1.5 (its tech), more than love's 0.8.
    const fs::path weights = data / "apple" / "weights.toml";
    std::string text;
    {
        std::ifstream in(weights);
        text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    const std::string before = "[-0.8, 0.0,  0.0],  # object", after = "[ 0.0, 0.0,  0.0],  # object";
    REQUIRE(text.find(before) != std::string::npos);
    text.replace(text.find(before), before.size(), after);
    std::ofstream(weights) << text;
    const auto run = run_attn({"--data", data.string(), "run", "--format", "json"});
    const std::string one = lesson(1, {"--data", data.string()}),
                      eight = lesson(8, {"--data", data.string()});
    fs::remove_all(data);
    REQUIRE(run.exit_code == 0);
    const nlohmann::json doc = nlohmann::json::parse(run.out);
    const nlohmann::json& w = doc["sentences"][1]["stages"]["weights"];
    REQUIRE(w[3][4].get<double>() > w[3][1].get<double>());  // apple → phone now beats apple → love
    INFO(one << "\n----\n" << eight);
    CHECK(one.find("Not because \"apple\" looks at \"phone\"") == std::string::npos);
    CHECK(eight.find(f2(w[3][4].get<double>()) + " to \"phone\"") != std::string::npos);
}
