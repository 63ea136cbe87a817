#include "course/stage_code.hpp"

#include <fmt/format.h>

#include <array>
#include <optional>
#include <string_view>

#include "course/stages.hpp"

namespace attn::course {

namespace {

// One form's code. {Q}, {K}, {V} stand for the matrices the head works on (Q, K, V with one head, its
// slices q, k, v with several), {logits} for the stage before it (scaled, biased, tempered or masked).
struct CodeTraits {
    StageCode form;
    std::string_view result;  // the variable the code assigns
    std::string_view code;
};

// Every line at most 56 characters, so that the text writer's 4-column indent fits 60 columns.
constexpr std::array<CodeTraits, static_cast<size_t>(StageCode::count)> kCode = {{
    {StageCode::q, "Q", "Q = X @ W_Q"},
    {StageCode::k, "K", "K = X @ W_K"},
    {StageCode::v, "V", "V = X @ W_V"},
    {StageCode::head_q, "q", "h = {h}\nq = Q[:, h*d_k:(h+1)*d_k]"},
    {StageCode::head_k, "k", "g = h // (n_heads // n_kv_heads)  # its kv head\nk = K[:, g*d_k:(g+1)*d_k]"},
    {StageCode::head_v, "v", "v = V[:, g*d_v:(g+1)*d_v]"},
    // QK-norm: gq, gk are the gains (the weights, or 1 + w with --qk-norm-offset).
    {StageCode::q_norm, "q_norm",
     "ms = ({Q} ** 2).mean(axis=-1, keepdims=True)\nq_norm = {Q} / np.sqrt(ms + eps) * gq"},
    {StageCode::k_norm, "k_norm",
     "ms = ({K} ** 2).mean(axis=-1, keepdims=True)\nk_norm = {K} / np.sqrt(ms + eps) * gk"},
    // r: the dimensions RoPE turns (d_k unless --rope-dims); the rest pass through.
    {StageCode::q_rot, "q_rot",
     "pos = offset + np.arange(len({Q}))\n"
     "angle = np.outer(pos, base ** (-np.arange(0, r, 2) / r))\n"
     "pair = {Q}[:, 0:r:2] + 1j * {Q}[:, 1:r:2]\n"
     "c = pair * np.exp(1j * angle)\n"
     "q_rot = {Q}.copy()\n"
     "q_rot[:, 0:r:2], q_rot[:, 1:r:2] = c.real, c.imag"},
    {StageCode::k_rot, "k_rot",
     "pair = {K}[:, 0:r:2] + 1j * {K}[:, 1:r:2]\n"
     "c = pair * np.exp(1j * angle)\n"
     "k_rot = {K}.copy()\n"
     "k_rot[:, 0:r:2], k_rot[:, 1:r:2] = c.real, c.imag"},
    // transformers' rotate_half: dimension i turns with i + r/2.
    {StageCode::q_rot_halves, "q_rot",
     "pos = offset + np.arange(len({Q}))\n"
     "angle = np.outer(pos, base ** (-np.arange(0, r, 2) / r))\n"
     "pair = {Q}[:, :r//2] + 1j * {Q}[:, r//2:r]\n"
     "c = pair * np.exp(1j * angle)\n"
     "q_rot = {Q}.copy()\n"
     "q_rot[:, :r//2], q_rot[:, r//2:r] = c.real, c.imag"},
    {StageCode::k_rot_halves, "k_rot",
     "pair = {K}[:, :r//2] + 1j * {K}[:, r//2:r]\n"
     "c = pair * np.exp(1j * angle)\n"
     "k_rot = {K}.copy()\n"
     "k_rot[:, :r//2], k_rot[:, r//2:r] = c.real, c.imag"},
    {StageCode::scores, "scores", "scores = {Q} @ {K}.T"},
    {StageCode::scores_rope, "scores", "scores = q_rot @ k_rot.T"},
    {StageCode::scaled, "scaled", "scaled = scores / np.sqrt(d_k)"},
    {StageCode::capped, "capped", "capped = C * np.tanh(scaled / C)"},
    {StageCode::bias, "bias", "i, j = np.indices(scaled.shape)\nbias = -slopes[h] * np.abs(i - j)"},
    {StageCode::bias_causal, "bias", "i, j = np.indices(scaled.shape)\nbias = -slopes[h] * (i - j)"},
    {StageCode::biased, "biased", "biased = {logits} + bias"},
    {StageCode::tempered, "tempered", "tempered = {logits} / T"},
    {StageCode::masked, "masked", "masked = np.where(keep == 1, {logits}, -np.inf)"},
    {StageCode::phi_q, "phi_q", "phi_q = np.where({Q} > 0, {Q} + 1, np.exp({Q}))  # elu + 1"},
    {StageCode::phi_k, "phi_k", "phi_k = np.where({K} > 0, {K} + 1, np.exp({K}))"},
    {StageCode::kv, "kv", "kv = phi_k.T @ {V}"},
    {StageCode::z, "z", "z = phi_k.sum(axis=0, keepdims=True)"},
    {StageCode::weights, "weights", "weights = softmax({logits}, axis=-1)"},
    // gpt-oss: the sink is one more column of the softmax, dropped after it.
    {StageCode::weights_sink, "weights",
     "col = np.full((len({logits}), 1), sinks[h])\n"
     "p = softmax(np.hstack([{logits}, col]), axis=-1)\n"
     "weights, sink_weight = p[:, :-1], p[:, -1:]"},
    {StageCode::sink_weight, "sink_weight", "sink_weight = p[:, -1:]  # the sink's column"},
    {StageCode::weights_linear, "weights",
     "a = phi_q @ phi_k.T\nweights = a / a.sum(axis=-1, keepdims=True)"},
    {StageCode::weights_linear_causal, "weights",
     "a = np.tril(phi_q @ phi_k.T)\nweights = a / a.sum(axis=-1, keepdims=True)"},
    {StageCode::output, "output", "output = weights @ {V}"},
    {StageCode::output_linear, "output", "output = (phi_q @ kv) / (phi_q @ z.T)"},
    // The output gate (Qwen3-Next): sigmoid of the head's columns of X @ W_g.
    {StageCode::ungated, "ungated", "ungated = weights @ {V}"},
    {StageCode::gate, "gate", "g = (X @ W_g)[:, h*d_v:(h+1)*d_v]\ngate = 1 / (1 + np.exp(-g))"},
    {StageCode::output_gated, "output", "output = ungated * gate"},
    {StageCode::concat, "concat", "concat = np.hstack(head_outputs)  # head 0 first"},
    {StageCode::output_projected, "output", "output = concat @ W_O"},
}};

constexpr bool table_in_enum_order() {
    for (size_t i = 0; i < kCode.size(); ++i)
        if (static_cast<size_t>(kCode[i].form) != i) return false;
    return true;
}
static_assert(kCode.size() == static_cast<size_t>(StageCode::count), "one row per StageCode");
static_assert(table_in_enum_order(), "kCode lists the forms in the order of StageCode");

const CodeTraits& traits(StageCode form) { return kCode[static_cast<size_t>(form)]; }

void replace_all(std::string& s, std::string_view from, const std::string& to) {
    for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
        s.replace(at, from.size(), to);
}

// The logits a head's stage after `stage` reads: the last of scaled, biased, tempered, masked before it.
std::string logits_before(const math::HeadTrace& h, std::string_view stage) {
    if (stage == "weights" && h.masked) return "masked";
    if ((stage == "weights" || stage == "masked") && h.tempered) return "tempered";
    if (stage != "biased" && h.biased) return "biased";
    if (stage != "capped" && h.capped) return "capped";
    return "scaled";
}

// The form of code for `stage` of head `h` (-1: a top-level stage), or nothing for an input.
std::optional<StageCode> form_of(const Experiment& e, std::string_view stage, int head) {
    const math::AttentionTrace& t = e.trace;
    const math::HeadTrace& h = t.heads[head < 0 ? 0 : static_cast<size_t>(head)];
    const bool several = t.concat.has_value();
    if (stage == "q" || stage == "k" || stage == "v") {
        if (head >= 0)
            return stage == "q" ? StageCode::head_q : stage == "k" ? StageCode::head_k : StageCode::head_v;
        if (!t.x) return std::nullopt;  // Q, K and V were given as CSV files
        return stage == "q" ? StageCode::q : stage == "k" ? StageCode::k : StageCode::v;
    }
    if (stage == "q_rot" || stage == "k_rot") {
        if (head < 0 && several) return std::nullopt;  // every head's, side by side: see each head's
        const bool halves = t.variant.rope && t.variant.rope->pairs == math::RopePairs::halves;
        if (stage == "q_rot") return halves ? StageCode::q_rot_halves : StageCode::q_rot;
        return halves ? StageCode::k_rot_halves : StageCode::k_rot;
    }
    if (stage == "scores") return h.q_rot ? StageCode::scores_rope : StageCode::scores;
    if (stage == "bias")
        return t.variant.causal || t.variant.window ? StageCode::bias_causal : StageCode::bias;
    if (stage == "sink_weight") return StageCode::sink_weight;
    if (stage == "ungated") return StageCode::ungated;
    if (stage == "gate") return StageCode::gate;
    if (stage == "weights")
        return h.sink_weight ? StageCode::weights_sink
               : !h.phi_q    ? StageCode::weights
               : h.kv        ? StageCode::weights_linear
                             : StageCode::weights_linear_causal;
    if (stage == "output") {
        if (head < 0 && several) return StageCode::output_projected;
        if (h.gate) return StageCode::output_gated;
        return h.kv ? StageCode::output_linear : StageCode::output;
    }
    static constexpr std::array<std::pair<std::string_view, StageCode>, 13> plain = {{
        {"q_norm", StageCode::q_norm},
        {"k_norm", StageCode::k_norm},
        {"scaled", StageCode::scaled},
        {"capped", StageCode::capped},
        {"biased", StageCode::biased},
        {"tempered", StageCode::tempered},
        {"masked", StageCode::masked},
        {"phi_q", StageCode::phi_q},
        {"phi_k", StageCode::phi_k},
        {"kv", StageCode::kv},
        {"z", StageCode::z},
        {"concat", StageCode::concat},
        {"x", StageCode::count},
    }};
    for (const auto& [name, form] : plain)
        if (name == stage) return form == StageCode::count ? std::nullopt : std::optional<StageCode>(form);
    return std::nullopt;
}

}  // namespace

std::string code_prelude(const Experiment& e) {
    const math::AttentionTrace& t = e.trace;
    std::string out =
        "import numpy as np\n\n"
        "def softmax(a, axis=-1):\n"
        "    e = np.exp(a - a.max(axis=axis, keepdims=True))\n"
        "    return e / e.sum(axis=axis, keepdims=True)\n\n";
    out += t.x ? "# X, W_Q, W_K, W_V" : "# Q, K, V";
    out += std::string(t.concat ? ", W_O" : "") + (t.keep ? ", keep (1 = may attend)" : "") + ":\n";
    out += "# --format json --show-code lists them under \"inputs\".\n";
    out += fmt::format("d_k = {}\n", t.heads[0].q.n_cols);
    if (t.concat)
        out += fmt::format("d_v = {}\nn_heads, n_kv_heads = {}, {}\n", t.heads[0].v.n_cols, t.heads.size(),
                           t.n_kv_heads);
    if (t.variant.rope)
        out += fmt::format("base, offset, r = {}, {}, {}\n", t.variant.rope->base, t.variant.rope->offset,
                           math::rope_dims(*t.variant.rope, t.heads[0].q.n_cols));
    if (t.variant.rope && t.variant.rope->scaling != math::RopeScaling::none) {
        // --rope-scaling: the scaled theta_i and YaRN's factor f on cos and sin, as transformers computes
        // them.
        const math::Rope& rope = *t.variant.rope;
        out +=
            fmt::format("theta = np.array([{}])  # {} scaling\nf = {}\n",
                        fmt::join(math::rope_thetas(rope, math::rope_dims(rope, t.heads[0].q.n_cols)), ", "),
                        math::rope_scaling_name(rope.scaling), math::rope_attention_factor(rope));
    }
    if (t.variant.qk_norm) {
        const math::QkNorm& n = *t.variant.qk_norm;
        const arma::uword d_k = t.heads[0].q.n_cols;
        const auto gain = [&](const arma::rowvec& w) {
            if (w.is_empty()) return std::vector<double>(d_k, 1.0);
            return arma::conv_to<std::vector<double>>::from(n.offset ? arma::rowvec(1.0 + w) : w);
        };
        out += fmt::format("eps = {}\ngq = np.array([{}])\ngk = np.array([{}])\n", n.eps,
                           fmt::join(gain(n.q_weight), ", "), fmt::join(gain(n.k_weight), ", "));
    }
    if (t.variant.softcap) out += fmt::format("C = {}\n", *t.variant.softcap);
    if (!math::bias_slopes(t).empty()) {
        out += fmt::format("slopes = [{}]\n", fmt::join(math::bias_slopes(t), ", "));
        if (!t.concat) out += "h = 0\n";
    }
    if (t.variant.sink_logits) {
        out += fmt::format("sinks = [{}]\n", fmt::join(*t.variant.sink_logits, ", "));
        if (!t.concat && math::bias_slopes(t).empty()) out += "h = 0\n";
    }
    if (t.variant.output_gate && !t.concat) {  // the gate's columns of one head: h = 0, d_v wide
        out += fmt::format("d_v = {}\n", t.heads[0].v.n_cols);
        if (math::bias_slopes(t).empty() && !t.variant.sink_logits) out += "h = 0\n";
    }
    if (t.variant.temperature != 1.0) out += fmt::format("T = {}\n", t.variant.temperature);
    return out.substr(0, out.size() - 1);
}

std::vector<StageSnippet> stage_snippets(const Experiment& e, const std::vector<std::string>& show) {
    std::vector<StageSnippet> out;
    const bool several = e.trace.concat.has_value();
    for (const Stage& s : collect_stages(e, show, false)) {
        int head = -1;
        std::string base = s.name;
        if (s.name.rfind("heads.", 0) == 0) {
            const size_t dot = s.name.rfind('.');
            head = std::stoi(s.name.substr(6, dot - 6));
            base = s.name.substr(dot + 1);
        }
        const std::optional<StageCode> form = form_of(e, base, head);
        if (!form) continue;
        const math::HeadTrace& h = e.trace.heads[head < 0 ? 0 : static_cast<size_t>(head)];
        std::string code(traits(*form).code);
        // After QK-norm, RoPE turns and the scores take the normalised rows.
        const bool after_norm = h.q_norm && *form != StageCode::q_norm && *form != StageCode::k_norm &&
                                (base == "q_rot" || base == "k_rot" || base == "scores");
        if (after_norm) replace_all(code, "{Q}", "q_norm"), replace_all(code, "{K}", "k_norm");
        // Scaled RoPE turns by the prelude's theta and multiplies cos and sin by f.
        if (e.trace.variant.rope && e.trace.variant.rope->scaling != math::RopeScaling::none)
            replace_all(code, "base ** (-np.arange(0, r, 2) / r)", "theta"),
                replace_all(code, "c = pair", "c = f * pair");
        replace_all(code, "{Q}", several ? "q" : "Q");
        replace_all(code, "{K}", several ? "k" : "K");
        replace_all(code, "{V}", several ? "v" : "V");
        replace_all(code, "{h}", std::to_string(head < 0 ? 0 : head));
        replace_all(code, "{logits}", logits_before(h, base));
        out.push_back({s.name, code, std::string(traits(*form).result)});
    }
    return out;
}

}  // namespace attn::course
