// attn transformer end to end: the binary's JSON and CSV against PyTorch's numbers, and bad input.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "check_matrices.hpp"
#include "run_binary.hpp"
#include "test_support.hpp"

using attn::test::check_matrices;
using attn::test::run_attn;
using nlohmann::json;

using attn::test::require_input_error;
using attn::test::TempFile;

namespace {

std::string fx(const std::string& file) { return attn::test::fixture_path("transformer/" + file); }

json load_json(const std::string& path) {
    std::ifstream in(path);
    REQUIRE(in.good());
    return json::parse(in);
}

json run_json(const std::vector<std::string>& args) {
    const auto r = run_attn(args);
    INFO("stderr: " << r.err);
    REQUIRE(r.exit_code == 0);
    REQUIRE(r.err.empty());
    return json::parse(r.out);
}

void check_against_torch(const json& doc, const json& torch) {
    check_matrices(attn::test::json_matrix(doc.at("output")), attn::test::json_matrix(torch.at("output")));
    // Without positions the block's input is x itself, and no separate "input" stage is written.
    check_matrices(
        attn::test::json_matrix(doc.at("stages").at(doc.at("positional").get<bool>() ? "input" : "x")),
        attn::test::json_matrix(torch.at("input")));
    for (const char* stage : {"q", "k", "v", "attention", "residual1", "norm1", "hidden", "activated", "ffn",
                              "residual2", "norm2"})
        check_matrices(attn::test::json_matrix(doc.at("stages").at(stage)),
                       attn::test::json_matrix(torch.at(stage)));
    REQUIRE(doc.at("heads").size() == torch.at("head_weights").size());
    for (size_t h = 0; h < doc.at("heads").size(); ++h)
        check_matrices(attn::test::json_matrix(doc.at("heads")[h].at("weights")),
                       attn::test::json_matrix(torch.at("head_weights")[h]));
}

}  // namespace

TEST_CASE("attn transformer --format json agrees with torch (post-norm, shipped weights)",
          "[transformer][cli]") {
    const json doc = run_json({"transformer", "-s", "I ate the apple", "--positional", "--weights",
                               "transformer/encoder.toml", "--format", "json"});
    REQUIRE(doc.at("tokens") == json({"I", "ate", "the", "apple"}));
    REQUIRE(doc.at("norm") == "post");
    REQUIRE(doc.at("n_heads") == 2);
    REQUIRE(doc.at("d_k") == 3);
    REQUIRE(doc.at("d_ff") == 12);
    REQUIRE(doc.at("activation") == "relu");
    REQUIRE(doc.at("positional") == true);
    check_against_torch(doc, load_json(fx("apple_post_relu.json")));
}

TEST_CASE("attn transformer agrees with torch for pre-norm and for gelu with 3 heads", "[transformer][cli]") {
    const json pre = run_json({"transformer", "-s", "I love my apple phone", "--positional", "--weights",
                               fx("apple_pre_relu.weights.toml"), "--format", "json"});
    REQUIRE(pre.at("norm") == "pre");
    check_against_torch(pre, load_json(fx("apple_pre_relu.json")));
    const json gelu = run_json({"transformer", "-s", "she ate my apple pie", "--weights",
                                fx("apple_post_gelu_h3.weights.toml"), "--format", "json"});
    REQUIRE(gelu.at("activation") == "gelu");
    check_against_torch(gelu, load_json(fx("apple_post_gelu_h3.json")));
}

TEST_CASE("attn transformer --format csv writes exact numbers per stage", "[transformer][cli]") {
    const auto r = run_attn({"transformer", "-s", "I ate the apple", "--positional", "--weights",
                             "transformer/encoder.toml", "--format", "csv", "--show", "output"});
    REQUIRE(r.exit_code == 0);
    std::istringstream in(r.out);
    std::string line;
    std::getline(in, line);
    REQUIRE(line == "# stage: norm2");
    arma::mat values(4, 6);
    for (arma::uword row = 0; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream cells(line);
        std::string cell;
        for (arma::uword c = 0; std::getline(cells, cell, ','); ++c) values(row, c) = std::stod(cell);
        ++row;
    }
    check_matrices(values, attn::test::json_matrix(load_json(fx("apple_post_relu.json")).at("output")));
}

TEST_CASE("attn transformer text names the block and its stages", "[transformer][cli]") {
    const auto r = run_attn({"--color", "never", "transformer", "--explain", "apple,ate", "--head", "0"});
    REQUIRE(r.exit_code == 0);
    for (const char* needle : {"block:   post-norm", "norm2 (4 × 6)", "residual1 (4 × 6)", "head 1: weights",
                               "'apple' (row 3) attend to 'ate'"})
        CHECK(r.out.find(needle) != std::string::npos);
}

TEST_CASE("attn transformer --permute: order invisible without positions, visible with them",
          "[transformer][cli]") {
    const json plain =
        run_json({"transformer", "-s", "I love my apple phone", "--permute", "reverse", "--format", "json"});
    REQUIRE(plain.at("permutation").at("tokens") == json({"phone", "apple", "my", "love", "I"}));
    CHECK(plain.at("permutation").at("max_abs_difference").get<double>() < 1e-12);
    const json ordered = run_json({"transformer", "-s", "I love my apple phone", "--permute", "reverse",
                                   "--positional", "--format", "json"});
    CHECK(ordered.at("permutation").at("max_abs_difference").get<double>() > 0.05);
}

TEST_CASE("attn transformer: bad input exits 2 with one clear message", "[transformer][cli][errors]") {
    require_input_error({"transformer", "-s", "I ate the pear"}, {"'pear'", "closest words"});
    require_input_error({"transformer", "--heads", "4"}, {"4 heads"});
    require_input_error({"transformer", "--d-ff", "0"}, {"--d-ff"});
    require_input_error({"transformer", "--activation", "tanh"}, {"--activation"});
    require_input_error({"transformer", "--permute", "0,0,1,2"}, {"exactly once"});
    require_input_error({"transformer", "--weights", "no-such-weights.toml"},
                        {"no-such-weights.toml", "no such file"});
    require_input_error({"transformer", "--weights", "transformer/encoder.toml", "--seed", "3"}, {"--seed"});
    require_input_error({"transformer", "--show", "bogus"}, {"'bogus'", "residual1"});
    require_input_error({"transformer", "--head", "1"}, {"--explain"});
    require_input_error({"transformer", "--explain", "apple,pear"}, {"'pear'"});
    require_input_error({"transformer", "--x", fx("missing.csv")}, {"missing.csv"});
}

TEST_CASE("attn transformer: a weights file of the wrong shape names the file and the matrix",
          "[transformer][cli][errors]") {
    const auto tmp = std::filesystem::temp_directory_path();
    const std::string x = (tmp / ("attn-test-tf-" + std::to_string(::getpid()) + ".csv")).string();
    const std::string w = (tmp / ("attn-test-tf-" + std::to_string(::getpid()) + ".toml")).string();
    std::ofstream(x) << "1,0\n0,1\n0.5,0.5\n";
    std::ofstream(w)
        << "w_q = [[1, 0], [0, 1]]\nw_k = [[1, 0], [0, 1]]\nw_v = [[1, 0], [0, 1]]\nw_o = [[1, 0], [0, 1]]\n"
           "w_1 = [[1, 0, 1], [0, 1, 1]]\nw_2 = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]\n";
    require_input_error({"transformer", "--x", x, "--weights", w}, {w, "W_2 (3, 3)"});
    std::ofstream(w)
        << "w_q = [[1, 0], [0, 1]]\nw_k = [[1, 0], [0, 1]]\nw_v = [[1, 0], [0, 1]]\nw_o = [[1, 0], [0, 1]]\n"
           "w_1 = [[1, 0, 1], [0, 1, 1]]\nw_2 = [[1, 0], [0, 1], [1, 1]]\nheads = 1\n";
    const json ok =
        run_json({"transformer", "--x", x, "--weights", w, "--labels", "a b c", "--format", "json"});
    REQUIRE(ok.at("tokens") == json({"a", "b", "c"}));
    REQUIRE(ok.at("d_ff") == 3);
    std::remove(x.c_str());
    std::remove(w.c_str());
}

TEST_CASE("attn transformer --decoder adds masked self-attention and cross-attention to the JSON",
          "[transformer][cli][decoder]") {
    const json doc = run_json(
        {"transformer", "-s", "I ate the apple", "--decoder", "she ate a banana pie", "--format", "json"});
    const json& d = doc.at("decoder");
    REQUIRE(d.at("tokens") == json({"she", "ate", "a", "banana", "pie"}));
    REQUIRE(d.at("self_weights").size() == 2);
    const arma::mat self0 = attn::test::json_matrix(d.at("self_weights")[0]),
                    cross0 = attn::test::json_matrix(d.at("cross_weights")[0]);
    REQUIRE(self0(0, 1) == 0.0);
    REQUIRE(self0(3, 4) == 0.0);
    REQUIRE(cross0.n_rows == 5);
    REQUIRE(cross0.n_cols == 4);
    REQUIRE(attn::test::json_matrix(d.at("cross_output")).n_cols == 6);
    require_input_error({"transformer", "--x", fx("../attention/single/x.csv"), "--decoder", "she ate"},
                        {"--decoder"});
}
