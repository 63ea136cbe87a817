#include "course/stages.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "course/labels.hpp"
#include "inputs/input_error.hpp"
#include "math/stage_table.hpp"
#include "report/blocks.hpp"

namespace attn::course {

namespace {

// "d3", "d4", ...: n columns numbered from `first`, as in the whole matrix a head's slice comes from.
std::vector<std::string> numbered_from(const std::string& prefix, arma::uword first, arma::uword n) {
    std::vector<std::string> out;
    for (arma::uword i = 0; i < n; ++i) out.push_back(prefix + std::to_string(first + i));
    return out;
}

// Names of n columns of Q or K from `first`: the weights file's qk_columns ("topic", "actor", "deed"),
// else their numbers in the whole matrix.
std::vector<std::string> qk_columns(const course::Experiment& e, arma::uword first, arma::uword n) {
    if (first + n > e.qk_dimensions.size()) return numbered_from("d", first, n);
    return std::vector<std::string>(e.qk_dimensions.begin() + static_cast<long>(first),
                                    e.qk_dimensions.begin() + static_cast<long>(first + n));
}

bool wanted(const std::vector<std::string>& show, const std::string& name) {
    return show.empty() || std::find(show.begin(), show.end(), name) != show.end();
}

struct Texts {
    std::string qkt, sqrt_dk, minus_inf, times;
};
Texts texts(bool unicode) {
    return unicode ? Texts{"Q·Kᵀ", "√d_k", "−∞", "·"} : Texts{"Q.K^T", "sqrt(d_k)", "-inf", "."};
}

// QK-norm's normalised queries and keys of one head (RoPE turns them, the scores take them).
void add_norm_stages(std::vector<Stage>& out, const math::HeadTrace& h, const course::Experiment& e,
                     const std::vector<std::string>& show, const std::string& prefix) {
    if (!h.q_norm) return;
    const arma::uword head = prefix.empty() ? 0 : std::stoul(prefix.substr(6, prefix.size() - 7));
    const std::string title = prefix.empty() ? "" : "head " + std::to_string(head) + ": ";
    const math::QkNorm& norm = *e.trace.variant.qk_norm;
    const bool weighted = !norm.q_weight.is_empty() || !norm.k_weight.is_empty();
    const std::string how = fmt::format("{}: each row / sqrt(mean(row^2) + {}){}",
                                        math::variant_part(math::VariantPart::qk_norm).name, norm.eps,
                                        !weighted     ? ""
                                        : norm.offset ? " * (1 + w)"
                                                      : " * w");
    // The columns keep the names of Q's and K's (a shared key head's are numbered, as its k is).
    const arma::uword n = h.q_norm->n_cols;
    const bool shared = e.trace.n_kv_heads < e.trace.heads.size();
    const std::vector<std::string> q_columns = qk_columns(e, head * n, n);
    const std::vector<std::string> k_columns =
        shared ? numbered_from("d", h.kv_head * n, n) : qk_columns(e, head * n, n);
    if (wanted(show, "q_norm"))
        out.push_back({prefix + "q_norm",
                       {title + "q_norm", "queries, " + how, *h.q_norm, e.query_labels, q_columns,
                        report::Shading::none}});
    if (wanted(show, "k_norm"))
        out.push_back(
            {prefix + "k_norm",
             {title + "k_norm", "keys, " + how, *h.k_norm, e.key_labels, k_columns, report::Shading::none}});
}

// RoPE's rotated queries and keys of one head (scores are taken between them).
void add_variant_stages(std::vector<Stage>& out, const math::HeadTrace& h, const course::Experiment& e,
                        const std::vector<std::string>& show, const std::string& prefix, bool unicode) {
    add_norm_stages(out, h, e, show, prefix);
    if (!h.q_rot) return;
    const std::string title = prefix.empty() ? "" : "head " + prefix.substr(6, prefix.size() - 7) + ": ";
    const math::Rope& rope = *e.trace.variant.rope;
    const arma::uword r = math::rope_dims(rope, h.q_rot->n_cols);
    std::string pairs =
        std::string(rope.pairs == math::RopePairs::halves ? "pairs (i, i+r/2)" : "pairs (2i, 2i+1)") +
        (unicode ? " rotated by position·θ_i" : " rotated by position*theta_i") +
        (r + 1 == h.q_rot->n_cols ? "; d" + std::to_string(r) + " passes through unturned"
         : r < h.q_rot->n_cols    ? "; d" + std::to_string(r) + "-d" + std::to_string(h.q_rot->n_cols - 1) +
                                     " pass through unturned"
                               : "");
    // Long-context scaling: the θ_i this run turns by, and YaRN's factor on cos and sin.
    if (rope.scaling != math::RopeScaling::none) {
        std::vector<std::string> thetas;
        for (const double theta : math::rope_thetas(rope, r)) thetas.push_back(fmt::format("{:.4g}", theta));
        pairs += fmt::format("; {} scaling, {} = {}", math::rope_scaling_name(rope.scaling),
                             unicode ? "θ_i" : "theta_i", fmt::join(thetas, ", "));
        if (math::rope_attention_factor(rope) != 1.0)
            pairs += fmt::format("; cos and sin times {:.4f}", math::rope_attention_factor(rope));
    }
    if (wanted(show, "q_rot"))
        out.push_back({prefix + "q_rot",
                       {title + "q_rot", "RoPE: queries, " + pairs, *h.q_rot, e.query_labels,
                        numbered_labels("d", h.q_rot->n_cols), report::Shading::none}});
    if (wanted(show, "k_rot"))
        out.push_back({prefix + "k_rot",
                       {title + "k_rot", "RoPE: keys, " + pairs, *h.k_rot, e.key_labels,
                        numbered_labels("d", h.k_rot->n_cols), report::Shading::none}});
}

// Linear attention's feature maps and, without a causal mask, its fixed-size summary of the keys.
void add_linear_stages(std::vector<Stage>& out, const math::HeadTrace& h, const course::Experiment& e,
                       const std::vector<std::string>& show, const std::string& prefix, bool unicode) {
    const std::string title = prefix.empty() ? "" : "head " + prefix.substr(6, prefix.size() - 7) + ": ";
    const std::string phi = unicode ? "φ" : "phi";
    auto add = [&](const std::string& name, const arma::mat& m, const std::string& legend,
                   std::vector<std::string> rows, std::vector<std::string> cols) {
        if (wanted(show, name))
            out.push_back(
                {prefix + name,
                 {title + name, legend, m, std::move(rows), std::move(cols), report::Shading::none}});
    };
    add("phi_q", *h.phi_q, phi + "(Q) = elu(Q) + 1: every entry positive", e.query_labels,
        numbered_labels("d", h.phi_q->n_cols));
    add("phi_k", *h.phi_k, phi + "(K) = elu(K) + 1", e.key_labels, numbered_labels("d", h.phi_k->n_cols));
    if (h.kv)
        add("kv", *h.kv, phi + "(K)^T V: all keys and values summed once, (d_k, d_v) whatever n",
            numbered_labels("d", h.kv->n_rows), numbered_labels("d", h.kv->n_cols));
    if (h.z)
        add("z", *h.z, "column sums of " + phi + "(K): the normaliser, summed once", {"z"},
            numbered_labels("d", h.z->n_cols));
}

// The per-head stages (scores ... output) of one head, named with `prefix` ("" or "heads.1.").
void add_head_stages(std::vector<Stage>& out, const math::HeadTrace& h, const course::Experiment& e,
                     const std::vector<std::string>& show, const std::string& prefix, bool unicode) {
    const Texts t = texts(unicode);
    const auto& rows = e.query_labels;
    const auto& keys = e.key_labels;
    const std::string title = prefix.empty() ? "" : "head " + prefix.substr(6, prefix.size() - 7) + ": ";
    const std::string sqrt_text = std::to_string(h.q.n_cols);
    auto add = [&](const std::string& name, const arma::mat& m, const std::string& legend,
                   report::Shading shading, std::vector<std::string> cols) {
        if (!wanted(show, name)) return;
        out.push_back({prefix + name, {title + name, legend, m, rows, std::move(cols), shading}});
        // Pictures draw blocked cells as blocked, not as a weight of 0: in the (query, key) stages only.
        const bool by_key = name != "sink_weight" && name != "gate";
        if (e.trace.keep && by_key && shading != report::Shading::none) out.back().view.keep = *e.trace.keep;
    };
    if (!prefix.empty()) {
        // A head's slice keeps the names (or the numbers) of the columns of Q, K and V it takes.
        const arma::uword head = std::stoul(prefix.substr(6, prefix.size() - 7));
        add("q", h.q, "this head's columns of Q", report::Shading::none,
            qk_columns(e, head * h.q.n_cols, h.q.n_cols));
        const bool shared = e.trace.n_kv_heads < e.trace.heads.size();
        const std::string kv = shared ? "shared kv head " + std::to_string(h.kv_head) + "'s columns of "
                                      : "this head's columns of ";
        const arma::uword kv_first = (shared ? h.kv_head : head) * h.k.n_cols;
        // A shared head's key columns are means of several heads' columns: no one name of the file fits.
        add("k", h.k, kv + "K", report::Shading::none,
            shared ? numbered_from("d", kv_first, h.k.n_cols) : qk_columns(e, kv_first, h.k.n_cols));
        add("v", h.v, kv + "V", report::Shading::none,
            numbered_from("d", (shared ? h.kv_head : head) * h.v.n_cols, h.v.n_cols));
    }
    add_variant_stages(out, h, e, show, prefix, unicode);
    if (!h.scores.is_empty()) {
        const std::string q_text = h.q_rot    ? (unicode ? "q_rot·k_rotᵀ" : "q_rot.k_rot^T")
                                   : h.q_norm ? (unicode ? "q_norm·k_normᵀ" : "q_norm.k_norm^T")
                                              : t.qkt;
        add("scores", h.scores, "rows = queries, columns = keys; " + q_text, report::Shading::diverging,
            keys);
        const double root = std::sqrt(static_cast<double>(h.q.n_cols));
        add("scaled", h.scaled,
            q_text + " / " + t.sqrt_dk + " = scores / " + fmt::format("{:.4f}", root) +
                " (d_k = " + sqrt_text + ")",
            report::Shading::diverging, keys);
    }
    if (h.capped) {
        const std::string cap = fmt::format("{}", *e.trace.variant.softcap);
        add("capped", *h.capped,
            std::string(math::variant_part(math::VariantPart::softcap).name) + ": " + cap +
                " * tanh(scaled / " + cap + "), so every logit stays between -" + cap + " and " + cap,
            report::Shading::diverging, keys);
    }
    if (h.bias) add("bias", *h.bias, math::stage_legend(math::Stage::bias), report::Shading::diverging, keys);
    if (h.biased)
        add("biased", *h.biased, math::stage_legend(math::Stage::biased), report::Shading::diverging, keys);
    if (h.tempered)
        add("tempered", *h.tempered,
            std::string(h.biased   ? "biased"
                        : h.capped ? "capped"
                                   : "scaled") +
                " / T with temperature T = " + fmt::format("{}", e.trace.variant.temperature) +
                (e.trace.variant.temperature < 1 ? ": T < 1 sharpens the softmax"
                                                 : ": T > 1 flattens the softmax"),
            report::Shading::diverging, keys);
    if (h.masked)
        add("masked", *h.masked, "blocked cells set to " + t.minus_inf + " so that they get weight 0",
            report::Shading::diverging, keys);
    if (h.phi_q) add_linear_stages(out, h, e, show, prefix, unicode);
    add("weights", h.weights,
        h.phi_q ? "phi_q[i].phi_k[j] / row sum: the n x n matrix linear attention never forms; rows sum to 1"
        : h.sink_weight
            ? "rows = queries, columns = keys; each row sums to 1 - sink_weight (the sink takes the rest)"
            : "rows = queries, columns = keys, each row of weights sums to 1",
        report::Shading::unit, keys);
    if (h.sink_weight) {
        const arma::uword head = prefix.empty() ? 0 : std::stoul(prefix.substr(6, prefix.size() - 7));
        add("sink_weight", *h.sink_weight,
            fmt::format("{} (gpt-oss): the sink logit {} joins each row's softmax as one more column and is "
                        "dropped after it; this is its weight",
                        math::variant_part(math::VariantPart::sinks).name,
                        (*e.trace.variant.sink_logits)(head)),
            report::Shading::unit, {"sink"});
    }
    const bool named = prefix.empty() && e.value_dimensions.size() == h.output.n_cols;
    const std::vector<std::string> value_cols =
        named ? e.value_dimensions : numbered_labels("d", h.output.n_cols);
    if (h.gate) {
        add("ungated", *h.ungated, "weights" + t.times + "V, before the output gate", report::Shading::none,
            value_cols);
        add("gate", *h.gate,
            std::string(math::variant_part(math::VariantPart::gate).name) + " (Qwen3-Next): sigmoid(X" +
                t.times + "W_g) in this head's columns, each between 0 and 1",
            report::Shading::unit, value_cols);
    }
    add("output", h.output,
        h.gate ? "ungated * gate, elementwise: each value dimension let through by its gate"
               : "weights" + t.times + "V: each row is a weighted average of the rows of V",
        report::Shading::none, value_cols);
}

}  // namespace

const std::vector<std::string>& stage_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const math::Stage s : math::run_stages()) out.push_back(math::stage_traits(s).name);
        return out;
    }();
    return names;
}

void check_show(const std::vector<std::string>& names, const std::vector<std::string>& allowed,
                const std::string& kind) {
    for (const std::string& name : names)
        if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
            std::string all;
            for (const std::string& n : allowed) all += (all.empty() ? "" : ",") + n;
            throw course::InputError("--show: unknown " + kind + " '" + name + "'; choose from " + all);
        }
}

void check_stage_names(const std::vector<std::string>& names) { check_show(names, stage_names(), "stage"); }

namespace {

// Why this run has no `stage`, and what to add so that it does (math::Stage's table says).
std::string why_missing(const std::string& stage) {
    const std::optional<math::Stage> typed = math::stage_named(stage);
    return typed ? math::why_missing(*typed) : "this run does not compute it";
}

}  // namespace

void check_stages_computed(const course::Experiment& e, const std::vector<std::string>& show) {
    for (const std::string& name : show) {
        // A stage counts when the run has it, at the top level or in any head.
        if (!collect_stages(e, {name}, false).empty()) continue;
        throw course::InputError("--show " + name + ": " + why_missing(name));
    }
}

std::vector<Stage> collect_stages(const course::Experiment& e, const std::vector<std::string>& show,
                                  bool unicode) {
    const math::AttentionTrace& t = e.trace;
    const Texts tx = texts(unicode);
    std::vector<Stage> out;
    const auto& rows = e.query_labels;
    auto add = [&](const std::string& name, const arma::mat& m, const std::vector<std::string>& row_labels,
                   const std::string& legend, std::vector<std::string> cols) {
        if (wanted(show, name))
            out.push_back({name, {name, legend, m, row_labels, std::move(cols), report::Shading::none}});
    };
    if (t.x)
        add("x", *t.x, rows, math::stage_legend(math::Stage::x),
            e.dimensions.size() == t.x->n_cols ? e.dimensions : numbered_labels("d", t.x->n_cols));
    add("q", t.q, rows, "queries, Q = X" + tx.times + "W_Q", qk_columns(e, 0, t.q.n_cols));
    // Shared key/value heads (--kv-heads) pool K into fewer columns than Q: they are numbered, not named.
    add("k", t.k, e.key_labels, "keys, K = X" + tx.times + "W_K",
        t.k.n_cols == t.q.n_cols ? qk_columns(e, 0, t.k.n_cols) : numbered_from("d", 0, t.k.n_cols));
    add("v", t.v, e.key_labels, "values, V = X" + tx.times + "W_V",
        e.value_dimensions.size() == t.v.n_cols ? e.value_dimensions : numbered_labels("d", t.v.n_cols));
    if (t.q_rot && t.concat) {
        add("q_rot", *t.q_rot, rows, "RoPE: every head's rotated queries side by side",
            numbered_labels("d", t.q_rot->n_cols));
        add("k_rot", *t.k_rot, e.key_labels, "RoPE: every head's rotated keys side by side",
            numbered_labels("d", t.k_rot->n_cols));
    }
    if (!t.concat) {
        add_head_stages(out, t.heads[0], e, show, "", unicode);
        return out;
    }
    for (size_t h = 0; h < t.heads.size(); ++h)
        add_head_stages(out, t.heads[h], e, show, "heads." + std::to_string(h) + ".", unicode);
    add("concat", *t.concat, rows, math::stage_legend(math::Stage::concat),
        numbered_labels("d", t.concat->n_cols));
    add("output", t.output, rows, "concat" + tx.times + "W_O",
        e.value_dimensions.size() == t.output.n_cols ? e.value_dimensions
                                                     : numbered_labels("d", t.output.n_cols));
    return out;
}

}  // namespace attn::course
