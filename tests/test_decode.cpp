// attn decode: every step of generation with a KV cache agrees with a float64 torch loop
// (tests/generate_attention.py), stacks to causal attention, and counts its work and bytes.
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "check_matrices.hpp"
#include "course/decode.hpp"
#include "math/decode.hpp"
#include "math/variants.hpp"
#include "test_support.hpp"
#include "variant_fixtures.hpp"

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
    return {"decode",
            "--x",
            case_file(name, "x.csv"),
            "--wq",
            case_file(name, "wq.csv"),
            "--wk",
            case_file(name, "wk.csv"),
            "--wv",
            case_file(name, "wv.csv"),
            "--wo",
            case_file(name, "wo.csv"),
            "--heads",
            std::to_string(expected["n_heads"].get<int>()),
            "--kv-heads",
            std::to_string(expected["n_kv_heads"].get<int>())};
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
                for (const auto& [mine, key] : {std::pair{&s.heads[h].q, "q"},
                                                {&s.heads[h].k, "k"},
                                                {&s.heads[h].v, "v"},
                                                {&s.heads[h].k_cache, "k_cache"},
                                                {&s.heads[h].v_cache, "v_cache"},
                                                {&s.heads[h].scores, "scores"},
                                                {&s.heads[h].weights, "weights"},
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

TEST_CASE("decode work: with a cache linear in t, without it quadratic - cache bytes per token", "[decode]") {
    // d_model 4, one head, d_k = d_v = 2, no W_O. Projections: 4·(2+2+2) = 24 per token; a pair costs 2+2
    // = 4.
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
    const json run = json::parse(
        attn::test::run_attn({"run", "-s", "I ate the apple", "--mask", "causal", "--format", "json"}).out);
    check_matrices(json_matrix(doc["stages"]["output"]), json_matrix(run["stages"]["output"]));
    check_matrices(json_matrix(last["weights"]), json_matrix(run["stages"]["weights"][3]));
}

TEST_CASE("attn decode text shows every step and the check, within 80 columns", "[decode][cli]") {
    const auto r = attn::test::run_attn(
        {"decode", "-s", "I ate the apple", "--heads", "2", "--kv-heads", "1", "--ascii"}, {"COLUMNS=80"});
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
    require_input_error({"decode", "-s", "I ate the apple", "--heads", "4", "--kv-heads", "3"},
                        {"--kv-heads 3", "divide"});
    require_input_error({"decode", "-s", "I ate the apple", "--heads", "2", "--kv-heads", "0"},
                        {"--kv-heads 0"});
    require_input_error({"decode", "-s", "I ate the unicorn"}, {"unicorn"});
    const json expected = expected_for("grouped_causal");
    std::vector<std::string> args = decode_args("grouped_causal", expected);
    args.back() = "4";  // W_K has 2 kv heads' columns, not 4
    require_input_error(args, {"W_K", "(8, 4)"});
}

TEST_CASE("decode with a window: a rolling buffer of S + W rows, every step equal to torch's",
          "[decode][torch][window]") {
    for (const char* name : {"window_sinks", "window_heads"}) {
        INFO(name);
        std::ifstream in(attn::test::variant_file(name, "expected.json"));
        REQUIRE(in);
        const json expected = json::parse(in);
        const attn::course::RunRequest request = attn::test::variant_request(name, expected);
        const arma::uword capacity = *request.window + request.sinks;
        const attn::course::DecodeReport r = attn::course::run_decode(request);
        const json& steps = expected["decode"]["steps"];
        REQUIRE(r.trace.steps.size() == steps.size());
        REQUIRE(r.trace.steps.size() > capacity);  // the buffer wraps around
        for (size_t t = 0; t < steps.size(); ++t) {
            INFO("step " << t);
            const m::DecodeStep& s = r.trace.steps[t];
            REQUIRE(s.t == t);
            REQUIRE(s.cache_tokens == steps[t]["cache_tokens"].get<std::vector<arma::uword>>());
            REQUIRE(s.cache_tokens.size() <= capacity);
            REQUIRE(s.row == steps[t]["cache_row"].get<arma::uword>());
            REQUIRE(s.evicted.has_value() == !steps[t]["evicted"].is_null());
            if (s.evicted) REQUIRE(*s.evicted == steps[t]["evicted"].get<arma::uword>());
            REQUIRE(s.k_cache.n_rows == s.cache_tokens.size());
            REQUIRE(s.cache_bytes == s.cache_tokens.size() * (s.k_cache.n_cols + s.v_cache.n_cols) * 8.0);
            for (size_t h = 0; h < s.heads.size(); ++h) {
                const json& e = steps[t]["heads"][h];
                for (const auto& [mine, key] : {std::pair{&s.heads[h].k_cache, "k_cache"},
                                                {&s.heads[h].v_cache, "v_cache"},
                                                {&s.heads[h].scores, "scores"},
                                                {&s.heads[h].weights, "weights"},
                                                {&s.heads[h].output, "output"}}) {
                    INFO("head " << h << " " << key);
                    check_matrices(*mine, json_matrix(e[key]));
                }
            }
            check_matrices(s.output, json_matrix(steps[t]["output"]));
        }
        REQUIRE(r.trace.cache.keys.n_rows == capacity);  // allocated once, never grown
        check_matrices(r.trace.output, json_matrix(expected["decode"]["output"]));
        // attn run --mask causal --window W --sinks S, i.e. torch's masked attention on the same input.
        check_matrices(r.causal_output, json_matrix(expected["stages"]["output"]));
        REQUIRE(r.causal_max_abs_difference <= 1e-12);
    }
}

TEST_CASE("decode work with a window: keys per step stop at S + W - pairs equal the keep-mask's",
          "[decode][window]") {
    const m::Window w{2, 1};
    // d_model 4, one head, d_k = d_v = 2: projections 24 per token, a pair 4. Keys seen at t = 0..4: 1, 2, 3,
    // 3, 3.
    REQUIRE(m::decode_work(4, 4, 1, 1, 2, 2, 0, w).with_cache == 24 + 3 * 4);
    REQUIRE(m::decode_work(4, 4, 1, 1, 2, 2, 0, w).without_cache == 5 * 24 + 12 * 4);
    // With d_model = 0, d_k = 1, d_v = 0 and no W_O the work is the number of (query, key) pairs.
    for (arma::uword size : {1, 2, 3, 5})
        for (arma::uword sinks : {0, 1, 2, 4})
            for (arma::uword t = 0; t < 12; ++t) {
                INFO("W " << size << ", S " << sinks << ", t " << t);
                const arma::umat keep = m::window_keep(t + 1, t + 1, size, sinks);
                REQUIRE(m::decode_work(t, 0, 1, 1, 1, 0, 0, m::Window{size, sinks}).without_cache ==
                        static_cast<double>(arma::accu(keep)));
                REQUIRE(m::visible_keys(t, m::Window{size, sinks}) == arma::accu(keep.row(t)));
                REQUIRE(m::cache_row(t, m::Window{size, sinks}) < size + sinks);
            }
}

TEST_CASE("attn decode --window --sinks: JSON shows the rows held, equal to attn run --window",
          "[decode][cli][window]") {
    std::ifstream in(attn::test::variant_file("window_sinks", "expected.json"));
    const json expected = json::parse(in);
    const std::vector<std::string> inputs = {"--x",      attn::test::variant_file("window_sinks", "x.csv"),
                                             "--wq",     attn::test::variant_file("window_sinks", "wq.csv"),
                                             "--wk",     attn::test::variant_file("window_sinks", "wk.csv"),
                                             "--wv",     attn::test::variant_file("window_sinks", "wv.csv"),
                                             "--window", "3",
                                             "--sinks",  "2",
                                             "--format", "json"};
    std::vector<std::string> args = {"decode"};
    args.insert(args.end(), inputs.begin(), inputs.end());
    const auto result = attn::test::run_attn(args);
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    const json doc = json::parse(result.out);
    REQUIRE(doc["window"] == 3);
    REQUIRE(doc["sinks"] == 2);
    REQUIRE(doc["cache_capacity"] == 5);
    for (size_t t = 0; t < doc["steps"].size(); ++t) {
        const json& step = doc["steps"][t];
        const json& e = expected["decode"]["steps"][t];
        REQUIRE(step["cache_rows"] == std::min<size_t>(t + 1, 5));
        REQUIRE(step["cache_tokens"] == e["cache_tokens"]);
        REQUIRE(step["cache_row"] == e["cache_row"]);
        REQUIRE(step["evicted"] == e["evicted"]);
        REQUIRE(step["k_cache"].size() == step["cache_rows"]);
        check_matrices(json_matrix(step["weights"]), json_matrix(e["heads"][0]["weights"]));
    }
    REQUIRE(doc["cache_bytes"] == 5 * (4 + 4) * 8);
    REQUIRE(doc["causal_max_abs_difference"].get<double>() <= 1e-12);
    args[0] = "run";
    args.insert(args.end(), {"--mask", "causal"});
    const auto run = attn::test::run_attn(args);
    REQUIRE(run.exit_code == 0);
    check_matrices(json_matrix(doc["stages"]["output"]),
                   json_matrix(json::parse(run.out)["stages"]["output"]));
}

TEST_CASE("attn decode --window text: rows held, sinks, evictions, within 60 columns",
          "[decode][cli][window]") {
    const auto r = attn::test::run_attn(
        {"decode", "-s", "I ate pie, you ate the apple", "--window", "3", "--sinks", "1", "--ascii"},
        {"COLUMNS=60"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    for (const char* needle : {"step 6: 'apple'", "(cache: 4 of 4 rows, 288 bytes; row 3: token",
                               "'apple' replaces token 3 'you')", "I (sink)", "apple (new)",
                               "causal --window 3 --sinks 1 on the same input", "rolling", "|difference|"})
        REQUIRE(r.out.find(needle) != std::string::npos);
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) {
        INFO(line);
        REQUIRE(line.size() <= 60);
        for (unsigned char c : line) REQUIRE(c < 128);
    }
}

TEST_CASE("attn decode refuses bad window flags with exit 2", "[decode][cli][window]") {
    using attn::test::require_input_error;
    require_input_error({"decode", "-s", "I ate the apple", "--sinks", "1"}, {"--sinks", "--window"});
    require_input_error({"decode", "-s", "I ate the apple", "--window", "0"}, {"--window"});
    require_input_error({"decode", "-s", "I ate the apple", "--window", "-1"}, {"--window"});
    require_input_error({"decode", "-s", "I ate the apple", "--window", "2", "--sinks", "x"}, {"--sinks"});
    require_input_error({"decode", "-s", "I ate the apple", "--window", "2", "--mask", "causal"}, {"--mask"});
    require_input_error({"decode", "-s", "I ate the apple", "--window", "2", "--rope"}, {"--rope"});
}

namespace {

bool has(const std::string& text, const std::string& needle) {
    return text.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("attn decode --show prints only the blocks asked for", "[decode][cli][show]") {
    const auto r = attn::test::run_attn({"decode", "-s", "I ate the apple", "--show", "k_cache,weights"},
                                        {"COLUMNS=80"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    for (const char* needle :
         {"step 0: 'I'", "step 3: 'apple'", "K cache (4 × 3)", "apple (new)", "scores, weights"})
        REQUIRE(has(r.out, needle));
    for (const char* absent :
         {"V cache", "q (1 × 3)", "k (1 × 3)", "output (1 × 6)", "check:", "work per step"})
        REQUIRE_FALSE(has(r.out, absent));

    // Only the check and the work: no step headings at all.
    const auto end = attn::test::run_attn({"decode", "-s", "I ate the apple", "--show", "check,work"});
    REQUIRE(end.exit_code == 0);
    REQUIRE(has(end.out, "equal attn run --mask causal"));
    REQUIRE(has(end.out, "work per step"));
    REQUIRE(has(end.out, "The cache holds 4 tokens"));
    REQUIRE_FALSE(has(end.out, "step 0:"));
    REQUIRE_FALSE(has(end.out, "K cache"));
}

TEST_CASE("attn decode --step prints only those steps, with the same numbers as the JSON",
          "[decode][cli][show]") {
    const auto r = attn::test::run_attn(
        {"decode", "-s", "I ate the apple", "--step", "1,3", "--show", "weights,output"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    REQUIRE(has(r.out, "step 1: 'ate'"));
    REQUIRE(has(r.out, "step 3: 'apple'"));
    REQUIRE_FALSE(has(r.out, "step 0:"));
    REQUIRE_FALSE(has(r.out, "step 2:"));
    const auto j = attn::test::run_attn({"decode", "-s", "I ate the apple", "--format", "json"});
    REQUIRE(j.exit_code == 0);
    const json doc = json::parse(j.out);
    // The weight apple gives ate, 0.4464 with the preset weights, as the text prints it.
    const double weight = doc["steps"][3]["weights"][1].get<double>();
    REQUIRE(weight == Approx(0.44640).margin(1e-4));
    char printed[32];
    std::snprintf(printed, sizeof printed, "%.4f", weight);
    REQUIRE(has(r.out, printed));
}

TEST_CASE("attn decode --show and --step leave the JSON unchanged", "[decode][cli][show][json]") {
    const auto all = attn::test::run_attn({"decode", "-s", "I ate the apple", "--format", "json"});
    const auto some = attn::test::run_attn(
        {"decode", "-s", "I ate the apple", "--format", "json", "--show", "k_cache", "--step", "2"});
    REQUIRE(all.exit_code == 0);
    REQUIRE(some.exit_code == 0);
    REQUIRE(some.out == all.out);
}

TEST_CASE("attn decode refuses an unknown block or step with exit 2", "[decode][cli][show]") {
    using attn::test::require_input_error;
    require_input_error(
        {"decode", "-s", "I ate the apple", "--show", "cache"},
        {"unknown block 'cache'", "new,k_cache,v_cache,weights,output,splits,pool,chunks,verify,check,work"});
    require_input_error({"decode", "-s", "I ate the apple", "--step", "4"}, {"--step 4", "steps are 0..3"});
}
