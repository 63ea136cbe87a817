#include "course/data_blocks.hpp"

#include "course/decode_serve.hpp"
#include "course/reports.hpp"

namespace attn::course {

using report::counts;
using report::Facts;
using report::numbers;
using report::Value;
using report::words;

namespace {

// One head's part of a decode step: its row of q, k, v, scores, weights and output, and its cache.
void add_head_step(report::Report& report, const std::string& path, const math::DecodeHeadStep& h) {
    report.data(path, Facts{"",
                            {{"q", numbers(h.q)},
                             {"k", numbers(h.k)},
                             {"v", numbers(h.v)},
                             {"scores", numbers(h.scores)},
                             {"weights", numbers(h.weights)},
                             {"output", numbers(h.output)}}});
    if (h.sink_weight) report.data(path, Facts{"", {{"sink_weight", *h.sink_weight}}});
    if (h.gate) report.data(path, Facts{"", {{"ungated", numbers(*h.ungated)}, {"gate", numbers(*h.gate)}}});
    report.data(path + (path.empty() ? "" : ".") + "k_cache", h.k_cache);
    report.data(path + (path.empty() ? "" : ".") + "v_cache", h.v_cache);
}

void add_decode_step(report::Report& report, const DecodeReport& r, size_t index) {
    const math::DecodeStep& s = r.trace.steps[index];
    const std::string path = "steps." + std::to_string(index);
    report.data(path, Facts{"",
                            {{"t", s.t},
                             {"token", r.tokens[s.t]},
                             {"cache_rows", s.cache_tokens.size()},
                             {"cache_tokens", counts(s.cache_tokens)},
                             // the names of the cache rows: the labels of scores and weights
                             {"key_tokens", words(cache_key_tokens(r, s))},
                             {"cache_row", s.row},
                             {"evicted", s.evicted ? Value(*s.evicted) : Value()},
                             {"cache_bytes", s.cache_bytes},
                             {"work_with_cache", s.work.with_cache},
                             {"work_without_cache", s.work.without_cache}}});
    if (r.trace.n_heads == 1) {
        add_head_step(report, path, s.heads[0]);
    } else {
        report.data(path, Facts{"", {{"q", numbers(s.q)}, {"k", numbers(s.k)}, {"v", numbers(s.v)}}});
        report.data(path + ".k_cache", s.k_cache);
        report.data(path + ".v_cache", s.v_cache);
        for (size_t h = 0; h < s.heads.size(); ++h) {
            const std::string head = path + ".heads." + std::to_string(h);
            report.data(head, Facts{"", {{"kv_head", s.heads[h].kv_head}}});
            add_head_step(report, head, s.heads[h]);
        }
    }
    // With several heads, the step's output is that of W_O, after the heads' own.
    report.data(path, Facts{"", {{"output", numbers(s.output)}}});
}

}  // namespace

void add_decode_data(report::Report& report, const DecodeReport& r) {
    report.data("", Facts{"",
                          {{"tokens", words(r.tokens)},
                           {"n_heads", r.trace.n_heads},
                           {"n_kv_heads", r.trace.n_kv_heads},
                           {"d_k", r.trace.steps.at(0).heads.at(0).q.n_cols},
                           {"inputs", r.inputs_note},
                           {"weights", r.weights_note},
                           {"window", r.window ? Value(r.window->size) : Value()},
                           {"sinks", r.window ? Value(r.window->sinks) : Value(0)},
                           {"cache_capacity", r.trace.cache.keys.n_rows},
                           {"steps", Value::List{}}}});
    for (size_t i = 0; i < r.trace.steps.size(); ++i) add_decode_step(report, r, i);
    report.data("stages.output", r.trace.output);
    report.data("", Facts{"",
                          {{"cache_bytes", r.trace.steps.back().cache_bytes},
                           {"causal_max_abs_difference", r.causal_max_abs_difference}}});
    add_serve_data(report, r);
}

void add_streaming_data(report::Report& report, const StreamingDemo& d) {
    report.data("", Facts{"",
                          {{"tokens", words(d.tokens)},
                           {"keys_per_block", d.keys_per_block},
                           {"causal", d.causal},
                           {"inputs", d.inputs_note},
                           {"weights", d.weights_note},
                           {"blocks", Value::List{}}}});
    for (size_t i = 0; i < d.trace.blocks.size(); ++i) {
        const math::StreamingBlockTrace& b = d.trace.blocks[i];
        const std::string path = "blocks." + std::to_string(i);
        report.data(path, Facts{"",
                                {{"first_key", b.first_key},
                                 {"keys", b.n_keys},
                                 {"block_max", numbers(b.block_max)},
                                 {"running_max", numbers(b.running_max)},
                                 {"correction", numbers(b.correction)},
                                 {"running_sum", numbers(b.running_sum)}}});
        report.data(path + ".scaled", b.scaled);
        report.data(path + ".running_output", b.running_out);
    }
    report.data("stages.output", d.trace.output);
    report.data("stages.full_output", d.full_output);
    report.data("", Facts{"", {{"max_abs_difference", d.max_abs_difference}}});
}

void add_workspace_diff_data(report::Report& report, const std::vector<FileDiff>& diffs,
                             const std::string& workspace, const std::string& shipped) {
    report.data("", Facts{"", {{"workspace", workspace}, {"shipped", shipped}, {"files", Value::List{}}}});
    for (size_t i = 0; i < diffs.size(); ++i) {
        const FileDiff& d = diffs[i];
        const std::string file = "files." + std::to_string(i);
        report.data(file, Facts{"", {{"file", d.file}, {"status", d.status}, {"changes", Value::List{}}}});
        for (size_t j = 0; j < d.changes.size(); ++j) {
            const DataChange& c = d.changes[j];
            report.data(
                file + ".changes." + std::to_string(j),
                Facts{"", {{"kind", c.kind}, {"where", c.where}, {"before", c.before}, {"after", c.after}}});
        }
    }
}

namespace {

Value flags(const std::vector<bool>& items) { return Value::List(items.begin(), items.end()); }

void add_mask_data(report::Report& report, const MaskComparison& m) {
    report.data("mask", Facts{"",
                              {{"keep", flags(m.keep)},
                               {"large_negative", kLargeNegative},
                               {"fully_masked", m.fully_masked},
                               {"largest_difference", m.largest_difference}}});
    report.data("mask.with_infinity",
                Facts{"", {{"logits", numbers(m.with_infinity)}, {"weights", numbers(m.infinity.weights)}}});
    report.data("mask.with_large_negative",
                Facts{"", {{"logits", numbers(m.with_large)}, {"weights", numbers(m.large.weights)}}});
}

}  // namespace

void add_softmax_data(report::Report& report, const SoftmaxDemo& d) {
    report.data(
        "",
        Facts{"",
              {{"labels", words(d.labels)}, {"logits", numbers(d.logits)}, {"temperatures", Value::List{}}}});
    report.data("naive", Facts{"",
                               {{"exps", numbers(d.naive.exps)},
                                {"sum", d.naive.sum},
                                {"weights", numbers(d.naive.weights)},
                                {"overflowed", d.naive_overflowed}}});
    report.data("stable", Facts{"",
                                {{"max", d.stable.max},
                                 {"shifted", numbers(d.stable.shifted)},
                                 {"exps", numbers(d.stable.exps)},
                                 {"sum", d.stable.sum},
                                 {"weights", numbers(d.stable.weights)}}});
    for (size_t i = 0; i < d.by_temperature.size(); ++i)
        report.data("temperatures." + std::to_string(i),
                    Facts{"",
                          {{"temperature", d.by_temperature[i].first},
                           {"weights", numbers(d.by_temperature[i].second)}}});
    if (d.mask) add_mask_data(report, *d.mask);
}

}  // namespace attn::course
