// Every stage of attn's attention agrees with PyTorch (float64) to 1e-12.
// The fixtures come from tests/generate_attention.py.
#include <fstream>
#include <nlohmann/json.hpp>

#include "check_matrices.hpp"
#include "course/experiment.hpp"
#include "run_binary.hpp"
#include "test_support.hpp"

using attn::test::check_matrices;
using attn::test::fixture_path;
using nlohmann::json;

namespace {

std::string case_file(const std::string& name, const std::string& file) {
    return fixture_path("attention/" + name + "/" + file);
}

json expected_for(const std::string& name) {
    std::ifstream in(case_file(name, "expected.json"));
    REQUIRE(in);
    return json::parse(in);
}

attn::course::RunRequest projection_request(const std::string& name, bool with_wo) {
    attn::course::RunRequest r;
    r.x_csv = case_file(name, "x.csv");
    r.wq_csv = case_file(name, "wq.csv");
    r.wk_csv = case_file(name, "wk.csv");
    r.wv_csv = case_file(name, "wv.csv");
    if (with_wo) r.wo_csv = case_file(name, "wo.csv");
    return r;
}

void check_head(const attn::math::HeadTrace& h, const json& expected) {
    check_matrices(h.q, attn::test::json_matrix(expected["q"]));
    check_matrices(h.k, attn::test::json_matrix(expected["k"]));
    check_matrices(h.v, attn::test::json_matrix(expected["v"]));
    check_matrices(h.scores, attn::test::json_matrix(expected["scores"]));
    check_matrices(h.scaled, attn::test::json_matrix(expected["scaled"]));
    REQUIRE(h.masked.has_value() == expected.contains("masked"));
    if (h.masked) check_matrices(*h.masked, attn::test::json_matrix(expected["masked"]));
    check_matrices(h.weights, attn::test::json_matrix(expected["weights"]));
    check_matrices(h.output, attn::test::json_matrix(expected["output"]));
}

}  // namespace

TEST_CASE("single head, no mask, agrees with torch", "[torch][attention]") {
    const json expected = expected_for("single");
    const attn::course::Experiment e = attn::course::run_experiment(projection_request("single", false));
    check_matrices(*e.trace.x, attn::test::json_matrix(expected["stages"]["x"]));
    check_head(e.trace.heads.at(0), expected["stages"]);
    check_matrices(e.trace.output, attn::test::json_matrix(expected["stages"]["output"]));
}

TEST_CASE("single head with the causal mask agrees with torch", "[torch][attention][mask]") {
    attn::course::RunRequest r = projection_request("single_causal", false);
    r.masks = {"causal"};
    check_head(attn::course::run_experiment(r).trace.heads.at(0), expected_for("single_causal")["stages"]);
}

TEST_CASE("a keep-matrix from a CSV file agrees with torch", "[torch][attention][mask]") {
    attn::course::RunRequest r = projection_request("single_keep_file", false);
    r.masks = {case_file("single_keep_file", "keep.csv")};
    check_head(attn::course::run_experiment(r).trace.heads.at(0), expected_for("single_keep_file")["stages"]);
}

TEST_CASE("multi-head attention agrees with torch.nn.MultiheadAttention", "[torch][multihead]") {
    for (const auto& [name, heads, causal] :
         {std::tuple{"multihead_causal", 2, true}, std::tuple{"multihead3", 3, false}}) {
        INFO(name);
        const json expected = expected_for(name);
        attn::course::RunRequest r = projection_request(name, true);
        r.heads = heads;
        if (causal) r.masks = {"causal"};
        const attn::course::Experiment e = attn::course::run_experiment(r);
        REQUIRE(e.trace.heads.size() == static_cast<size_t>(heads));
        for (int h = 0; h < heads; ++h) {
            check_head(e.trace.heads[h], expected["heads"][h]);
            check_matrices(e.trace.heads[h].weights,
                           attn::test::json_matrix(expected["torch_head_weights"][h]));
        }
        check_matrices(*e.trace.concat, attn::test::json_matrix(expected["stages"]["concat"]));
        check_matrices(e.trace.output, attn::test::json_matrix(expected["stages"]["output"]));
    }
}

TEST_CASE("the padding mask agrees with torch's key_padding_mask", "[torch][mask]") {
    const json expected = expected_for("padding");
    attn::course::RunRequest r = projection_request("padding", true);
    r.labels = expected["labels"].get<std::string>();
    r.masks = {"padding"};
    const attn::course::Experiment e = attn::course::run_experiment(r);
    check_matrices(e.trace.heads.at(0).weights, attn::test::json_matrix(expected["stages"]["weights"]));
    check_matrices(e.trace.output, attn::test::json_matrix(expected["stages"]["output"]));
}

TEST_CASE("attn run --heads 2 --mask causal --format json agrees with torch", "[torch][cli][json]") {
    const std::string c = "multihead_causal";
    const auto result = attn::test::run_attn({"run", "--x", case_file(c, "x.csv"), "--wq",
                                              case_file(c, "wq.csv"), "--wk", case_file(c, "wk.csv"), "--wv",
                                              case_file(c, "wv.csv"), "--wo", case_file(c, "wo.csv"),
                                              "--heads", "2", "--mask", "causal", "--format", "json"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    REQUIRE(result.err.empty());
    const json doc = json::parse(result.out);
    const json expected = expected_for(c);
    REQUIRE(doc["tokens"].size() == 5);
    for (const char* stage : {"x", "q", "k", "v", "concat", "output"}) {
        INFO(stage);
        check_matrices(attn::test::json_matrix(doc["stages"][stage]),
                       attn::test::json_matrix(expected["stages"][stage]));
    }
    REQUIRE(doc["heads"].size() == 2);
    for (int h = 0; h < 2; ++h)
        for (const char* stage : {"q", "k", "v", "scores", "scaled", "masked", "weights", "output"}) {
            INFO("head " << h << " " << stage);
            check_matrices(attn::test::json_matrix(doc["heads"][h][stage]),
                           attn::test::json_matrix(expected["heads"][h][stage]));
        }
    // The mask is reported as the keep-matrix: lower triangle of ones.
    check_matrices(attn::test::json_matrix(doc["mask"]), arma::trimatl(arma::mat(5, 5, arma::fill::ones)));
}

TEST_CASE("grouped-query and multi-query attention agree with torch (K and V repeated per group)",
          "[torch][gqa]") {
    for (const char* name : {"grouped_causal", "multiquery", "multihead_decode"}) {
        INFO(name);
        const json expected = expected_for(name);
        const arma::uword heads = expected["n_heads"], kv_heads = expected["n_kv_heads"];
        attn::course::RunRequest r = projection_request(name, true);
        r.heads = heads;
        r.kv_heads = kv_heads;
        if (expected["causal"].get<bool>()) r.masks = {"causal"};
        const attn::course::Experiment e = attn::course::run_experiment(r);
        REQUIRE(e.trace.n_kv_heads == kv_heads);
        REQUIRE(e.trace.k.n_cols == expected["stages"]["k"][0].size());
        for (arma::uword h = 0; h < heads; ++h) {
            INFO("head " << h);
            REQUIRE(e.trace.heads[h].kv_head == expected["heads"][h]["kv_head"].get<arma::uword>());
            check_head(e.trace.heads[h], expected["heads"][h]);
            check_matrices(e.trace.heads[h].weights,
                           attn::test::json_matrix(expected["torch_head_weights"][h]));
        }
        check_matrices(*e.trace.concat, attn::test::json_matrix(expected["stages"]["concat"]));
        check_matrices(e.trace.output, attn::test::json_matrix(expected["stages"]["output"]));
    }
}

TEST_CASE("attn run --kv-heads writes n_kv_heads and each head's kv_head, k and v",
          "[torch][gqa][cli][json]") {
    const std::string c = "grouped_causal";
    const auto result = attn::test::run_attn(
        {"run", "--x", case_file(c, "x.csv"), "--wq", case_file(c, "wq.csv"), "--wk", case_file(c, "wk.csv"),
         "--wv", case_file(c, "wv.csv"), "--wo", case_file(c, "wo.csv"), "--heads", "4", "--kv-heads", "2",
         "--mask", "causal", "--format", "json"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    const json doc = json::parse(result.out);
    const json expected = expected_for(c);
    REQUIRE(doc["n_heads"] == 4);
    REQUIRE(doc["n_kv_heads"] == 2);
    REQUIRE(doc["heads"].size() == 4);
    for (int h = 0; h < 4; ++h) {
        INFO("head " << h);
        REQUIRE(doc["heads"][h]["kv_head"] == h / 2);
        for (const char* stage : {"q", "k", "v", "scores", "weights", "output"})
            check_matrices(attn::test::json_matrix(doc["heads"][h][stage]),
                           attn::test::json_matrix(expected["heads"][h][stage]));
    }
    check_matrices(attn::test::json_matrix(doc["stages"]["output"]),
                   attn::test::json_matrix(expected["stages"]["output"]));
}
