// The fixtures of tests/generate_variants.py (RoPE, ALiBi, windows, linear kernels, softcapping), shared by
// the tests that check attn run and attn decode against them.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "check_matrices.hpp"
#include "course/experiment.hpp"

namespace attn::test {

// tests/fixtures/variants/NAME/FILE.
inline std::string variant_file(const std::string& name, const std::string& file) {
    return fixture_path("variants/" + name + "/" + file);
}

// The request `attn run` (or `attn decode`) builds from the flags the generator recorded in "config":
// X and the weights from the fixture's CSV files, then RoPE, ALiBi, the window and sinks, the causal
// mask and the kernel when the fixture used them.
inline course::RunRequest variant_request(const std::string& name, const nlohmann::json& expected) {
    course::RunRequest r;
    r.x_csv = variant_file(name, "x.csv");
    r.wq_csv = variant_file(name, "wq.csv");
    r.wk_csv = variant_file(name, "wk.csv");
    r.wv_csv = variant_file(name, "wv.csv");
    r.heads = expected["heads"].size();
    if (r.heads > 1) r.wo_csv = variant_file(name, "wo.csv");
    const nlohmann::json& c = expected["config"];
    if (c.contains("rope_base")) {
        r.rope = true;
        r.rope_base = c["rope_base"];
        r.rope_offset = c.value("rope_offset", 0.0);
        r.rope_pairs = c.value("rope_pairs", std::string("adjacent"));
        r.rope_dims = c.value("rope_dims", arma::uword(0));
        if (c.contains("rope_scaling")) {  // transformers' rope_scaling dictionary, as flags
            const nlohmann::json& s = c["rope_scaling"];
            r.rope_scaling = s["type"].get<std::string>();
            r.rope_factor = s["factor"].get<double>();
            if (s.contains("original_max_position_embeddings"))
                r.rope_original_length = s["original_max_position_embeddings"].get<double>();
            if (s.contains("low_freq_factor")) r.rope_low_freq_factor = s["low_freq_factor"].get<double>();
            if (s.contains("high_freq_factor")) r.rope_high_freq_factor = s["high_freq_factor"].get<double>();
        }
    }
    if (c.contains("softcap")) r.softcap = c["softcap"].get<double>();
    if (c.contains("qk_norm")) {
        r.qk_norm = true;
        r.qk_norm_eps = c["qk_norm"]["eps"];
        r.qk_norm_offset = c["qk_norm"]["offset"];
        r.q_norm_weight = variant_file(name, "q_norm_weight.csv");
        r.k_norm_weight = variant_file(name, "k_norm_weight.csv");
    }
    if (c.value("sink_logits", false)) r.sink_logits = variant_file(name, "sink_logits.csv");
    if (c.value("output_gate", false)) r.wg = variant_file(name, "wg.csv");
    if (c.contains("kv_heads")) r.kv_heads = c["kv_heads"].get<arma::uword>();
    r.alibi = c.value("alibi", false);
    if (c.contains("window")) r.window = c["window"].get<arma::uword>();
    r.sinks = c.value("sinks", 0);
    if (c.value("causal", false)) r.masks = {"causal"};
    r.kernel = c.value("kernel", "softmax");
    return r;
}

}  // namespace attn::test
