// attn run end to end: the apple example, the JSON schema, and every kind of bad input.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "check_matrices.hpp"
#include "test_support.hpp"
#include "run_binary.hpp"

using attn::test::run_attn;
using nlohmann::json;
namespace fs = std::filesystem;

using attn::test::require_input_error;
using attn::test::TempFile;

namespace {


std::string fx(const std::string& file) { return attn::test::fixture_path("attention/single/" + file); }


std::vector<std::string> with_x(const std::string& x) {
    return {"run", "--x", x, "--wq", fx("wq.csv"), "--wk", fx("wk.csv"), "--wv", fx("wv.csv")};
}

}  // namespace

TEST_CASE("attn --version and --help", "[cli]") {
    const auto v = run_attn({"--version"});
    REQUIRE(v.exit_code == 0);
    REQUIRE(v.out == "attn " ATTN_VERSION "\n");
    const auto h = run_attn({"run", "--help"});
    REQUIRE(h.exit_code == 0);
    for (const char* option : {"--sentence", "--vocab", "--d-k", "--heads", "--mask", "--seed", "--x", "--q", "--show", "--precision",
                               "--explain", "--format", "Examples"})
        REQUIRE(h.out.find(option) != std::string::npos);
}

TEST_CASE("the apple example: 'apple' leans food after 'ate' and tech beside 'phone'", "[cli][apple]") {
    const auto r = run_attn({"run", "--format", "json"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const json doc = json::parse(r.out);
    REQUIRE(doc["word"] == "apple");
    REQUIRE(doc["sentences"].size() == 2);
    const json& eat = doc["sentences"][0];
    const json& phone = doc["sentences"][1];
    REQUIRE(eat["tokens"] == json({"I", "ate", "the", "apple"}));
    const json apple_eat = eat["stages"]["output"][eat["row"].get<int>()];
    const json apple_phone = phone["stages"]["output"][phone["row"].get<int>()];
    // dimensions: food, tech, ...
    REQUIRE(apple_eat[0].get<double>() > apple_eat[1].get<double>());
    REQUIRE(apple_phone[1].get<double>() > apple_phone[0].get<double>());
    REQUIRE(doc["comparison"]["output_cosine"].get<double>() < 0.95);
    REQUIRE(doc["comparison"]["moved"][0]["dimension"] == "food");
}

TEST_CASE("attn run --sentence --format json follows the documented schema", "[cli][json]") {
    const auto r = run_attn({"run", "--sentence", "I love my apple phone", "--format", "json"});
    REQUIRE(r.exit_code == 0);
    const json doc = json::parse(r.out);
    REQUIRE(doc["tokens"] == json({"I", "love", "my", "apple", "phone"}));
    for (const char* stage : {"x", "q", "k", "v", "scores", "scaled", "weights", "output"}) REQUIRE(doc["stages"].contains(stage));
    REQUIRE_FALSE(doc["stages"].contains("masked"));
    REQUIRE_FALSE(doc.contains("heads"));
    for (const json& row : doc["stages"]["weights"]) {
        double sum = 0;
        for (const json& w : row) sum += w.get<double>();
        REQUIRE(std::fabs(sum - 1.0) < 1e-12);
    }
    const auto masked = json::parse(run_attn({"run", "-s", "I ate the apple", "--mask", "causal", "--format", "json"}).out);
    REQUIRE(masked["stages"]["masked"][0][1].is_null());  // −∞ is written as null
    REQUIRE(masked["stages"]["weights"][0][1].get<double>() == 0.0);
}

TEST_CASE("JSON numbers round-trip exactly", "[cli][json]") {
    const auto r = run_attn({"run", "--x", fx("x.csv"), "--wq", fx("wq.csv"), "--wk", fx("wk.csv"), "--wv", fx("wv.csv"), "--format", "json",
                             "--show", "x"});
    const json doc = json::parse(r.out);
    std::ifstream in(fx("x.csv"));
    std::string first_line;
    std::getline(in, first_line);
    REQUIRE(doc["stages"]["x"][0][0].get<double>() == std::stod(first_line.substr(0, first_line.find(','))));
}

TEST_CASE("CSV output: one block per stage with # headers", "[cli][csv]") {
    const auto r = run_attn({"run", "-s", "I ate the apple", "--format", "csv", "--show", "weights,output"});
    REQUIRE(r.exit_code == 0);
    REQUIRE(r.out.find("# stage: weights\n# shape: 4 x 4\n# rows: I ate the apple\n") == 0);
    REQUIRE(r.out.find("# stage: output\n# shape: 4 x 6\n") != std::string::npos);
}

TEST_CASE("explain shows the arithmetic of one weight with tokens named", "[cli][explain]") {
    const auto r = run_attn({"run", "-s", "I ate the apple", "--show", "weights", "--explain", "apple,ate", "--color", "never"});
    REQUIRE(r.exit_code == 0);
    REQUIRE(r.out.find("'apple' (row 3)") != std::string::npos);
    REQUIRE(r.out.find("'ate' (column 1)") != std::string::npos);
    // score = q_apple·k_ate = 1.5 · 2.15 = 3.225; scaled by √3.
    REQUIRE(r.out.find("score = 3.2250") != std::string::npos);
    REQUIRE(r.out.find("weight = ") != std::string::npos);
    REQUIRE(r.out.find("0.4464") != std::string::npos);
}

TEST_CASE("bad CSV input is refused with file, line and a hint", "[cli][errors]") {
    TempFile ragged("1,2,3,4,5,6\n1,2,3\n");
    require_input_error(with_x(ragged.path), {ragged.path + ":2", "3 values", "line 1 has 6"});
    TempFile word("1,2,3,4,5,6\n1,2,x,4,5,6\n");
    require_input_error(with_x(word.path), {word.path + ":2", "column 3", "not a number"});
    TempFile nan("1,2,3,nan,5,6\n");
    require_input_error(with_x(nan.path), {nan.path + ":1", "finite"});
    TempFile inf("1,2,3,4,5,inf\n");
    require_input_error(with_x(inf.path), {inf.path + ":1", "finite"});
    TempFile empty("");
    require_input_error(with_x(empty.path), {empty.path, "no numbers"});
    require_input_error(with_x("/nonexistent/x.csv"), {"/nonexistent/x.csv", "cannot open"});
    require_input_error(with_x(std::filesystem::temp_directory_path().string()), {"is a folder"});
    TempFile narrow("1,2,3\n4,5,6\n");
    require_input_error(with_x(narrow.path), {"(2, 3)", "(6, 3)"});
}

TEST_CASE("bad sentences, sizes, masks and flags are refused", "[cli][errors]") {
    require_input_error({"run", "--sentence", "   "}, {"no words"});
    require_input_error({"run", "--sentence", "I ate the appel"}, {"'appel'", "apple"});
    require_input_error({"run", "--sentence", "I ate the apple", "--heads", "4"}, {"not divisible by 4 heads"});
    require_input_error({"run", "--sentence", "I ate the apple", "--d-k", "0"}, {"--d-k 0"});
    require_input_error({"run", "--sentence", "I ate the apple", "--heads", "100000"}, {"--heads"});
    require_input_error({"run", "--sentence", "I ate the apple", "--frobnicate"}, {"--frobnicate"});
    require_input_error({"run", "--sentence", "I ate the apple", "--show", "wieghts"}, {"wieghts", "weights"});
    TempFile blocked("1,0,0,0\n0,0,0,0\n1,1,1,0\n1,1,1,1\n");
    require_input_error({"run", "--sentence", "I ate the apple", "--mask", blocked.path}, {"query 1", "'ate'", "no key"});
    TempFile wrong("1,0\n1,1\n");
    require_input_error({"run", "--sentence", "I ate the apple", "--mask", wrong.path}, {wrong.path, "(2, 2)", "(4, 4)"});
    require_input_error({"run", "--sentence", "I ate the apple", "--explain", "apple,banana"}, {"banana", "0=I"});
    require_input_error({"run", "--sentence", "I ate the apple", "--explain", "99999999999999999999999,1"}, {"99999999999999999999999", "0=I"});
}

TEST_CASE("random weights are reproducible from --seed", "[cli][seed]") {
    const auto a = run_attn({"run", "-s", "I ate the apple", "--seed", "7", "--format", "csv"});
    const auto b = run_attn({"run", "-s", "I ate the apple", "--seed", "7", "--format", "csv"});
    const auto c = run_attn({"run", "-s", "I ate the apple", "--seed", "8", "--format", "csv"});
    REQUIRE(a.exit_code == 0);
    REQUIRE(a.out == b.out);
    REQUIRE(a.out != c.out);
}

TEST_CASE("colour follows --color, NO_COLOR and the terminal", "[cli][color]") {
    const std::vector<std::string> args = {"run", "-s", "I ate the apple", "--show", "weights"};
    REQUIRE(run_attn(args).out.find("\033[") == std::string::npos);  // not a terminal: no colour
    std::vector<std::string> always = args;
    always.insert(always.begin(), {"--color", "always"});
    REQUIRE(run_attn(always).out.find("\033[") != std::string::npos);
    REQUIRE(run_attn(always, {"NO_COLOR=1"}).out.find("\033[") != std::string::npos);  // an explicit flag wins
}

TEST_CASE("a 12-token sentence fits 80 columns, with every number intact", "[cli][width]") {
    const std::string sentence = "I love my apple phone and she ate a tasty apple pie";
    const auto r = run_attn({"run", "-s", sentence, "--show", "weights,output", "--color", "always"}, {"COLUMNS=80"});
    REQUIRE(r.exit_code == 0);
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) {
        INFO(line);
        std::string plain;  // without colour codes
        for (size_t i = 0; i < line.size(); ++i) {
            if (line[i] == '\033') { while (i < line.size() && line[i] != 'm') ++i; continue; }
            plain += line[i];
        }
        size_t columns = 0;
        for (char c : plain) columns += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        CHECK(columns <= 80);
    }
    // Every one of the 12 x 12 weights is shown once, in column blocks.
    const auto json = nlohmann::json::parse(run_attn({"run", "-s", sentence, "--format", "json", "--show", "weights"}).out);
    REQUIRE(json["stages"]["weights"].size() == 12);
    CHECK(r.out.find("columns 0-") != std::string::npos);
}

TEST_CASE("list, reset, paths, next and prev --help end with their own examples, not the program's text",
          "[cli][help]") {
    for (const char* name : {"list", "reset", "paths", "next", "prev"}) {
        const auto r = run_attn({name, "--help"});
        INFO(name);
        CHECK(r.exit_code == 0);
        CHECK(r.out.find("Exit codes:") == std::string::npos);
        CHECK(r.out.find(std::string("attn ") + name) != std::string::npos);
    }
    CHECK(run_attn({"reset", "--help"}).out.find("attn reset 4") != std::string::npos);
}
