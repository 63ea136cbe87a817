// The report of attn decode: each step's new rows, the caches, the scores and weights and the output,
// the check against causal attention, the work per step and what the cache costs.
#include <fmt/format.h>

#include <algorithm>

#include "course/data_blocks.hpp"
#include "course/decode_serve.hpp"
#include "course/labels.hpp"
#include "course/reports.hpp"

namespace attn::course {

std::vector<std::string> cache_key_tokens(const DecodeReport& r, const math::DecodeStep& s) {
    std::vector<std::string> keys;
    for (const arma::uword token : s.cache_tokens) keys.push_back(r.tokens[token]);
    return keys;
}

namespace {

// The token each cache row holds, in row order: the row this step wrote marked (new), sinks (sink).
std::vector<std::string> cache_rows(const DecodeReport& r, const math::DecodeStep& s) {
    std::vector<std::string> rows;
    for (arma::uword i = 0; i < s.cache_tokens.size(); ++i) {
        const arma::uword token = s.cache_tokens[i];
        std::string label = r.tokens[token];
        if (i == s.row)
            label += " (new)";
        else if (r.window && token < r.window->sinks)
            label += " (sink)";
        rows.push_back(label);
    }
    return rows;
}

// Whether --show asks for `block` (no --show: every block).
bool shown(const DecodeView& view, const std::string& block) {
    return view.show.empty() || std::find(view.show.begin(), view.show.end(), block) != view.show.end();
}

// Whether --step asks for step t (no --step: every step).
bool step_shown(const DecodeView& view, arma::uword t) {
    return view.steps.empty() || std::find(view.steps.begin(), view.steps.end(), t) != view.steps.end();
}

report::LabelledMatrix plain(const std::string& title, const std::string& legend, const arma::mat& m,
                             std::vector<std::string> rows, std::vector<std::string> cols) {
    return {title, legend, m, std::move(rows), std::move(cols), report::Shading::none};
}

// One head's part of a step: its new query, key and value, the caches, the scores and weights, the output.
void head_blocks(report::Report& report, const DecodeReport& r, const math::DecodeStep& s, size_t h,
                 const DecodeView& view) {
    const math::DecodeHeadStep& hs = s.heads[h];
    const bool several = s.heads.size() > 1;
    const std::string prefix = several ? fmt::format("head {}: ", h) : "";
    const std::string name = fmt::format("step{}.", s.t) + (several ? fmt::format("head{}.", h) : "");
    const bool grouped = several && r.trace.n_kv_heads < r.trace.n_heads;
    const std::string kv = grouped ? fmt::format(" (kv head {})", hs.kv_head) : "";
    // Value columns keep the vocabulary's dimension names when W_V (and W_O) are identities.
    const bool named = !several && r.value_dimensions.size() == hs.v.n_cols;
    const std::vector<std::string> value_cols =
        named ? r.value_dimensions : numbered_labels("d", hs.v.n_cols);
    const std::vector<std::string> key_cols = numbered_labels("d", hs.k.n_cols);
    const bool new_rows = shown(view, "new");  // left out, the caches still mark the new row (new)
    if (new_rows && hs.q.n_cols == hs.v.n_cols && !named) {
        const arma::mat qkv = arma::join_cols(hs.q, hs.k, hs.v);  // (3, d_k)
        report.matrix(name + "new",
                      plain(prefix + "new rows", "q; k and v appended" + kv, qkv, {"q", "k", "v"}, key_cols));
    } else if (new_rows) {
        report.matrix(name + "q", plain(prefix + "q", "the new token's query", hs.q, {"q"}, key_cols));
        report.matrix(name + "k", plain(prefix + "k", "its key, appended" + kv, hs.k, {"k"}, key_cols));
        report.matrix(name + "v", plain(prefix + "v", "its value, appended" + kv, hs.v, {"v"}, value_cols));
    }
    const std::string held =
        r.window ? fmt::format("keys held, rows 0..{} in order", s.cache_tokens.size() - 1) : "keys so far";
    if (shown(view, "k_cache"))
        report.matrix(name + "k_cache",
                      plain(prefix + "K cache", held + kv, hs.k_cache, cache_rows(r, s), key_cols));
    const std::string values = r.window ? "values held" : "values so far";
    if (shown(view, "v_cache"))
        report.matrix(name + "v_cache",
                      plain(prefix + "V cache", values + kv, hs.v_cache, cache_rows(r, s), value_cols));
    const arma::mat sw = arma::join_cols(hs.scores, hs.weights);  // (2, cached keys)
    const std::string formula =
        hs.sink_weight
            ? fmt::format("q·Kᵀ, softmax(scores / √{}) with the learned sink; the sink takes {:.4f}",
                          hs.q.n_cols, *hs.sink_weight)
            : fmt::format("q·Kᵀ, softmax(scores / √{})", hs.q.n_cols);
    if (shown(view, "weights"))
        report.matrix(name + "weights", plain(prefix + "scores, weights", formula, sw, {"scores", "weights"},
                                              cache_key_tokens(r, s)));
    if (shown(view, "output") && hs.gate)
        report.matrix(name + "gate",
                      plain(prefix + "gate", "output gate: sigmoid(x·W_g) in this head's columns", *hs.gate,
                            {r.tokens[s.t]}, value_cols));
    if (shown(view, "output"))
        report.matrix(name + "output",
                      plain(prefix + "output", hs.gate ? "weights·V cache * gate" : "weights·V cache",
                            hs.output, {r.tokens[s.t]}, value_cols));
}

// "cache: 4 of 4 rows, 288 bytes; row 1: token 4 'ate' replaces token 1 'ate'".
std::string cache_note(const DecodeReport& r, const math::DecodeStep& s) {
    const size_t rows = s.cache_tokens.size();
    std::string note =
        r.window ? fmt::format("cache: {} of {} rows, {} bytes", rows, r.window->sinks + r.window->size,
                               s.cache_bytes)
                 : fmt::format("cache: {} row{}, {} bytes", rows, rows > 1 ? "s" : "", s.cache_bytes);
    if (s.evicted)
        note += fmt::format("; row {}: token {} '{}' replaces token {} '{}'", s.row, s.t, r.tokens[s.t],
                            *s.evicted, r.tokens[*s.evicted]);
    return note;
}

void step_blocks(report::Report& report, const DecodeReport& r, const math::DecodeStep& s,
                 const DecodeView& view) {
    report.heading(fmt::format("step {}: '{}' ({})", s.t, r.tokens[s.t], cache_note(r, s)), 2);
    for (size_t h = 0; h < s.heads.size(); ++h) head_blocks(report, r, s, h, view);
    if (s.heads.size() > 1 && shown(view, "output")) {
        const bool named = r.value_dimensions.size() == s.output.n_cols;
        report.matrix(fmt::format("step{}.output", s.t),
                      plain("step output", "heads side by side, times W_O", s.output, {r.tokens[s.t]},
                            named ? r.value_dimensions : numbered_labels("d", s.output.n_cols)));
    }
    split_blocks(report, r, s.t, view);
}

// Without --show, a serving option shows its own blocks and the check instead of every step's.
DecodeView serving_view(const DecodeReport& r, const DecodeView& view) {
    if (!view.show.empty()) return view;
    DecodeView v = view;
    if (r.paged) v.show.push_back("pool");
    if (r.prefill || (r.paged && r.paged->chunk > 1)) v.show.push_back("chunks");
    if (!r.splits.empty()) v.show.insert(v.show.end(), {"weights", "splits"});
    if (r.verify) v.show.push_back("verify");
    if (!v.show.empty()) v.show.push_back("check");
    return v;
}

// With --sequences the inputs line names every sentence, not only the first one the plain steps decode.
std::string inputs_note(const DecodeReport& r) {
    if (r.sequences.size() < 2) return r.inputs_note;
    const std::string first = fmt::format("sentence \"{}\"", fmt::join(r.sequences.front().tokens, " "));
    if (r.inputs_note.rfind(first, 0) != 0) return r.inputs_note;
    std::vector<std::string> quoted;
    for (const ServedSequence& s : r.sequences)
        quoted.push_back(fmt::format("\"{}\"", fmt::join(s.tokens, " ")));
    return fmt::format("{} sentences {}", quoted.size(), fmt::join(quoted, ", ")) +
           r.inputs_note.substr(first.size());
}

std::string opening(const DecodeReport& r) {
    if (r.sequences.size() > 1)
        return fmt::format(
            "Decoding {} sentences one token at a time, taking turns as a server does: each step of a "
            "sentence attends to that sentence's own cached keys and values, which all sentences keep in "
            "one pool of blocks. The steps shown below are those of sentence 0.",
            r.sequences.size());
    if (!r.window)
        return fmt::format(
            "Generating {} tokens one at a time: at step t the query of token t attends to "
            "the cached keys and values of tokens 0..t, and the cache grows by one row.",
            r.tokens.size());
    const arma::uword w = r.window->size, sinks = r.window->sinks;
    const std::string sink_part = sinks == 0   ? ""
                                  : sinks == 1 ? " and of token 0, the sink"
                                               : fmt::format(" and of the sinks 0..{}", sinks - 1);
    return fmt::format(
        "Generating {} tokens one at a time with --window {} --sinks {}: at step t the "
        "query of token t attends to the cached keys and values of tokens t-{}..t{}, the only "
        "rows the cache keeps.",
        r.tokens.size(), w, sinks, w - 1, sink_part);
}

report::Table work_table(const DecodeReport& r) {
    report::Table table{"work per step (multiply-adds in this attention layer)",
                        {"t", "token", "keys", "with cache", "without", "ratio", "cache bytes"},
                        {}};
    for (const math::DecodeStep& s : r.trace.steps)
        table.rows.push_back({std::to_string(s.t), r.tokens[s.t], std::to_string(s.cache_tokens.size()),
                              fmt::format("{}", s.work.with_cache), fmt::format("{}", s.work.without_cache),
                              fmt::format("{:.1f}x", s.work.ratio), fmt::format("{}", s.cache_bytes)});
    return table;
}

// What the cache costs, and with a window why it stops growing.
std::string closing_note(const DecodeReport& r) {
    const math::KvCache& c = r.trace.cache;
    const double bytes = static_cast<double>(c.size) * (c.keys.n_cols + c.values.n_cols) * 8;
    const std::string note =
        r.window ? "With the cache a step computes one new key and value and reads the cached rows, at "
                   "most S+W: work grows like t·d until the buffer is full, then stays flat. Without it "
                   "every step reruns windowed attention over the whole prefix: t·(S+W)·d. "
                 : "With the cache a step computes one new key and value and reads the t+1 cached rows: work "
                   "grows like t·d. Without it every step reruns attention over the whole prefix: t·t·d. ";
    if (!r.window)
        return note + fmt::format(
                          "The cache holds {} tokens × ({} key + {} value columns) × 8 bytes = {} "
                          "bytes.",
                          c.size, c.keys.n_cols, c.values.n_cols, bytes);
    const arma::uword w = r.window->size, sinks = r.window->sinks;
    return note + fmt::format(
                      "With --window {} --sinks {} the cache is a rolling buffer of at most {} rows: "
                      "the sinks keep rows 0..S-1, and each later token overwrites the row of the "
                      "token that has just left the window. After {} tokens it holds {} rows × ({} "
                      "key + {} value columns) × 8 bytes = {} bytes, and no more however long the "
                      "text grows.",
                      w, sinks, sinks + w, c.seen, c.size, c.keys.n_cols, c.values.n_cols, bytes);
}

}  // namespace

report::Report decode_report(const DecodeReport& r, const std::string& data_dir, const DecodeView& asked) {
    const DecodeView view = serving_view(r, asked);
    report::Report report{"attn decode: " + fmt::format("{}", fmt::join(r.tokens, " ")), data_dir, {}};
    add_decode_data(report, r);
    report::Facts facts{"", {{"inputs", inputs_note(r)}}};
    if (!r.weights_note.empty()) facts.items.push_back({"weights", r.weights_note});
    report.facts("inputs", std::move(facts));
    report.paragraph(opening(r));
    // A step's heading says which token it adds and what the cache holds; it is printed with any of the
    // step's blocks, and left out when --show asks only for the check or the work.
    bool any_step_block = false;
    for (const char* block : {"new", "k_cache", "v_cache", "weights", "output", "splits"})
        any_step_block = any_step_block || shown(view, block);
    for (const math::DecodeStep& s : r.trace.steps)
        if (any_step_block && step_shown(view, s.t)) step_blocks(report, r, s, view);
    serve_blocks(report, r, view);
    const bool equal = r.causal_max_abs_difference <= kDecodeTolerance;
    const std::string flags =
        r.window ? fmt::format(" --window {} --sinks {}", r.window->size, r.window->sinks) : "";
    const std::string check = fmt::format(
        "the {} step outputs stacked {} attn run --mask causal{} on the "
        "same input (max |difference| {:.3g}, tolerance {:g})",
        r.tokens.size(), equal ? "equal" : "DIFFER FROM", flags, r.causal_max_abs_difference,
        kDecodeTolerance);
    report::Facts checks{"", {{"check", check}}};
    if (!r.splits.empty())
        checks.items.push_back(
            {"split-K",
             fmt::format("each step's parts (--splits {}, at most one part per cached key) merged {} the "
                         "step (max |difference| {:.3g})",
                         *r.serve.splits,
                         r.split_max_abs_difference <= kDecodeTolerance ? "equal" : "DIFFER FROM",
                         r.split_max_abs_difference)});
    // With --sequences the plain steps are those of the first sentence, decoded alone.
    if (r.serve.sequences.size() > 1) checks.items.front().first = "sequence 0 alone";
    if (shown(view, "check")) report.facts("check", std::move(checks));
    if (shown(view, "work")) {
        report.table("work", work_table(r));
        report.paragraph(closing_note(r));
    }
    return report;
}

}  // namespace attn::course
