#include "render/decode_text.hpp"

#include <fmt/format.h>

#include "render/export.hpp"
#include "render/matrix_text.hpp"
#include "render/seq2seq_text.hpp"

namespace attn::render {

namespace {

std::vector<std::string> numbered(const std::string& prefix, arma::uword n) {
    std::vector<std::string> labels;
    for (arma::uword i = 0; i < n; ++i) labels.push_back(prefix + std::to_string(i));
    return labels;
}

// Tokens 0..t, the last one marked as the row this step appended.
std::vector<std::string> cache_rows(const course::DecodeReport& r, arma::uword t) {
    std::vector<std::string> rows(r.tokens.begin(), r.tokens.begin() + t + 1);
    rows.back() += " (new)";
    return rows;
}

std::string block(const std::string& title, const std::string& legend, const arma::mat& m,
                  std::vector<std::string> rows, std::vector<std::string> cols, course::Shading shading,
                  const Style& style) {
    return render_matrix({title, legend, m, std::move(rows), std::move(cols), shading}, style);
}

std::string head_text(const course::DecodeReport& r, const math::DecodeStep& s, size_t h, const Style& style) {
    const math::DecodeHeadStep& hs = s.heads[h];
    const bool several = s.heads.size() > 1;
    const std::string prefix = several ? fmt::format("head {}: ", h) : "";
    const std::string kv = several && r.trace.n_kv_heads < r.trace.n_heads
                               ? fmt::format(" (kv head {})", hs.kv_head) : "";
    const std::vector<std::string> keys(r.tokens.begin(), r.tokens.begin() + s.t + 1);
    // Value columns keep the vocabulary's dimension names when W_V (and W_O) are identities.
    const bool named = !several && r.value_dimensions.size() == hs.v.n_cols;
    const std::vector<std::string> value_cols = named ? r.value_dimensions : numbered("d", hs.v.n_cols);
    std::string out;
    if (hs.q.n_cols == hs.v.n_cols && !named) {
        const arma::mat qkv = arma::join_cols(hs.q, hs.k, hs.v);
        out += block(prefix + "new rows", "q; k and v appended" + kv, qkv,
                     {"q", "k", "v"}, numbered("d", qkv.n_cols), course::Shading::none, style) + "\n";
    } else {
        out += block(prefix + "q", "the new token's query", hs.q, {"q"}, numbered("d", hs.q.n_cols), course::Shading::none, style) + "\n";
        out += block(prefix + "k", "its key, appended" + kv, hs.k, {"k"}, numbered("d", hs.k.n_cols),
                     course::Shading::none, style) + "\n";
        out += block(prefix + "v", "its value, appended" + kv, hs.v, {"v"}, value_cols,
                     course::Shading::none, style) + "\n";
    }
    out += block(prefix + "K cache", "keys so far" + kv, hs.k_cache, cache_rows(r, s.t),
                 numbered("d", hs.k_cache.n_cols), course::Shading::none, style) + "\n";
    out += block(prefix + "V cache", "values so far" + kv, hs.v_cache, cache_rows(r, s.t), value_cols,
                 course::Shading::none, style) + "\n";
    const arma::mat sw = arma::join_cols(hs.scores, hs.weights);
    out += block(prefix + "scores, weights", fmt::format("q·Kᵀ, softmax(scores / √{})", hs.q.n_cols),
                 sw, {"scores", "weights"}, keys, course::Shading::none, style) + "\n";
    out += block(prefix + "output", "weights·V cache", hs.output, {r.tokens[s.t]}, value_cols, course::Shading::none, style) + "\n";
    return out;
}

std::string step_text(const course::DecodeReport& r, const math::DecodeStep& s, const Style& style) {
    std::string out = bold(style, fmt::format("step {}: '{}'", s.t, r.tokens[s.t])) +
                      dim(style, fmt::format("  (cache: {} row{}, {} bytes)", s.t + 1, s.t ? "s" : "", s.cache_bytes)) + "\n";
    for (size_t h = 0; h < s.heads.size(); ++h) out += head_text(r, s, h, style);
    if (s.heads.size() > 1) {
        const bool named = r.value_dimensions.size() == s.output.n_cols;
        out += block("step output", "heads side by side, times W_O", s.output, {r.tokens[s.t]},
                     named ? r.value_dimensions : numbered("d", s.output.n_cols), course::Shading::none, style) + "\n";
    }
    return out;
}

std::string work_table(const course::DecodeReport& r, const Style& style) {
    course::Table table{"work per step (multiply-adds in this attention layer)",
                        {"t", "token", "keys", "with cache", "without", "ratio", "cache bytes"}, {}};
    for (const math::DecodeStep& s : r.trace.steps)
        table.rows.push_back({std::to_string(s.t), r.tokens[s.t], std::to_string(s.t + 1),
                              fmt::format("{}", s.work.with_cache), fmt::format("{}", s.work.without_cache),
                              fmt::format("{:.1f}x", s.work.ratio),
                              fmt::format("{}", s.cache_bytes)});
    return render_plain_table(table, style);
}

}  // namespace

std::string decode_text(const course::DecodeReport& r, const Style& style) {
    std::string out = dim(style, wrap("inputs:  " + r.inputs_note, style.width, 9)) + "\n";
    if (!r.weights_note.empty()) out += dim(style, wrap("weights: " + r.weights_note, style.width, 9)) + "\n";
    out += wrap(fmt::format("Generating {} tokens one at a time: at step t the query of token t attends to the "
                            "cached keys and values of tokens 0..t, and the cache grows by one row.",
                            r.tokens.size()), style.width, 0) + "\n\n";
    for (const math::DecodeStep& s : r.trace.steps) out += step_text(r, s, style) + "\n";
    const bool equal = r.causal_max_abs_difference <= course::kDecodeTolerance;
    out += wrap(fmt::format("check: the {} step outputs stacked {} attn run --mask causal on the same input "
                            "(max |difference| {:.3g}, tolerance {:g})", r.tokens.size(),
                            equal ? "equal" : "DIFFER FROM", r.causal_max_abs_difference, course::kDecodeTolerance),
                style.width, 7) + "\n\n";
    out += work_table(r, style);
    const math::KvCache& c = r.trace.cache;
    out += wrap(fmt::format("With the cache a step computes one new key and value and reads the {} cached rows: "
                            "work grows like t*d. Without it every step reruns attention over the whole prefix: "
                            "t*t*d. The cache holds {} tokens x ({} key + {} value columns) x 8 bytes = {} bytes.",
                            "t+1", c.size, c.keys.n_cols, c.values.n_cols,
                            static_cast<double>(c.size) * (c.keys.n_cols + c.values.n_cols) * 8),
                style.width, 0) + "\n";
    return out;
}

nlohmann::json decode_json(const course::DecodeReport& r) {
    nlohmann::json doc;
    doc["tokens"] = r.tokens;
    doc["n_heads"] = r.trace.n_heads;
    doc["n_kv_heads"] = r.trace.n_kv_heads;
    doc["d_k"] = r.trace.steps.at(0).heads.at(0).q.n_cols;
    doc["inputs"] = r.inputs_note;
    doc["weights"] = r.weights_note;
    doc["steps"] = nlohmann::json::array();
    const bool several = r.trace.n_heads > 1;
    for (const math::DecodeStep& s : r.trace.steps) {
        nlohmann::json step = {{"t", s.t}, {"token", r.tokens[s.t]}};
        auto head_fields = [](nlohmann::json& into, const math::DecodeHeadStep& h) {
            into["q"] = matrix_json(h.q)[0];
            into["k"] = matrix_json(h.k)[0];
            into["v"] = matrix_json(h.v)[0];
            into["k_cache"] = matrix_json(h.k_cache);
            into["v_cache"] = matrix_json(h.v_cache);
            into["scores"] = matrix_json(h.scores)[0];
            into["weights"] = matrix_json(h.weights)[0];
            into["output"] = matrix_json(h.output)[0];
        };
        if (several) {
            step["q"] = matrix_json(s.q)[0];
            step["k"] = matrix_json(s.k)[0];
            step["v"] = matrix_json(s.v)[0];
            step["k_cache"] = matrix_json(arma::mat(r.trace.cache.keys.rows(0, s.t)));
            step["v_cache"] = matrix_json(arma::mat(r.trace.cache.values.rows(0, s.t)));
            for (const math::DecodeHeadStep& h : s.heads) {
                nlohmann::json head = {{"kv_head", h.kv_head}};
                head_fields(head, h);
                step["heads"].push_back(head);
            }
        } else {
            head_fields(step, s.heads[0]);
        }
        step["output"] = matrix_json(s.output)[0];
        step["cache_bytes"] = s.cache_bytes;
        step["work_with_cache"] = s.work.with_cache;
        step["work_without_cache"] = s.work.without_cache;
        doc["steps"].push_back(step);
    }
    doc["stages"]["output"] = matrix_json(r.trace.output);
    doc["cache_bytes"] = r.trace.steps.back().cache_bytes;
    doc["causal_max_abs_difference"] = r.causal_max_abs_difference;
    return doc;
}

}  // namespace attn::render
