// attn decode: every step of generation with a KV cache agrees with a float64 torch loop
// (tests/generate_attention.py), stacks to causal attention, and counts its work and bytes.
#include <fstream>
#include <nlohmann/json.hpp>

#include "check_matrices.hpp"
#include "course/decode.hpp"
#include "math/decode.hpp"
#include "test_support.hpp"

using attn::test::check_matrices;
using attn::test::json_matrix;
using nlohmann::json;
namespace m = attn::math;

namespace {

std::string case_file(const std::string& name, const std::string& file) {
    return attn::test::fixture_path("attention/" + name + "/" + file);
}

json expected_for(const std::string& name) {
    std::ifstream in(case_file(name, "expected.json"));
    REQUIRE(in);
    return json::parse(in);
}

attn::course::RunRequest decode_request(const std::string& name, const json& expected) {
    attn::course::RunRequest r;
    r.x_csv = case_file(name, "x.csv");
    r.wq_csv = case_file(name, "wq.csv");
    r.wk_csv = case_file(name, "wk.csv");
    r.wv_csv = case_file(name, "wv.csv");
    r.wo_csv = case_file(name, "wo.csv");
    r.heads = expected["n_heads"];
    r.kv_heads = expected["n_kv_heads"].get<arma::uword>();
    return r;
}

std::vector<std::string> decode_args(const std::string& name, const json& expected) {
    return {"decode", "--x", case_file(name, "x.csv"), "--wq", case_file(name, "wq.csv"), "--wk", case_file(name, "wk.csv"),
            "--wv", case_file(name, "wv.csv"), "--wo", case_file(name, "wo.csv"), "--heads",
            std::to_string(expected["n_heads"].get<int>()), "--kv-heads", std::to_string(expected["n_kv_heads"].get<int>())};
}

}  // namespace

TEST_CASE("every decode step agrees with torch's token-by-token loop", "[decode][torch]") {
    for (const char* name : {"grouped_causal", "multihead_decode"}) {
        INFO(name);
        const json expected = expected_for(name);
        const attn::course::DecodeReport r = attn::course::run_decode(decode_request(name, expected));
        const json& steps = expected["decode"]["steps"];
        REQUIRE(r.trace.steps.size() == steps.size());
        for (size_t t = 0; t < steps.size(); ++t) {
            const m::DecodeStep& s = r.trace.steps[t];
            REQUIRE(s.t == t);
            for (size_t h = 0; h < s.heads.size(); ++h) {
                INFO("step " << t << ", head " << h);
                const json& e = steps[t]["heads"][h];
                REQUIRE(s.heads[h].kv_head == e["kv_head"].get<arma::uword>());
                for (const auto& [mine, key] : {std::pair{&s.heads[h].q, "q"}, {&s.heads[h].k, "k"}, {&s.heads[h].v, "v"},
                                                {&s.heads[h].k_cache, "k_cache"}, {&s.heads[h].v_cache, "v_cache"},
                                                {&s.heads[h].scores, "scores"}, {&s.heads[h].weights, "weights"},
                                                {&s.heads[h].output, "output"}}) {
                    INFO(key);
                    check_matrices(*mine, json_matrix(e[key]));
                }
                REQUIRE(s.heads[h].k_cache.n_rows == t + 1);
            }
            check_matrices(s.output, json_matrix(steps[t]["output"]));
        }
        check_matrices(r.trace.output, json_matrix(expected["decode"]["output"]));
        // Stacked, the steps are causal attention: torch's MultiheadAttention with the causal mask.
        check_matrices(r.causal_output, json_matrix(expected["stages"]["output"]));
        REQUIRE(r.causal_max_abs_difference <= 1e-12);
    }
}

TEST_CASE("decode work: with a cache linear in t, without it quadratic; cache bytes per token", "[decode]") {
    // d_model 4, one head, d_k = d_v = 2, no W_O. Projections: 4·(2+2+2) = 24 per token; a pair costs 2+2 = 4.
    const m::DecodeWork w0 = m::decode_work(0, 4, 1, 1, 2, 2, 0);
    REQUIRE(w0.with_cache == 24 + 4);
    REQUIRE(w0.without_cache == 24 + 4);
    const m::DecodeWork w3 = m::decode_work(3, 4, 1, 1, 2, 2, 0);
    REQUIRE(w3.with_cache == 24 + 4 * 4);
    REQUIRE(w3.without_cache == 4 * 24 + 10 * 4);  // 4 tokens, 1+2+3+4 = 10 visible pairs
    // GQA: 4 query heads, 2 kv heads, d_k = 2, d_model 8, W_O 8 → 8:
    // projections 8·(4·2 + 2·(2+2)) = 128, a pair 4·(2+2) = 16, W_O 4·2·8 = 64.
    REQUIRE(m::decode_work(1, 8, 4, 2, 2, 2, 8).with_cache == 128 + 2 * 16 + 64);

    const arma::mat x(3, 4, arma::fill::randn);
    m::ProjectionWeights w{arma::mat(4, 4, arma::fill::randn), arma::mat(4, 2, arma::fill::randn),
                           arma::mat(4, 2, arma::fill::randn), arma::mat(4, 4, arma::fill::randn)};
    const m::DecodeTrace trace = m::decode(x, w, 2, 1);
    REQUIRE(trace.steps[2].cache_bytes == 3 * (2 + 2) * 8);
    REQUIRE(trace.cache.size == 3);
    REQUIRE_THROWS_WITH(m::decode(x, w, 2, 2), Catch::Contains("(4, 2)"));
}

TEST_CASE("attn decode --format json follows the documented schema", "[decode][cli][json]") {
    const json expected = expected_for("grouped_causal");
    std::vector<std::string> args = decode_args("grouped_causal", expected);
    args.insert(args.end(), {"--format", "json"});
    const auto result = attn::test::run_attn(args);
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    REQUIRE(result.err.empty());
    const json doc = json::parse(result.out);
    REQUIRE(doc["n_heads"] == 4);
    REQUIRE(doc["n_kv_heads"] == 2);
    REQUIRE(doc["steps"].size() == 5);
    for (size_t t = 0; t < 5; ++t) {
        const json& step = doc["steps"][t];
        REQUIRE(step["t"] == t);
        REQUIRE(step["token"] == "t" + std::to_string(t));
        for (const char* key : {"q", "k", "v", "k_cache", "v_cache", "output"}) REQUIRE(step.contains(key));
        REQUIRE(step["k_cache"].size() == t + 1);
        REQUIRE(step["k"].size() == 4);  // 2 kv heads of d_k = 2
        for (size_t h = 0; h < 4; ++h) {
            const json& e = expected["decode"]["steps"][t]["heads"][h];
            REQUIRE(step["heads"][h]["kv_head"] == e["kv_head"]);
            for (const char* key : {"q", "k", "v", "k_cache", "v_cache", "scores", "weights", "output"})
                check_matrices(json_matrix(step["heads"][h][key]), json_matrix(e[key]));
        }
        check_matrices(json_matrix(step["output"]), json_matrix(expected["decode"]["steps"][t]["output"]));
    }
    check_matrices(json_matrix(doc["stages"]["output"]), json_matrix(expected["stages"]["output"]));
    REQUIRE(doc["cache_bytes"] == 5 * (4 + 4) * 8);
    REQUIRE(doc["causal_max_abs_difference"].get<double>() <= 1e-12);
}

TEST_CASE("attn decode on one head puts the per-head fields on the step", "[decode][cli][json]") {
    const auto result = attn::test::run_attn({"decode", "-s", "I ate the apple", "--format", "json"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    const json doc = json::parse(result.out);
    REQUIRE(doc["steps"].size() == 4);
    const json& last = doc["steps"][3];
    REQUIRE(last["token"] == "apple");
    REQUIRE_FALSE(last.contains("heads"));
    REQUIRE(last["scores"].size() == 4);
    double sum = 0;
    for (const json& w : last["weights"]) sum += w.get<double>();
    REQUIRE(std::fabs(sum - 1.0) < 1e-12);
    // The same sentence through attn run --mask causal: the last row of its output is the last step's.
    const json run = json::parse(attn::test::run_attn({"run", "-s", "I ate the apple", "--mask", "causal", "--format", "json"}).out);
    check_matrices(json_matrix(doc["stages"]["output"]), json_matrix(run["stages"]["output"]));
    check_matrices(json_matrix(last["weights"]), json_matrix(run["stages"]["weights"][3]));
}

TEST_CASE("attn decode text shows every step and the check, within 80 columns", "[decode][cli]") {
    const auto r = attn::test::run_attn({"decode", "-s", "I ate the apple", "--heads", "2", "--kv-heads", "1", "--ascii"},
                                        {"COLUMNS=80"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    for (const char* needle : {"step 0: 'I'", "step 3: 'apple'", "apple (new)", "K cache", "V cache",
                               "equal attn run --mask causal", "without", "(kv head 0)"})
        REQUIRE(r.out.find(needle) != std::string::npos);
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) {
        INFO(line);
        REQUIRE(line.size() <= 80);
        for (unsigned char c : line) REQUIRE(c < 128);
    }
}

TEST_CASE("attn decode refuses bad input with exit 2", "[decode][cli]") {
    using attn::test::require_input_error;
    require_input_error({"decode", "-s", "I ate the apple", "--heads", "4", "--kv-heads", "3"}, {"--kv-heads 3", "divide"});
    require_input_error({"decode", "-s", "I ate the apple", "--heads", "2", "--kv-heads", "0"}, {"--kv-heads 0"});
    require_input_error({"decode", "-s", "I ate the unicorn"}, {"unicorn"});
    const json expected = expected_for("grouped_causal");
    std::vector<std::string> args = decode_args("grouped_causal", expected);
    args.back() = "4";  // W_K has 2 kv heads' columns, not 4
    require_input_error(args, {"W_K", "(8, 4)"});
}
