// attn run with --rope, --alibi, --window/--sinks and --kernel linear, end to end: the JSON stages,
// --explain's arithmetic, text at 60 columns in ASCII, and every refused combination (exit 2).
#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>

#include "check_matrices.hpp"
#include "test_support.hpp"

using attn::test::check_matrices;
using attn::test::json_matrix;
using attn::test::require_input_error;
using attn::test::run_attn;
using nlohmann::json;

namespace {
json run_json(std::vector<std::string> args) {
    args.insert(args.begin(), "run");
    args.insert(args.end(), {"--format", "json"});
    const auto r = run_attn(args);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return json::parse(r.out);
}
const std::string kSentence = "I ate the apple";
}  // namespace

TEST_CASE("attn run --rope: q_rot and k_rot in JSON, and shifting the sentence leaves the weights alone",
          "[cli][variants][rope]") {
    const json plain = run_json({"-s", kSentence, "--d-k", "4"});
    const json at0 = run_json({"-s", kSentence, "--d-k", "4", "--rope"});
    const json at5 = run_json({"-s", kSentence, "--d-k", "4", "--rope", "--rope-offset", "5"});
    REQUIRE(at0["stages"].contains("q_rot"));
    REQUIRE(at0["stages"].contains("k_rot"));
    REQUIRE(at0["variant"]["rope"]["base"] == 10000.0);
    REQUIRE(at5["variant"]["rope"]["offset"] == 5.0);
    // Position 0 is unrotated; the scores are q_rot·k_rotᵀ.
    check_matrices(json_matrix(at0["stages"]["q_rot"]).row(0), json_matrix(at0["stages"]["q"]).row(0), 0.0);
    const arma::mat scores = json_matrix(at0["stages"]["q_rot"]) * json_matrix(at0["stages"]["k_rot"]).t();
    check_matrices(json_matrix(at0["stages"]["scores"]), scores, 1e-12);
    check_matrices(json_matrix(at5["stages"]["weights"]), json_matrix(at0["stages"]["weights"]), 1e-12);
    REQUIRE_FALSE(arma::approx_equal(json_matrix(at0["stages"]["weights"]),
                                     json_matrix(plain["stages"]["weights"]), "absdiff", 1e-6));
}

TEST_CASE("attn run --rope with two heads: per head and concatenated", "[cli][variants][rope]") {
    const json doc =
        run_json({"-s", kSentence, "--heads", "2", "--d-k", "2", "--rope", "--rope-base", "100"});
    REQUIRE(doc["heads"].size() == 2);
    const arma::mat h0 = json_matrix(doc["heads"][0]["q_rot"]), h1 = json_matrix(doc["heads"][1]["q_rot"]);
    check_matrices(json_matrix(doc["stages"]["q_rot"]), arma::join_rows(h0, h1), 0.0);
    REQUIRE(doc["stages"].contains("k_rot"));
}

TEST_CASE("attn run --rope refuses an odd d_k and says how to get an even one", "[cli][variants][rope]") {
    require_input_error({"run", "-s", kSentence, "--rope"}, {"d_k must be even", "d_k = 3", "--d-k 4"});
    require_input_error({"run", "-s", kSentence, "--rope-base", "100"}, {"--rope"});
    require_input_error({"run", "-s", kSentence, "--d-k", "4", "--rope", "--rope-base", "0"},
                        {"--rope-base"});
}

TEST_CASE("attn run --alibi: slopes, bias, biased in JSON, the bias comes before the mask",
          "[cli][variants][alibi]") {
    const json doc = run_json({"-s", kSentence, "--heads", "2", "--alibi", "--mask", "causal"});
    REQUIRE(doc["alibi_slopes"] == json({1.0 / 16, 1.0 / 256}));
    const arma::mat bias = json_matrix(doc["heads"][0]["bias"]);
    REQUIRE(bias(3, 1) == -2.0 / 16);  // causal: −m·(i − j)
    check_matrices(json_matrix(doc["heads"][0]["biased"]), json_matrix(doc["heads"][0]["scaled"]) + bias,
                   1e-15);
    REQUIRE(doc["heads"][0]["masked"][0][1].is_null());
    const json one = run_json({"-s", kSentence, "--alibi"});
    REQUIRE(one["alibi_slopes"] == json({1.0 / 256}));
    REQUIRE(json_matrix(one["stages"]["bias"])(0, 3) == -3.0 / 256);  // no mask: −m·|i − j|
}

TEST_CASE("attn run --window with --sinks: the JSON mask shows the window, weights outside it are 0",
          "[cli][variants][window]") {
    const json doc = run_json({"-s", "I love my apple phone", "--window", "2", "--sinks", "1"});
    const json expected = json::parse("[[1,0,0,0,0],[1,1,0,0,0],[1,1,1,0,0],[1,0,1,1,0],[1,0,0,1,1]]");
    REQUIRE(doc["mask"] == expected);
    REQUIRE(doc["stages"]["weights"][4][2] == 0.0);
    REQUIRE(doc["stages"]["weights"][4][0].get<double>() > 0.0);
    const json no_sink = run_json({"-s", "I love my apple phone", "--window", "2", "--mask", "padding"});
    REQUIRE(no_sink["mask"][4] == json({0, 0, 0, 1, 1}));
    require_input_error({"run", "-s", kSentence, "--window", "0"}, {"--window"});
    require_input_error({"run", "-s", kSentence, "--sinks", "1"}, {"--window"});
}

TEST_CASE("attn run --kernel linear: phi_q, phi_k, kv, z, weights, output = weights.V",
          "[cli][variants][linear]") {
    const json doc = run_json({"-s", kSentence, "--kernel", "linear"});
    for (const char* stage : {"phi_q", "phi_k", "kv", "z", "weights", "output"})
        REQUIRE(doc["stages"].contains(stage));
    REQUIRE_FALSE(doc["stages"].contains("scores"));
    check_matrices(json_matrix(doc["stages"]["output"]),
                   json_matrix(doc["stages"]["weights"]) * json_matrix(doc["stages"]["v"]), 1e-12);
    const json causal = run_json({"-s", kSentence, "--kernel", "linear", "--mask", "causal"});
    REQUIRE_FALSE(causal["stages"].contains("kv"));
    REQUIRE_FALSE(causal["stages"].contains("z"));
    REQUIRE(causal["stages"]["weights"][0][1] == 0.0);
    require_input_error({"run", "-s", kSentence, "--kernel", "linear", "--mask", "padding"},
                        {"--kernel linear", "padding"});
    require_input_error({"run", "-s", kSentence, "--kernel", "linear", "--window", "2"}, {"--window"});
    require_input_error({"run", "-s", kSentence, "--kernel", "linear", "--alibi"}, {"--alibi"});
    require_input_error({"run", "-s", kSentence, "--kernel", "cubic"}, {"--kernel"});
}

TEST_CASE("attn run --explain shows the rotation, the bias and the linear similarity",
          "[cli][variants][explain]") {
    const auto rope = run_attn(
        {"run", "-s", kSentence, "--d-k", "4", "--rope", "--show", "weights", "--explain", "apple,ate"},
        {"COLUMNS=100"});
    REQUIRE(rope.exit_code == 0);
    REQUIRE(rope.out.find("RoPE: rotate each pair") != std::string::npos);
    std::string flat = rope.out;  // prose wraps at the width: a line break may fall between words
    std::replace(flat.begin(), flat.end(), '\n', ' ');
    REQUIRE(flat.find("'apple' is at position 3, 'ate' at 1") != std::string::npos);
    // Both vectors are rotated, and the sentence says so of both.
    REQUIRE(flat.find("the rotated query of 'apple' and the rotated key of 'ate'") != std::string::npos);
    const auto alibi =
        run_attn({"run", "-s", kSentence, "--alibi", "--show", "weights", "--explain", "apple,ate"});
    flat = alibi.out;
    std::replace(flat.begin(), flat.end(), '\n', ' ');
    REQUIRE(flat.find("ALiBi bias: -m * distance = -0.0039 * 2 = -0.0078") != std::string::npos);
    const auto linear = run_attn(
        {"run", "-s", kSentence, "--kernel", "linear", "--show", "weights", "--explain", "apple,ate"});
    REQUIRE(linear.out.find("[linear]") != std::string::npos);
    REQUIRE(linear.out.find("row sum") != std::string::npos);
    const json j = run_json({"-s", kSentence, "--kernel", "linear", "--explain", "apple,ate"});
    const arma::mat w = json_matrix(j["stages"]["weights"]);
    REQUIRE(std::fabs(j["explain"][0]["weight"].get<double>() - w(3, 1)) <= 1e-15);
    const json r = run_json({"-s", kSentence, "--d-k", "4", "--rope", "--alibi", "--explain", "apple,ate"});
    REQUIRE(std::fabs(r["explain"][0]["weight"].get<double>() - json_matrix(r["stages"]["weights"])(3, 1)) <=
            1e-15);
    REQUIRE(r["explain"][0]["rotations"].size() == 2);
}

TEST_CASE("attn run variant text output fits 60 columns and --ascii is pure ASCII",
          "[cli][variants][width]") {
    for (const std::vector<std::string>& flags :
         {std::vector<std::string>{"--d-k", "4", "--rope", "--explain", "apple,love"},
          {"--alibi", "--heads", "2", "--explain", "apple,my"},
          {"--window", "2", "--sinks", "1"},
          {"--kernel", "linear", "--explain", "phone,love"}}) {
        std::vector<std::string> args = {"--ascii", "run", "-s", "I love my apple phone"};
        args.insert(args.end(), flags.begin(), flags.end());
        const auto r = run_attn(args, {"COLUMNS=60"});
        INFO(r.err << r.out);
        REQUIRE(r.exit_code == 0);
        std::istringstream lines(r.out);
        for (std::string line; std::getline(lines, line);) {
            INFO(line);
            CHECK(line.size() <= 60);
        }
        for (unsigned char c : r.out) REQUIRE(c < 0x80);
    }
}

TEST_CASE("lessons 18 and 19: the claims their prose makes hold on the shipped toy data",
          "[cli][variants][lessons]") {
    // Lesson 18: without positions, reordering only moves apple->ate; with RoPE the weight changes.
    auto weight = [](const json& doc, const std::string& row, const std::string& col, size_t col_nth = 0) {
        const auto& tokens = doc["tokens"];
        size_t r = 0, c = 0, seen = 0;
        for (size_t i = 0; i < tokens.size(); ++i) {
            if (tokens[i] == row) r = i;
            if (tokens[i] == col && seen++ == col_nth) c = i;
        }
        return doc["stages"]["weights"][r][c].get<double>();
    };
    const double plain = weight(run_json({"-s", "I ate the apple", "--d-k", "4"}), "apple", "ate");
    const double plain_reordered = weight(run_json({"-s", "the apple I ate", "--d-k", "4"}), "apple", "ate");
    CHECK(std::fabs(plain - plain_reordered) < 1e-12);
    const double rope = weight(run_json({"-s", "I ate the apple", "--d-k", "4", "--rope"}), "apple", "ate");
    const double rope_reordered =
        weight(run_json({"-s", "the apple I ate", "--d-k", "4", "--rope"}), "apple", "ate");
    CHECK(std::fabs(rope - rope_reordered) > 0.01);
    // Lesson 19: evicting the first 'ate' hands its weight to the second; a sink brings column I back.
    const std::string s = "I ate pie, you ate the apple";
    const json causal = run_json({"-s", s, "--mask", "causal"}),
               window = run_json({"-s", s, "--window", "3"});
    CHECK(weight(causal, "apple", "ate", 0) > 0.1);
    CHECK(weight(window, "apple", "ate", 0) == 0.0);
    CHECK(weight(window, "apple", "ate", 1) > weight(causal, "apple", "ate", 1) + 0.1);
    const json sinks = run_json({"-s", s, "--window", "3", "--sinks", "1"});
    for (size_t row = 0; row < 7; ++row) CHECK(sinks["stages"]["weights"][row][0].get<double>() > 0.0);
    // Lesson 19: linear attention's rows are flatter than softmax's.
    const arma::mat soft = json_matrix(run_json({"-s", "I ate the apple"})["stages"]["weights"]);
    const arma::mat lin =
        json_matrix(run_json({"-s", "I ate the apple", "--kernel", "linear"})["stages"]["weights"]);
    CHECK(lin.row(3).max() < soft.row(3).max());
    CHECK(lin.row(3).min() > soft.row(3).min());
}
