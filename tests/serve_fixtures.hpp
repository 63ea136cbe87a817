// The cases the serving tests (paged cache, chunked prefill, split-K, draft verification) run every way of
// decoding on: one random X and weights, each variant of attn run that decoding takes, alone and together
// with several heads, shared key/value heads and a window with sinks. Each must equal the causal run.
#pragma once
#include <armadillo>
#include <optional>
#include <string>
#include <vector>

#include "math/attention.hpp"
#include "math/random.hpp"

namespace attn::test {

struct ServeCase {
    std::string name;
    arma::uword heads = 1, kv_heads = 1;
    std::optional<math::Window> window;
    math::Variant variant;  // its window is `window`, its kv_heads `kv_heads`
};

// Random X (n, 4) and weights for h query heads and g key/value heads of d_k = d_v = 2 (W_O when h > 1).
struct ServeInputs {
    arma::mat x;  // (n, d_model)
    math::ProjectionWeights w;
};

inline ServeInputs serve_inputs(arma::uword n, arma::uword heads, arma::uword kv_heads,
                                std::uint64_t seed = 7) {
    ServeInputs in;
    in.x = math::seeded_projection(n, 4, seed);  // (n, d_model = 4)
    in.w.wq = math::seeded_projection(4, heads * 2, seed + 1);
    in.w.wk = math::seeded_projection(4, kv_heads * 2, seed + 2);
    in.w.wv = math::seeded_projection(4, kv_heads * 2, seed + 3);
    if (heads > 1) in.w.wo = math::seeded_projection(heads * 2, 3, seed + 4);
    return in;
}

inline std::vector<ServeCase> serve_cases() {
    std::vector<ServeCase> cases;
    const auto add = [&](std::string name, arma::uword h, arma::uword g, std::optional<math::Window> window,
                         math::Variant v) {
        v.window = window;
        v.kv_heads = g;
        cases.push_back({std::move(name), h, g, window, v});
    };
    math::Variant rope;
    rope.rope = math::Rope{100.0, 0.0};
    math::Variant alibi;
    alibi.alibi = true;
    math::Variant sinks;
    sinks.sink_logits = arma::rowvec{0.3, -0.5, 1.0, 0.2};
    math::Variant alibi_sinks = alibi;
    alibi_sinks.sink_logits = sinks.sink_logits;
    math::Variant shaped;  // softcap, temperature and QK-norm with RoPE
    shaped.softcap = 1.5;
    shaped.temperature = 0.7;
    shaped.qk_norm = math::QkNorm{};
    shaped.rope = math::Rope{100.0, 3.0};
    math::Variant gate;
    gate.output_gate = math::seeded_projection(4, 8, 99);  // (d_model, H·d_v) for up to 4 heads
    add("plain", 1, 1, std::nullopt, {});
    add("heads 4, kv-heads 2", 4, 2, std::nullopt, {});
    add("window 3, sinks 1", 2, 1, math::Window{3, 1}, {});
    add("window 2, no sinks", 1, 1, math::Window{2, 0}, {});
    add("RoPE, window 3, sinks 2", 2, 2, math::Window{3, 2}, rope);
    add("ALiBi", 2, 1, std::nullopt, alibi);
    add("ALiBi, window 3, sinks 1", 4, 2, math::Window{3, 1}, alibi);
    add("ALiBi with sink logits", 4, 4, std::nullopt, alibi_sinks);
    add("ALiBi, sink logits, window 2", 4, 1, math::Window{2, 1}, alibi_sinks);
    add("softcap, temperature, QK-norm, RoPE", 2, 1, std::nullopt, shaped);
    add("output gate", 4, 2, math::Window{4, 1}, gate);
    for (ServeCase& c : cases)
        if (c.variant.sink_logits) c.variant.sink_logits = arma::rowvec(c.variant.sink_logits->head(c.heads));
    for (ServeCase& c : cases)
        if (c.variant.output_gate)
            c.variant.output_gate = arma::mat(c.variant.output_gate->cols(0, c.heads * 2 - 1));
    return cases;
}

// attn run --mask causal with the case's variant: (n, d_out).
inline arma::mat causal_run(const ServeCase& c, const ServeInputs& in) {
    math::Variant v = c.variant;
    v.causal = true;
    const math::AttentionTrace t =
        math::self_attention(in.x, in.w, c.heads, math::causal_keep(in.x.n_rows, in.x.n_rows), v);
    return t.output;
}

}  // namespace attn::test
