// attn run end to end: the apple example, the JSON schema, and every kind of bad input.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "check_matrices.hpp"
#include "run_binary.hpp"
#include "test_support.hpp"

using attn::test::run_attn;
using nlohmann::json;
namespace fs = std::filesystem;

using attn::test::check_matrices;
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
    for (const char* option : {"--sentence", "--vocab", "--d-k", "--heads", "--mask", "--seed", "--x", "--q",
                               "--show", "--precision", "--explain", "--format", "Examples"})
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
    for (const char* stage : {"x", "q", "k", "v", "scores", "scaled", "weights", "output"})
        REQUIRE(doc["stages"].contains(stage));
    REQUIRE_FALSE(doc["stages"].contains("masked"));
    REQUIRE_FALSE(doc.contains("heads"));
    for (const json& row : doc["stages"]["weights"]) {
        double sum = 0;
        for (const json& w : row) sum += w.get<double>();
        REQUIRE(std::fabs(sum - 1.0) < 1e-12);
    }
    const auto masked =
        json::parse(run_attn({"run", "-s", "I ate the apple", "--mask", "causal", "--format", "json"}).out);
    REQUIRE(masked["stages"]["masked"][0][1].is_null());  // −∞ is written as null
    REQUIRE(masked["stages"]["weights"][0][1].get<double>() == 0.0);
}

TEST_CASE("JSON numbers round-trip exactly", "[cli][json]") {
    const auto r = run_attn({"run", "--x", fx("x.csv"), "--wq", fx("wq.csv"), "--wk", fx("wk.csv"), "--wv",
                             fx("wv.csv"), "--format", "json", "--show", "x"});
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
    const auto r = run_attn(
        {"run", "-s", "I ate the apple", "--show", "weights", "--explain", "apple,ate", "--color", "never"});
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
    require_input_error({"run", "--sentence", "I ate the apple", "--heads", "4"},
                        {"not divisible by 4 heads"});
    require_input_error({"run", "--sentence", "I ate the apple", "--d-k", "0"}, {"--d-k 0"});
    require_input_error({"run", "--sentence", "I ate the apple", "--heads", "100000"}, {"--heads"});
    require_input_error({"run", "--sentence", "I ate the apple", "--frobnicate"}, {"--frobnicate"});
    require_input_error({"run", "--sentence", "I ate the apple", "--show", "wieghts"},
                        {"wieghts", "weights"});
    TempFile blocked("1,0,0,0\n0,0,0,0\n1,1,1,0\n1,1,1,1\n");
    require_input_error({"run", "--sentence", "I ate the apple", "--mask", blocked.path},
                        {"query 1", "'ate'", "no key"});
    TempFile wrong("1,0\n1,1\n");
    require_input_error({"run", "--sentence", "I ate the apple", "--mask", wrong.path},
                        {wrong.path, "(2, 2)", "(4, 4)"});
    require_input_error({"run", "--sentence", "I ate the apple", "--explain", "apple,banana"},
                        {"banana", "0=I"});
    require_input_error({"run", "--sentence", "I ate the apple", "--explain", "99999999999999999999999,1"},
                        {"99999999999999999999999", "0=I"});
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
    REQUIRE(run_attn(always, {"NO_COLOR=1"}).out.find("\033[") !=
            std::string::npos);  // an explicit flag wins
}

TEST_CASE("a 12-token sentence fits 80 columns, with every number intact", "[cli][width]") {
    const std::string sentence = "I love my apple phone and she ate a tasty apple pie";
    const auto r =
        run_attn({"run", "-s", sentence, "--show", "weights,output", "--color", "always"}, {"COLUMNS=80"});
    REQUIRE(r.exit_code == 0);
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) {
        INFO(line);
        std::string plain;  // without colour codes
        for (size_t i = 0; i < line.size(); ++i) {
            if (line[i] == '\033') {
                while (i < line.size() && line[i] != 'm') ++i;
                continue;
            }
            plain += line[i];
        }
        size_t columns = 0;
        for (char c : plain) columns += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        CHECK(columns <= 80);
    }
    // Every one of the 12 x 12 weights is shown once, in column blocks.
    const auto json =
        nlohmann::json::parse(run_attn({"run", "-s", sentence, "--format", "json", "--show", "weights"}).out);
    REQUIRE(json["stages"]["weights"].size() == 12);
    CHECK(r.out.find("columns 0-") != std::string::npos);
}

namespace {

// softmax of one row, written out: exp(a_j) / sum exp(a_i).
arma::rowvec softmax_by_hand(const std::vector<double>& a) {
    double sum = 0;
    for (double x : a) sum += std::exp(x);
    arma::rowvec out(a.size());
    for (size_t j = 0; j < a.size(); ++j) out(j) = std::exp(a[j]) / sum;
    return out;
}

// "mango" = object 1 and "ate" = (food 0.9, action 1) through the apple preset (d_k = 3), by hand:
// q_mango = (1.5, 0, 0), q_ate = (0, 1, 0); k_mango = (-0.8, 0, 0), k_ate = 0.9 (1.5, 0, 0) + (0.8, 0, 1)
// = (2.15, 0, 1). Scores: mango.mango = -1.2, mango.ate = 3.225, ate.* = 0. W_V = I, so V = X.
void require_mango_ate_by_hand(const json& doc) {
    const arma::mat x = {{0, 0, 0, 0, 1, 0}, {0.9, 0, 1, 0, 0, 0}};
    const double root = std::sqrt(3.0);
    check_matrices(attn::test::json_matrix(doc["stages"]["x"]), x, 1e-12);
    check_matrices(attn::test::json_matrix(doc["stages"]["scores"]), arma::mat{{-1.2, 3.225}, {0, 0}}, 1e-12);
    arma::mat weights(2, 2);
    weights.row(0) = softmax_by_hand({-1.2 / root, 3.225 / root});
    weights.row(1) = softmax_by_hand({0, 0});
    check_matrices(attn::test::json_matrix(doc["stages"]["weights"]), weights, 1e-12);
    const arma::mat output = weights * x;  // each output row: its weights times the rows of V = X
    check_matrices(attn::test::json_matrix(doc["stages"]["output"]), output, 1e-12);
}

}  // namespace

TEST_CASE("attn run --x FILE --weights preset: your X, the vocabulary's W_Q/W_K/W_V, by hand",
          "[cli][run][inputs]") {
    TempFile x("0,0,0,0,1,0\n0.9,0,1,0,0,0\n");
    for (const std::string& weights : {"preset", "auto"}) {
        const auto r = run_attn(
            {"run", "--x", x.path, "--weights", weights, "--labels", "mango ate", "--format", "json"});
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        const json doc = json::parse(r.out);
        REQUIRE(doc["tokens"] == json({"mango", "ate"}));
        require_mango_ate_by_hand(doc);
    }
    // X with the wrong number of columns names both shapes.
    TempFile narrow("1,0\n0,1\n");
    require_input_error({"run", "--x", narrow.path, "--weights", "preset"}, {"2 columns", "expect 6"});
}

TEST_CASE("attn run --x FILE --weights FILE.toml: a weights file of your own, by hand",
          "[cli][run][inputs]") {
    // W_Q = W_K = the food column, W_V = 2 x the tech column: q = k = food, v = 2 tech, d_k = 1.
    TempFile weights("w_q = [[1.0], [0.0]]\nw_k = [[1.0], [0.0]]\nw_v = [[0.0], [2.0]]\n", ".toml");
    TempFile x("2,0\n1,3\n");
    const auto r = run_attn({"run", "--x", x.path, "--weights", weights.path, "--format", "json"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const json doc = json::parse(r.out);
    check_matrices(attn::test::json_matrix(doc["stages"]["scores"]), arma::mat{{4, 2}, {2, 1}}, 1e-12);
    const arma::rowvec w0 = softmax_by_hand({4, 2}), w1 = softmax_by_hand({2, 1});
    check_matrices(attn::test::json_matrix(doc["stages"]["weights"]), arma::join_cols(w0, w1), 1e-12);
    // V = (0, 6): each output is 6 times the weight on the second token.
    check_matrices(attn::test::json_matrix(doc["stages"]["output"]),
                   arma::mat(arma::colvec{6 * w0(1), 6 * w1(1)}), 1e-12);
}

TEST_CASE("attn run --word NAME=N,...: a word added for one command, by hand", "[cli][run][inputs]") {
    const auto r = run_attn({"run", "-s", "mango ate", "--word", "mango=0,0,0,0,1,0", "--format", "json"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    require_mango_ate_by_hand(json::parse(r.out));
    // The definition replaces a word of that name: apple as pure object computes as mango did.
    const auto apple =
        run_attn({"run", "-s", "apple ate", "--word", "apple=0,0,0,0,1,0", "--format", "json"});
    REQUIRE(apple.exit_code == 0);
    require_mango_ate_by_hand(json::parse(apple.out));
    // Without the definition mango is unknown, and the message says how to add it.
    require_input_error({"run", "-s", "mango ate"}, {"mango", "--word"});
    require_input_error({"run", "-s", "mango ate", "--word", "mango=1,2"}, {"mango", "6"});
}

TEST_CASE("attn run --temperature T divides the scaled scores before the softmax",
          "[cli][run][temperature]") {
    const auto r = run_attn({"run", "-s", "I ate the apple", "--temperature", "0.5", "--format", "json",
                             "--explain", "apple,ate"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const json doc = json::parse(r.out);
    REQUIRE(doc["variant"]["temperature"] == 0.5);
    const arma::mat scaled = attn::test::json_matrix(doc["stages"]["scaled"]);
    const arma::mat tempered = attn::test::json_matrix(doc["stages"]["tempered"]);
    check_matrices(tempered, scaled / 0.5, 1e-12);
    arma::mat weights(4, 4);
    for (arma::uword i = 0; i < 4; ++i)
        weights.row(i) =
            softmax_by_hand(arma::conv_to<std::vector<double>>::from(arma::rowvec(tempered.row(i))));
    check_matrices(attn::test::json_matrix(doc["stages"]["weights"]), weights, 1e-12);
    // --explain agrees: apple (row 3) attends to ate (column 1) with that weight, via scaled / T.
    const json& x = doc["explain"][0];
    REQUIRE(x["temperature"] == 0.5);
    REQUIRE(x["tempered"].get<double>() == Approx(scaled(3, 1) / 0.5).margin(1e-12));
    REQUIRE(x["weight"].get<double>() == Approx(weights(3, 1)).margin(1e-12));
    // The same in text: the explain line shows the division.
    const auto text = run_attn({"run", "-s", "I ate the apple", "--temperature", "0.5", "--show", "weights",
                                "--explain", "apple,ate"});
    REQUIRE(text.exit_code == 0);
    std::string flat = text.out;  // the explanation is prose, wrapped to the width
    std::replace(flat.begin(), flat.end(), '\n', ' ');
    REQUIRE(flat.find("temperature: scaled / T = 1.8620 / 0.5000 = 3.7239") != std::string::npos);
    // T = 1 is the default: no tempered stage, the same JSON as without the flag.
    const auto one = run_attn({"run", "-s", "I ate the apple", "--temperature", "1", "--format", "json"});
    REQUIRE(one.out == run_attn({"run", "-s", "I ate the apple", "--format", "json"}).out);
    REQUIRE_FALSE(json::parse(one.out)["stages"].contains("tempered"));
    // A higher temperature flattens apple's row: its largest weight drops.
    const auto hot =
        json::parse(run_attn({"run", "-s", "I ate the apple", "--temperature", "4", "--format", "json"}).out);
    REQUIRE(attn::test::json_matrix(hot["stages"]["weights"]).row(3).max() < weights.row(3).max());
}

TEST_CASE("attn run --temperature refuses what is not a positive finite number",
          "[cli][run][temperature][errors]") {
    for (const std::string bad : {"0", "-1", "nan", "inf", "-0"})
        require_input_error({"run", "-s", "I ate the apple", "--temperature", bad},
                            {"--temperature", "positive"});
    require_input_error({"run", "-s", "I ate the apple", "--temperature", "abc"}, {"--temperature"});
    require_input_error({"run", "-s", "I ate the apple", "--kernel", "linear", "--temperature", "2"},
                        {"linear", "temperature"});
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

TEST_CASE("attn run --show refuses a stage this run does not compute and says which flag computes it",
          "[cli][run][errors]") {
    require_input_error({"run", "-s", "I ate the apple", "--show", "masked"},
                        {"--show masked", "no mask was given", "--mask causal"});
    require_input_error({"run", "-s", "I ate the apple", "--show", "weights,tempered"},
                        {"--show tempered", "--temperature"});
    require_input_error({"run", "-s", "I ate the apple", "--show", "bias"}, {"--show bias", "--alibi"});
    require_input_error({"run", "-s", "I ate the apple", "--show", "q_rot"}, {"--show q_rot", "--rope"});
    require_input_error({"run", "-s", "I ate the apple", "--show", "concat"}, {"--show concat", "--heads 2"});
    require_input_error({"run", "-s", "I ate the apple", "--kernel", "linear", "--show", "scores"},
                        {"--kernel linear"});
    require_input_error({"run", "--show", "masked"},
                        {"--show masked", "no mask was given"});  // the comparison too
    // With the flag, the stage is there: the causal mask blocks the key after the query.
    const auto r = run_attn(
        {"run", "-s", "I ate the apple", "--mask", "causal", "--show", "masked", "--format", "json"});
    REQUIRE(r.exit_code == 0);
    const arma::mat masked = attn::test::json_matrix(json::parse(r.out)["stages"]["masked"]);
    CHECK(std::isinf(masked(0, 1)));
    CHECK(masked(0, 1) < 0);
}

TEST_CASE("without colour the shading glyph shows the sign with a legend - in ASCII too",
          "[cli][run][shading]") {
    // apple's row of scores is -0.3, 3.225, -1.5, 3.3: the largest |value| is 3.3.
    const auto plain = run_attn({"run", "-s", "I ate the apple", "--show", "scores,weights"}, {"NO_COLOR=1"});
    REQUIRE(plain.exit_code == 0);
    CHECK(plain.out.find("shading: ░▒▓█ > 0, ·∘○● < 0 (fuller: larger |value|)\n") != std::string::npos);
    CHECK(plain.out.find("apple    -0.3000   █ 3.2250  ∘ -1.5000   █ 3.3000\n") != std::string::npos);
    // Weights are never negative: one legend only, for the scores.
    CHECK(plain.out.find("shading:") == plain.out.rfind("shading:"));
    CHECK(plain.out.find("apple    0.0583  ▒ 0.4464    0.0292  ▒ 0.4661\n") != std::string::npos);
    const auto ascii = run_attn({"--ascii", "run", "-s", "I ate the apple", "--show", "scores,weights"});
    REQUIRE(ascii.exit_code == 0);
    CHECK(ascii.out.find("shading: .:*# > 0, -=%@ < 0 (more ink: larger |value|)\n") != std::string::npos);
    CHECK(ascii.out.find("apple    -0.3000   # 3.2250  = -1.5000   # 3.3000\n") != std::string::npos);
    CHECK(ascii.out.find("apple    0.0583  : 0.4464    0.0292  : 0.4661\n") != std::string::npos);
    // Scores 1 and -1: the fullest glyph of each sign, so that -1 never looks like +1.
    const TempFile q("1,0\n"), k("1,0\n-1,0\n"), v("1\n2\n");
    const auto pm = run_attn({"run", "--q", q.path, "--k", k.path, "--v", v.path, "--show", "scores",
                              "--labels", "a", "--key-labels", "plus minus"},
                             {"NO_COLOR=1"});
    INFO(pm.err);
    REQUIRE(pm.exit_code == 0);
    CHECK(pm.out.find("█ 1.0000  ● -1.0000\n") != std::string::npos);
    // With colour, the sign is the colour: no legend line.
    const auto colour = run_attn({"--color", "always", "run", "-s", "I ate the apple", "--show", "scores"});
    CHECK(colour.out.find("shading:") == std::string::npos);
}

TEST_CASE("attn run --compare with three sentences shows all three and says which two the table compares",
          "[cli][run][compare]") {
    const std::vector<std::string> args = {"run", "--compare", "I ate the apple", "I ate the fresh apple",
                                           "I love my apple phone"};
    const auto text = run_attn(args, {"COLUMNS=100"});
    REQUIRE(text.exit_code == 0);
    CHECK(text.out.find("sentence 3: \"I love my apple phone\"") != std::string::npos);
    CHECK(text.out.find("'apple' in sentences 1 and 2 (of 3)") != std::string::npos);
    CHECK(text.out.find("compare sentences 1 and 2 only") != std::string::npos);
    CHECK(text.out.find("attn run --compare \"I ate the apple\" \"I love my apple phone\"") !=
          std::string::npos);
    std::vector<std::string> json_args = args;
    json_args.insert(json_args.end(), {"--format", "json"});
    const json doc = json::parse(run_attn(json_args).out);
    CHECK(doc["comparison"]["sentences_compared"] == json::array({1, 2}));
    CHECK(doc["sentences"].size() == 3);
    // With two, the heading says "both".
    const auto two = run_attn({"run", "--compare", "I ate the apple", "I love my apple phone"});
    CHECK(two.out.find("'apple' in both sentences") != std::string::npos);
    CHECK(two.out.find("(of ") == std::string::npos);
}

TEST_CASE("at 60 columns a matrix abbreviates its labels before it drops decimals", "[cli][run][width]") {
    // Lesson 9's three heads: each head's output and the concat at 4 decimals, and the output too.
    const auto r = run_attn({"run", "-s", "I love my apple phone", "--heads", "3", "--show", "concat,output"},
                            {"COLUMNS=60"});
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("apple  0.7897  0.8729  0.2000  0.3600  0.4000  0.2000\n") != std::string::npos);
    const size_t output = r.out.find("output (5 × 6)");
    REQUIRE(output != std::string::npos);
    const std::string rest = r.out.substr(output);
    CHECK(rest.find("food") != std::string::npos);
    CHECK(rest.find("apple  0.7897  0.8729") != std::string::npos);
    CHECK(rest.find(" 0.79 ") == std::string::npos);
}
