#include "render/decode_text.hpp"

#include <fmt/format.h>

#include "course/labels.hpp"
#include "render/export.hpp"
#include "render/matrix_text.hpp"
#include "render/seq2seq_text.hpp"

namespace attn::render {

namespace {

// The token each cache row holds, in row order: the row this step wrote marked (new), sinks (sink).
std::vector<std::string> cache_rows(const course::DecodeReport& r, const math::DecodeStep& s) {
    std::vector<std::string> rows;
    for (arma::uword i = 0; i < s.cache_tokens.size(); ++i) {
        const arma::uword token = s.cache_tokens[i];
        std::string label = r.tokens[token];
        if (i == s.row) label += " (new)";
        else if (r.window && token < r.window->sinks) label += " (sink)";
        rows.push_back(label);
    }
    return rows;
}

// The key columns of scores and weights: the cached tokens, in cache-row order.
std::vector<std::string> cached_tokens(const course::DecodeReport& r, const math::DecodeStep& s) {
    std::vector<std::string> keys;
    for (const arma::uword token : s.cache_tokens) keys.push_back(r.tokens[token]);
    return keys;
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
    const std::vector<std::string> keys = cached_tokens(r, s);
    // Value columns keep the vocabulary's dimension names when W_V (and W_O) are identities.
    const bool named = !several && r.value_dimensions.size() == hs.v.n_cols;
    const std::vector<std::string> value_cols = named ? r.value_dimensions : course::numbered_labels("d", hs.v.n_cols);
    std::string out;
    if (hs.q.n_cols == hs.v.n_cols && !named) {
        const arma::mat qkv = arma::join_cols(hs.q, hs.k, hs.v);
        out += block(prefix + "new rows", "q; k and v appended" + kv, qkv,
                     {"q", "k", "v"}, course::numbered_labels("d", qkv.n_cols), course::Shading::none, style) + "\n";
    } else {
        out += block(prefix + "q", "the new token's query", hs.q, {"q"}, course::numbered_labels("d", hs.q.n_cols), course::Shading::none, style) + "\n";
        out += block(prefix + "k", "its key, appended" + kv, hs.k, {"k"}, course::numbered_labels("d", hs.k.n_cols),
                     course::Shading::none, style) + "\n";
        out += block(prefix + "v", "its value, appended" + kv, hs.v, {"v"}, value_cols,
                     course::Shading::none, style) + "\n";
    }
    const std::string held =
        r.window ? fmt::format("keys held, rows 0..{} in order", s.cache_tokens.size() - 1) : "keys so far";
    out += block(prefix + "K cache", held + kv, hs.k_cache, cache_rows(r, s),
                 course::numbered_labels("d", hs.k_cache.n_cols), course::Shading::none, style) + "\n";
    out += block(prefix + "V cache", (r.window ? "values held" : "values so far") + kv, hs.v_cache, cache_rows(r, s),
                 value_cols, course::Shading::none, style) + "\n";
    const arma::mat sw = arma::join_cols(hs.scores, hs.weights);
    out += block(prefix + "scores, weights", fmt::format("q·Kᵀ, softmax(scores / √{})", hs.q.n_cols),
                 sw, {"scores", "weights"}, keys, course::Shading::none, style) + "\n";
    out += block(prefix + "output", "weights·V cache", hs.output, {r.tokens[s.t]}, value_cols, course::Shading::none, style) + "\n";
    return out;
}

// "(cache: 4 of 4 rows, 288 bytes; row 1: token 4 'ate' replaces token 1 'ate')".
std::string cache_note(const course::DecodeReport& r, const math::DecodeStep& s) {
    const size_t rows = s.cache_tokens.size();
    std::string note = r.window ? fmt::format("(cache: {} of {} rows, {} bytes", rows,
                                              r.window->sinks + r.window->size, s.cache_bytes)
                                : fmt::format("(cache: {} row{}, {} bytes", rows, rows > 1 ? "s" : "", s.cache_bytes);
    if (s.evicted)
        note += fmt::format("; row {}: token {} '{}' replaces token {} '{}'", s.row, s.t, r.tokens[s.t], *s.evicted,
                            r.tokens[*s.evicted]);
    return note + ")";
}

std::string step_text(const course::DecodeReport& r, const math::DecodeStep& s, const Style& style) {
    const std::string title = fmt::format("step {}: '{}'", s.t, r.tokens[s.t]);
    // Wrapped as one line so that a long note folds under the title instead of running past the width.
    const std::string line = wrap(title + "  " + cache_note(r, s), style.width, 4);
    std::string out = bold(style, title) + dim(style, line.substr(title.size())) + "\n";
    for (size_t h = 0; h < s.heads.size(); ++h) out += head_text(r, s, h, style);
    if (s.heads.size() > 1) {
        const bool named = r.value_dimensions.size() == s.output.n_cols;
        out += block("step output", "heads side by side, times W_O", s.output, {r.tokens[s.t]},
                     named ? r.value_dimensions : course::numbered_labels("d", s.output.n_cols), course::Shading::none, style) + "\n";
    }
    return out;
}

std::string work_table(const course::DecodeReport& r, const Style& style) {
    course::Table table{"work per step (multiply-adds in this attention layer)",
                        {"t", "token", "keys", "with cache", "without", "ratio", "cache bytes"}, {}};
    for (const math::DecodeStep& s : r.trace.steps)
        table.rows.push_back({std::to_string(s.t), r.tokens[s.t], std::to_string(s.cache_tokens.size()),
                              fmt::format("{}", s.work.with_cache), fmt::format("{}", s.work.without_cache),
                              fmt::format("{:.1f}x", s.work.ratio),
                              fmt::format("{}", s.cache_bytes)});
    return render_plain_table(table, style);
}

// What the cache costs, and with a window why it stops growing.
std::string closing_note(const course::DecodeReport& r) {
    const math::KvCache& c = r.trace.cache;
    const double bytes = static_cast<double>(c.size) * (c.keys.n_cols + c.values.n_cols) * 8;
    const std::string note =
        r.window ? "With the cache a step computes one new key and value and reads the cached rows, at most S+W: "
                   "work grows like t*d until the buffer is full, then stays flat. Without it every step reruns "
                   "windowed attention over the whole prefix: t*(S+W)*d. "
                 : "With the cache a step computes one new key and value and reads the t+1 cached rows: work grows "
                   "like t*d. Without it every step reruns attention over the whole prefix: t*t*d. ";
    if (!r.window)
        return note + fmt::format("The cache holds {} tokens x ({} key + {} value columns) x 8 bytes = {} bytes.",
                                  c.size, c.keys.n_cols, c.values.n_cols, bytes);
    const arma::uword w = r.window->size, sinks = r.window->sinks;
    return note + fmt::format("With --window {} --sinks {} the cache is a rolling buffer of at most {} rows: the "
                              "sinks keep rows 0..S-1, and each later token overwrites the row of the token that "
                              "has just left the window. After {} tokens it holds {} rows x ({} key + {} value "
                              "columns) x 8 bytes = {} bytes, and no more however long the text grows.",
                              w, sinks, sinks + w, c.seen, c.size, c.keys.n_cols, c.values.n_cols, bytes);
}

}  // namespace

std::string decode_text(const course::DecodeReport& r, const Style& style) {
    std::string out = dim(style, wrap("inputs:  " + r.inputs_note, style.width, 9)) + "\n";
    if (!r.weights_note.empty()) out += dim(style, wrap("weights: " + r.weights_note, style.width, 9)) + "\n";
    if (r.window) {
        const arma::uword w = r.window->size, sinks = r.window->sinks;
        const std::string sink_part = sinks == 0 ? ""
                                      : sinks == 1 ? " and of token 0, the sink"
                                                   : fmt::format(" and of the sinks 0..{}", sinks - 1);
        out += wrap(fmt::format("Generating {} tokens one at a time with --window {} --sinks {}: at step t the query "
                                "of token t attends to the cached keys and values of tokens t-{}..t{}, the only "
                                "rows the cache keeps.", r.tokens.size(), w, sinks, w - 1, sink_part),
                    style.width, 0) + "\n\n";
    }
    else
        out += wrap(fmt::format("Generating {} tokens one at a time: at step t the query of token t attends to the "
                                "cached keys and values of tokens 0..t, and the cache grows by one row.",
                                r.tokens.size()), style.width, 0) + "\n\n";
    for (const math::DecodeStep& s : r.trace.steps) out += step_text(r, s, style) + "\n";
    const bool equal = r.causal_max_abs_difference <= course::kDecodeTolerance;
    const std::string flags = r.window ? fmt::format(" --window {} --sinks {}", r.window->size, r.window->sinks) : "";
    out += wrap(fmt::format("check: the {} step outputs stacked {} attn run --mask causal{} on the same input "
                            "(max |difference| {:.3g}, tolerance {:g})", r.tokens.size(),
                            equal ? "equal" : "DIFFER FROM", flags, r.causal_max_abs_difference,
                            course::kDecodeTolerance),
                style.width, 7) + "\n\n";
    out += work_table(r, style);
    out += wrap(closing_note(r), style.width, 0) + "\n";
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
    doc["window"] = r.window ? nlohmann::json(r.window->size) : nlohmann::json(nullptr);
    doc["sinks"] = r.window ? r.window->sinks : 0;
    doc["cache_capacity"] = r.trace.cache.keys.n_rows;
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
            step["k_cache"] = matrix_json(s.k_cache);
            step["v_cache"] = matrix_json(s.v_cache);
            for (const math::DecodeHeadStep& h : s.heads) {
                nlohmann::json head = {{"kv_head", h.kv_head}};
                head_fields(head, h);
                step["heads"].push_back(head);
            }
        } else {
            head_fields(step, s.heads[0]);
        }
        step["output"] = matrix_json(s.output)[0];
        step["cache_rows"] = s.cache_tokens.size();
        step["cache_tokens"] = s.cache_tokens;
        step["key_tokens"] = cached_tokens(r, s);  // names of the cache rows: the labels of scores and weights
        step["cache_row"] = s.row;
        step["evicted"] = s.evicted ? nlohmann::json(*s.evicted) : nlohmann::json(nullptr);
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
