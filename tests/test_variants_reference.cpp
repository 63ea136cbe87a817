// RoPE (both pairings, partial rotary), ALiBi, sliding windows with sinks, linear attention and
// softcapping agree with PyTorch (float64) to 1e-12, through the same path as `attn run --x ... --wq ...`.
// Fixtures: tests/generate_variants.py.
#include <fstream>
#include <nlohmann/json.hpp>

#include "check_matrices.hpp"
#include "course/experiment.hpp"
#include "math/variants.hpp"
#include "test_support.hpp"
#include "variant_fixtures.hpp"

using attn::test::check_matrices;
using attn::test::json_matrix;
using nlohmann::json;

namespace {

using attn::test::variant_file;
using attn::test::variant_request;

json load_json(const std::string& path) {
    std::ifstream in(path);
    REQUIRE(in);
    return json::parse(in);
}

// Every stage torch wrote for this head must be in the trace, equal to 1e-12, and no other.
void check_head(const attn::math::HeadTrace& h, const json& e) {
    const std::vector<std::pair<std::string, const std::optional<arma::mat>*>> optional_stages = {
        {"q_norm", &h.q_norm},
        {"k_norm", &h.k_norm},
        {"q_rot", &h.q_rot},
        {"k_rot", &h.k_rot},
        {"capped", &h.capped},
        {"bias", &h.bias},
        {"biased", &h.biased},
        {"masked", &h.masked},
        {"phi_q", &h.phi_q},
        {"phi_k", &h.phi_k},
        {"kv", &h.kv},
        {"z", &h.z},
        {"sink_weight", &h.sink_weight},
        {"ungated", &h.ungated},
        {"gate", &h.gate}};
    for (const auto& [name, stage] : optional_stages) {
        INFO("stage " << name);
        REQUIRE(stage->has_value() == e.contains(name));
        if (e.contains(name)) check_matrices(**stage, json_matrix(e[name]));
    }
    check_matrices(h.q, json_matrix(e["q"]));
    check_matrices(h.k, json_matrix(e["k"]));
    check_matrices(h.v, json_matrix(e["v"]));
    REQUIRE(h.scores.is_empty() == !e.contains("scores"));
    if (e.contains("scores")) {
        check_matrices(h.scores, json_matrix(e["scores"]));
        check_matrices(h.scaled, json_matrix(e["scaled"]));
    }
    check_matrices(h.weights, json_matrix(e["weights"]));
    check_matrices(h.output, json_matrix(e["output"]));
}

void check_case(const std::string& name) {
    INFO("fixture " << name);
    const json expected = load_json(variant_file(name, "expected.json"));
    const attn::course::Experiment e = attn::course::run_experiment(variant_request(name, expected));
    REQUIRE(e.trace.heads.size() == expected["heads"].size());
    for (size_t h = 0; h < e.trace.heads.size(); ++h) {
        INFO("head " << h);
        check_head(e.trace.heads[h], expected["heads"][h]);
    }
    const json& s = expected["stages"];
    check_matrices(e.trace.output, json_matrix(s["output"]));
    REQUIRE(e.trace.concat.has_value() == s.contains("concat"));
    if (s.contains("concat")) check_matrices(*e.trace.concat, json_matrix(s["concat"]));
    REQUIRE(e.trace.q_rot.has_value() == s.contains("q_rot"));
    if (s.contains("q_rot")) {
        check_matrices(*e.trace.q_rot, json_matrix(s["q_rot"]));
        check_matrices(*e.trace.k_rot, json_matrix(s["k_rot"]));
    }
    REQUIRE(e.trace.keep.has_value() == expected.contains("mask"));
    if (expected.contains("mask"))
        check_matrices(arma::conv_to<arma::mat>::from(*e.trace.keep), json_matrix(expected["mask"]), 0.0);
    REQUIRE(e.trace.alibi_slopes.size() == (expected.contains("slopes") ? expected["slopes"].size() : 0));
    for (size_t h = 0; h < e.trace.alibi_slopes.size(); ++h)
        REQUIRE(std::fabs(e.trace.alibi_slopes[h] - expected["slopes"][h].get<double>()) <= 1e-15);
}

}  // namespace

TEST_CASE("RoPE, one head: q_rot, k_rot and the scores between them agree with torch",
          "[torch][variants][rope]") {
    check_case("rope");
}

TEST_CASE("RoPE, two heads, base 100, positions from 3, causal: agrees with torch",
          "[torch][variants][rope]") {
    check_case("rope_heads_offset");
}

TEST_CASE("RoPE with halves (transformers' rotate_half): agrees with torch", "[torch][variants][rope]") {
    check_case("rope_halves");
}

TEST_CASE(
    "RoPE agrees with torch with halves, 4 of 6 dimensions, two heads, base 100, from position 2, causal",
    "[torch][variants][rope]") {
    check_case("rope_halves_partial_heads");
}

TEST_CASE("RoPE, adjacent pairs, 2 of 6 dimensions: agrees with torch", "[torch][variants][rope]") {
    check_case("rope_adjacent_partial");
}

TEST_CASE(
    "softcapping agrees with torch, alone, with ALiBi and the causal mask, with halves RoPE and a window",
    "[torch][variants][softcap]") {
    for (const char* name : {"softcap", "softcap_alibi_causal", "softcap_rope_window"}) check_case(name);
}

TEST_CASE("QK-norm agrees with torch as Qwen3 writes it (weights, then rotate_half RoPE) and as Gemma 3 does",
          "[torch][variants][qk_norm]") {
    check_case("qk_norm_rope_heads");
    check_case("qk_norm_offset");
}

TEST_CASE(
    "learned sinks agree with torch as gpt-oss computes them: alone, with GQA, ALiBi, the cap and "
    "the causal mask, with a window and halves RoPE",
    "[torch][variants][sinks]") {
    for (const char* name : {"sink_logits", "sink_gqa_alibi_softcap_causal", "sink_window_rope"})
        check_case(name);
}

TEST_CASE(
    "the output gate agrees with torch as Qwen3-Next applies it: alone, and with GQA, d_v != d_k, "
    "partial halves RoPE, QK-norm, sinks and the causal mask",
    "[torch][variants][gate]") {
    for (const char* name : {"output_gate", "output_gate_gqa_rope_sinks"}) check_case(name);
}

TEST_CASE(
    "RoPE scaling agrees with torch as transformers computes theta_i and the attention factor: "
    "linear, YaRN (both pairings, partial rotary), Llama 3.1 with sinks and GQA",
    "[torch][variants][rope_scaling]") {
    for (const char* name :
         {"rope_linear", "rope_yarn_halves_partial", "rope_yarn_adjacent_partial", "rope_llama3_sinks_gqa"}) {
        check_case(name);
        const json expected = load_json(variant_file(name, "expected.json"));
        const attn::math::Variant v = attn::course::variant_of(variant_request(name, expected));
        const arma::uword d_k = expected["heads"][0]["q"][0].size();
        const std::vector<double> thetas =
            attn::math::rope_thetas(*v.rope, attn::math::rope_dims(*v.rope, d_k));
        REQUIRE(thetas.size() == expected["thetas"].size());
        for (size_t i = 0; i < thetas.size(); ++i)
            CHECK(std::fabs(thetas[i] - expected["thetas"][i].get<double>()) <=
                  1e-15 * expected["thetas"][0].get<double>());
        CHECK(std::fabs(attn::math::rope_attention_factor(*v.rope) -
                        expected["attention_factor"].get<double>()) <= 1e-15);
    }
}

TEST_CASE("ALiBi, four heads, causal: bias, biased, masked agree with torch", "[torch][variants][alibi]") {
    check_case("alibi_causal");
}

TEST_CASE("ALiBi, three heads (not a power of two), symmetric bias: agrees with torch",
          "[torch][variants][alibi]") {
    check_case("alibi_three_heads");
}

TEST_CASE("ALiBi slopes follow the reference implementation for 1..8, 12 and 16 heads",
          "[torch][variants][alibi]") {
    const json table = load_json(attn::test::fixture_path("variants/alibi_slopes.json"));
    for (const auto& [heads, slopes] : table.items()) {
        INFO(heads << " heads");
        const std::vector<double> ours = attn::math::alibi_slopes(std::stoul(heads));
        REQUIRE(ours.size() == slopes.size());
        for (size_t h = 0; h < ours.size(); ++h)
            REQUIRE(std::fabs(ours[h] - slopes[h].get<double>()) <= 1e-15);
    }
}

TEST_CASE("a window of 3 with 2 sinks agrees with torch, keep-matrix included", "[torch][variants][window]") {
    check_case("window_sinks");
}

TEST_CASE("window, RoPE and ALiBi together, two heads: agree with torch", "[torch][variants][window]") {
    check_case("window_rope_alibi");
}

TEST_CASE("linear attention, non-causal: phi, kv, z, weights, output agree with torch",
          "[torch][variants][linear]") {
    check_case("linear");
}

TEST_CASE("linear attention, causal prefix sums, two heads: agree with torch", "[torch][variants][linear]") {
    check_case("linear_causal_heads");
}
