// Multi-head latent attention (--mla): naive and absorbed agree with each other and with PyTorch (float64,
// as transformers' DeepseekV3Attention computes it) to 1e-12, with and without query compression, with
// both RoPE pairings; attn decode --mla's steps equal the causal run's rows; bad files exit 2 naming the
// file, the line and the shape. Fixtures: tests/generate_mla.py.
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "check_matrices.hpp"
#include "course/mla.hpp"
#include "inputs/input_error.hpp"
#include "inputs/mla_file.hpp"
#include "math/mla.hpp"
#include "run_binary.hpp"
#include "test_support.hpp"

using attn::test::check_matrices;
using attn::test::fixture_path;
using attn::test::json_matrix;
using attn::test::require_input_error;
using attn::test::run_attn;
using nlohmann::json;

namespace {

const std::vector<std::string> kCases{"q_lora_adjacent_causal", "no_q_lora_halves", "one_head_halves_causal"};

std::string mla_file(const std::string& name, const std::string& file) {
    return fixture_path("mla/" + name + "/" + file);
}

json load_json(const std::string& path) {
    std::ifstream in(path);
    REQUIRE(in);
    return json::parse(in);
}

// The request attn run --x X.csv --mla mla.toml builds from the fixture's config.
attn::course::RunRequest mla_request(const std::string& name, const json& config) {
    attn::course::RunRequest r;
    r.x_csv = mla_file(name, "x.csv");
    r.mla = mla_file(name, "mla.toml");
    r.rope_pairs = config["rope_pairs"].get<std::string>();
    if (config["causal"].get<bool>()) r.masks = {"causal"};
    r.temperature = config.value("temperature", 1.0);
    r.rope_offset = config.value("rope_offset", 0.0);
    return r;
}

// The flags of the same request, for the binary.
std::vector<std::string> mla_args(const std::string& command, const std::string& name, const json& config) {
    std::vector<std::string> args{command,
                                  "--x",
                                  mla_file(name, "x.csv"),
                                  "--mla",
                                  mla_file(name, "mla.toml"),
                                  "--rope-pairs",
                                  config["rope_pairs"].get<std::string>(),
                                  "--format",
                                  "json"};
    if (config["causal"].get<bool>() && command == "run") args.insert(args.end(), {"--mask", "causal"});
    if (config.contains("temperature"))
        args.insert(args.end(), {"--temperature", std::to_string(config["temperature"].get<double>())});
    if (config.contains("rope_offset"))
        args.insert(args.end(), {"--rope-offset", std::to_string(config["rope_offset"].get<double>())});
    return args;
}

void check_head(const attn::math::MlaHeadTrace& h, const json& e) {
    check_matrices(h.q_nope, json_matrix(e["q_nope"]));
    check_matrices(h.q_rope, json_matrix(e["q_rope"]));
    check_matrices(h.k_nope, json_matrix(e["k_nope"]));
    check_matrices(h.v, json_matrix(e["v"]));
    check_matrices(h.scores, json_matrix(e["scores"]));
    check_matrices(h.scaled, json_matrix(e["scaled"]));
    check_matrices(h.weights, json_matrix(e["weights"]));
    check_matrices(h.output, json_matrix(e["output"]));
    // The absorbed path never forms K or V, and gets the same numbers.
    check_matrices(h.absorbed_scores, json_matrix(e["scores"]));
    check_matrices(h.absorbed_weights, json_matrix(e["weights"]));
    check_matrices(h.absorbed_output, json_matrix(e["output"]));
}

}  // namespace

TEST_CASE("MLA: naive and absorbed equal PyTorch's DeepseekV3Attention to 1e-12", "[mla]") {
    for (const std::string& name : kCases) {
        INFO("fixture " << name);
        const json e = load_json(mla_file(name, "expected.json"));
        const attn::course::MlaRun run = attn::course::run_mla(mla_request(name, e["config"]));
        const attn::math::MlaTrace& t = run.trace;
        REQUIRE(t.heads.size() == e["heads"].size());
        check_matrices(t.q, json_matrix(e["stages"]["q"]));
        REQUIRE(t.q_a.has_value() == e["stages"].contains("q_a"));
        if (t.q_a) check_matrices(*t.q_a, json_matrix(e["stages"]["q_a"]));
        check_matrices(t.kv_a, json_matrix(e["stages"]["kv_a"]));
        check_matrices(t.latent, json_matrix(e["stages"]["latent"]));
        check_matrices(t.k_rope, json_matrix(e["stages"]["k_rope"]));
        for (size_t h = 0; h < t.heads.size(); ++h) {
            INFO("head " << h);
            check_head(t.heads[h], e["heads"][h]);
        }
        check_matrices(t.concat, json_matrix(e["stages"]["concat"]));
        check_matrices(t.output, json_matrix(e["stages"]["output"]));
        check_matrices(t.absorbed_output, json_matrix(e["stages"]["output"]));
        REQUIRE(t.max_abs_difference <= attn::course::kMlaTolerance);
    }
}

TEST_CASE("MLA: the softmax scale is 1/sqrt(nope + rope), and W_UK, W_UV are kv_b's column blocks per head",
          "[mla]") {
    attn::math::MlaShape s;
    s.heads = 2, s.kv_lora_rank = 2, s.qk_nope_dim = 3, s.qk_rope_dim = 6, s.v_dim = 1;
    REQUIRE(attn::math::mla_scale(s) == Approx(1.0 / 3.0).epsilon(1e-15));
    attn::math::MlaWeights w;
    w.shape = s;
    w.kv_b = arma::reshape(arma::regspace(0, 15), 2, 8);  // columns 0..7: head 0 = 0..3, head 1 = 4..7
    check_matrices(attn::math::mla_w_uk(w, 1), w.kv_b.cols(4, 6));
    check_matrices(attn::math::mla_w_uv(w, 1), w.kv_b.cols(7, 7));
    check_matrices(attn::math::mla_w_uv(w, 0), w.kv_b.cols(3, 3));
}

TEST_CASE("MLA decode: the cache holds latents and rope keys, and the steps equal the causal run", "[mla]") {
    for (const std::string& name : kCases) {
        INFO("fixture " << name);
        const json e = load_json(mla_file(name, "expected.json"));
        attn::course::RunRequest r = mla_request(name, e["config"]);
        r.masks.clear();
        const attn::course::MlaDecodeRun d = attn::course::run_mla_decode(r);
        check_matrices(d.decode.output, d.run.trace.output);
        REQUIRE(d.causal_max_abs_difference <= 1e-12);
        if (e["config"]["causal"].get<bool>())
            check_matrices(d.decode.output, json_matrix(e["stages"]["output"]));
        const attn::math::MlaShape& s = d.run.weights.shape;
        for (const attn::math::MlaDecodeStep& step : d.decode.steps) {
            REQUIRE(step.latent_cache.n_rows == step.t + 1);
            REQUIRE(step.latent_cache.n_cols == s.kv_lora_rank);
            REQUIRE(step.k_rope_cache.n_cols == s.qk_rope_dim);
            // The cached latent of token t is the run's latent row t.
            check_matrices(step.latent, d.run.trace.latent.row(step.t));
            check_matrices(step.k_rope, d.run.trace.k_rope.row(step.t));
        }
        REQUIRE(d.cache.mla == s.kv_lora_rank + s.qk_rope_dim);
        REQUIRE(d.cache.mha == s.heads * (s.qk_nope_dim + s.qk_rope_dim + s.v_dim));
    }
}

TEST_CASE("MLA decode with a window keeps only the rows the window leaves visible", "[mla]") {
    const std::string name = "q_lora_adjacent_causal";
    const json e = load_json(mla_file(name, "expected.json"));
    attn::course::RunRequest r = mla_request(name, e["config"]);
    r.masks.clear();
    r.window = 2;
    r.sinks = 1;
    const attn::course::MlaDecodeRun d = attn::course::run_mla_decode(r);
    REQUIRE(d.causal_max_abs_difference <= 1e-12);
    REQUIRE(d.decode.steps.back().cache_tokens == std::vector<arma::uword>{0, 3, 4});
}

TEST_CASE("MLA cache sizes: DeepSeek-V3's 576 numbers a token against 40960 for its heads", "[mla]") {
    attn::math::MlaShape s;
    s.heads = 128, s.q_lora_rank = 1536, s.kv_lora_rank = 512, s.qk_nope_dim = 128, s.qk_rope_dim = 64,
    s.v_dim = 128;
    const attn::math::MlaCacheSize c = attn::math::mla_cache_size(s);
    REQUIRE(c.mla == 576);
    REQUIRE(c.mha == 128 * 320);
    REQUIRE(c.gqa.front() == std::pair<arma::uword, arma::uword>{1, 320});
    REQUIRE(c.gqa.back() == std::pair<arma::uword, arma::uword>{64, 64 * 320});
}

TEST_CASE("attn run --mla --format json: per-head stages under heads[h], the output under stages",
          "[mla][cli]") {
    for (const std::string& name : kCases) {
        INFO("fixture " << name);
        const json e = load_json(mla_file(name, "expected.json"));
        const auto r = run_attn(mla_args("run", name, e["config"]));
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        const json j = json::parse(r.out);
        check_matrices(json_matrix(j["stages"]["output"]), json_matrix(e["stages"]["output"]));
        check_matrices(json_matrix(j["stages"]["latent"]), json_matrix(e["stages"]["latent"]));
        REQUIRE(j["heads"].size() == e["heads"].size());
        for (size_t h = 0; h < e["heads"].size(); ++h)
            for (const char* stage : {"q_nope", "q_rope", "k_nope", "v", "scores", "weights", "output"}) {
                INFO("head " << h << " " << stage);
                check_matrices(json_matrix(j["heads"][h][stage]), json_matrix(e["heads"][h][stage]));
            }
        REQUIRE(j["max_abs_difference"].get<double>() <= 1e-12);
        REQUIRE(j["cache_per_token"]["mla"]["numbers"] ==
                e["config"]["kv_lora_rank"].get<int>() + e["config"]["qk_rope_dim"].get<int>());
    }
}

TEST_CASE("attn decode --mla --format json: steps[t], the output rows of the causal run", "[mla][cli]") {
    const std::string name = "q_lora_adjacent_causal";
    const json e = load_json(mla_file(name, "expected.json"));
    const auto r = run_attn(mla_args("decode", name, e["config"]));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const json j = json::parse(r.out);
    const arma::mat expected = json_matrix(e["stages"]["output"]);
    REQUIRE(j["steps"].size() == expected.n_rows);
    for (arma::uword t = 0; t < expected.n_rows; ++t)
        check_matrices(json_matrix(j["steps"][t]["output"]), expected.row(t));
    check_matrices(json_matrix(j["stages"]["output"]), expected);
    REQUIRE(j["steps"][2]["latent_cache"].size() == 3);
    REQUIRE(j["cache_per_token"]["mla"]["bytes"] == 8 * (3 + 4));
    REQUIRE(j["cache_per_token"]["mha"]["bytes"] == 8 * 2 * (2 + 4 + 3));
    REQUIRE(j["causal_max_abs_difference"].get<double>() <= 1e-12);
}

TEST_CASE("attn run --mla on the shipped data: text shows both ways and the check", "[mla][cli]") {
    const auto r = run_attn({"run", "-s", "I ate the apple", "--mla",
                             std::string(ATTN_SOURCE_DIR) + "/data/mla/mla.toml", "--mask", "causal"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    REQUIRE(r.out.find("latent") != std::string::npos);
    REQUIRE(r.out.find("absorbed") != std::string::npos);
    REQUIRE(r.out.find("agree") != std::string::npos);
    const auto d = run_attn(
        {"decode", "-s", "I ate the apple", "--mla", std::string(ATTN_SOURCE_DIR) + "/data/mla/mla.toml"});
    INFO(d.err);
    REQUIRE(d.exit_code == 0);
    REQUIRE(d.out.find("bytes per token") != std::string::npos);
}

TEST_CASE("MLA: bad files and options that do not compose exit 2 with a reason", "[mla][cli]") {
    const std::string dir = fixture_path("mla/q_lora_adjacent_causal");
    const std::string x = dir + "/x.csv", toml = dir + "/mla.toml";
    // A missing key names the file and the key.
    const attn::test::TempFile missing("heads = 2\n", ".toml");
    require_input_error({"run", "--x", x, "--mla", missing.path},
                        {missing.path, "missing key 'q_lora_rank'"});
    // A CSV of the wrong shape names the CSV, the key's line and both shapes.
    std::ifstream in(toml);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    text.replace(text.find("v_dim = 3"), 9, "v_dim = 2");
    for (size_t at = text.find("= \""); at != std::string::npos; at = text.find("= \"", at + 1))
        text.insert(at + 3, dir + "/");  // the CSV files stay where they are
    const attn::test::TempFile moved(text, ".toml");
    require_input_error({"run", "--x", x, "--mla", moved.path},
                        {moved.path + ":", "kv_b.csv", "kv_b is 3 x 10", "3 x 8"});
    require_input_error({"run", "--x", x, "--mla", dir + "/none.toml"}, {"none.toml"});
    require_input_error({"run", "--x", x, "--mla", toml, "--heads", "3"}, {"--heads 3", "heads = 2"});
    require_input_error({"run", "--x", x, "--mla", toml, "--kv-heads", "1"}, {"--kv-heads", "--mla"});
    require_input_error({"run", "--x", x, "--mla", toml, "--alibi"}, {"--alibi", "--mla"});
    require_input_error({"run", "--x", x, "--mla", toml, "--rope-base", "100"}, {"--rope-base", "rope_base"});
    require_input_error({"run", "--x", x, "--mla", toml, "--mask", "padding"}, {"causal"});
    require_input_error({"stream", "-s", "I ate the apple", "--mla", toml}, {"attn stream", "--mla"});
    require_input_error({"explore", "-s", "I ate the apple", "--mla", toml}, {"attn explore", "--mla"});
    require_input_error({"run", "-s", "I ate the apple", "--mla", "mla", "--compare", "a b"}, {"--compare"});
}
