// The JSON of attn decode's serving options (docs/commands.md): the paged pool and its sequences, the
// chunks of chunked prefill, each step's split-K parts and the draft verification.
#include <fmt/format.h>

#include "course/data_blocks.hpp"
#include "course/decode_serve.hpp"

namespace attn::course {

using report::counts;
using report::Facts;
using report::numbers;
using report::Value;
using report::words;

namespace {

std::string at(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
}

// One head's rows: a matrix per field, or with one query row its numbers (as a decode step's).
void add_head_rows(report::Report& report, const std::string& path, const math::HeadTrace& h, bool one_row) {
    const std::vector<std::pair<std::string, const arma::mat*>> fields{
        {"q", &h.q}, {"scores", &h.scores}, {"weights", &h.weights}, {"output", &h.output}};
    for (const auto& [key, m] : fields) {
        if (one_row)
            report.data(path, Facts{"", {{key, numbers(*m)}}});
        else
            report.data(at(path, key), *m);
    }
    if (h.sink_weight) report.data(path, Facts{"", {{"sink_weight", numbers(*h.sink_weight)}}});
    if (h.gate && one_row)
        report.data(path, Facts{"", {{"ungated", numbers(*h.ungated)}, {"gate", numbers(*h.gate)}}});
    if (h.gate && !one_row) {
        report.data(at(path, "ungated"), *h.ungated);
        report.data(at(path, "gate"), *h.gate);
    }
}

}  // namespace

void add_rows_attention(report::Report& report, const std::string& path, const math::RowsAttention& a,
                        bool one_row) {
    report.data(
        path,
        Facts{"", {{"positions", counts(a.query_positions)}, {"key_positions", counts(a.key_positions)}}});
    report.data(path, Facts{"", {{"mask", report::integer_rows(a.keep)}}});
    if (a.heads.size() == 1) {
        add_head_rows(report, path, a.heads[0], one_row);
    } else {
        for (size_t h = 0; h < a.heads.size(); ++h) {
            const std::string head = at(path, "heads." + std::to_string(h));
            report.data(head, Facts{"", {{"kv_head", a.heads[h].kv_head}}});
            add_head_rows(report, head, a.heads[h], one_row);
        }
    }
    if (one_row)
        report.data(path, Facts{"", {{"output", numbers(a.output)}}});
    else
        report.data(at(path, "output"), a.output);
}

namespace {

void add_split_head(report::Report& report, const std::string& path, const math::SplitHead& h);

// A split step at PATH: with one head its parts there, with several under heads[h]; the merged output.
void add_split_rows(report::Report& report, const std::string& path, const math::SplitStep& s) {
    report.data(path, Facts{"", {{"split_merged_output", numbers(s.output)}}});
    if (s.heads.size() == 1) add_split_head(report, path, s.heads[0]);
    for (size_t h = 0; h < s.heads.size() && s.heads.size() > 1; ++h)
        add_split_head(report, path + ".heads." + std::to_string(h), s.heads[h]);
}

// PATH.slots: [{"block", "offset"}] for each new row of a chunk.
void add_slots(report::Report& report, const std::string& path, const std::vector<math::Slot>& slots) {
    report.data(path, Facts{"", {{"slots", Value::List{}}}});
    for (size_t i = 0; i < slots.size(); ++i)
        report.data(path + ".slots." + std::to_string(i),
                    Facts{"", {{"block", slots[i].block}, {"offset", slots[i].offset}}});
}

// sequences[i].steps[t] (or .chunks[c]) of the paged run, and the pool.
void add_paged_data(report::Report& report, const DecodeReport& r) {
    const math::PagedTrace& p = *r.paged;
    std::vector<Value> owner;
    for (const auto& o : p.pool.owner) owner.push_back(o ? Value(*o) : Value());
    report.data("", Facts{"",
                          {{"block_size", p.block_size},
                           {"pool_blocks", p.pool_blocks},
                           {"paged_max_abs_difference", r.paged_max_abs_difference},
                           {"order", Value::List{}},
                           {"sequences", Value::List{}}}});
    report.data("pool",
                Facts{"", {{"owner", Value::List(owner)}, {"free", counts(math::free_blocks(p.pool))}}});
    std::vector<size_t> done(p.sequences.size(), 0);
    for (size_t k = 0; k < p.steps.size(); ++k) {
        const math::PagedStep& s = p.steps[k];
        const ServedSequence& seq = r.sequences[s.sequence];
        const size_t index = done[s.sequence]++;
        report.data("order." + std::to_string(k), Facts{"", {{"sequence", s.sequence}, {"index", index}}});
        const std::string path =
            fmt::format("sequences.{}.{}.{}", s.sequence, p.chunk == 1 ? "steps" : "chunks", index);
        std::vector<std::string> tokens(seq.tokens.begin() + s.first,
                                        seq.tokens.begin() + s.first + s.slots.size());
        report.data(path, Facts{"",
                                {{"t", s.first},
                                 {"tokens", words(tokens)},
                                 {"block_table", counts(s.block_table)},
                                 {"free", counts(s.free)}}});
        if (p.chunk == 1)
            report.data(path + ".slot",
                        Facts{"", {{"block", s.slots[0].block}, {"offset", s.slots[0].offset}}});
        else
            add_slots(report, path, s.slots);
        add_rows_attention(report, path, s.attention, p.chunk == 1);
        if (!r.paged_splits.empty()) add_split_rows(report, path, r.paged_splits[k]);
    }
    for (size_t i = 0; i < r.sequences.size(); ++i)
        report.data("sequences." + std::to_string(i),
                    Facts{"",
                          {{"tokens", words(r.sequences[i].tokens)},
                           {"block_table", counts(p.sequences[i].block_table)},
                           {"causal_max_abs_difference", r.sequences[i].max_abs_difference}}});
}

}  // namespace

void add_serve_data(report::Report& report, const DecodeReport& r) {
    if (r.paged) add_paged_data(report, r);
    if (r.paged && r.serve.sequences.empty() && r.paged->chunk == 1)  // steps[t] of the one sequence too
        for (const math::PagedStep& s : r.paged->steps) {
            const std::string path = "steps." + std::to_string(s.first);
            report.data(path, Facts{"", {{"block_table", counts(s.block_table)}}});
            report.data(path + ".slot",
                        Facts{"", {{"block", s.slots[0].block}, {"offset", s.slots[0].offset}}});
        }
    if (r.serve.chunk) report.data("", Facts{"", {{"chunk", *r.serve.chunk}, {"chunks", Value::List{}}}});
    if (r.prefill) {
        report.data("", Facts{"", {{"chunk_max_abs_difference", r.chunk_max_abs_difference}}});
        for (size_t c = 0; c < r.prefill->chunks.size(); ++c) {
            const math::PrefillChunk& ch = r.prefill->chunks[c];
            const std::string path = "chunks." + std::to_string(c);
            report.data(path, Facts{"", {{"first", ch.first}, {"cached", counts(ch.cached)}}});
            report.data(path + ".queries", ch.rows.q);
            add_rows_attention(report, path, ch.attention, false);
        }
    }
    if (r.paged && r.serve.sequences.empty() && r.paged->chunk > 1)
        for (size_t c = 0; c < r.paged->steps.size(); ++c) {
            const math::PagedStep& s = r.paged->steps[c];
            const std::string path = "chunks." + std::to_string(c);
            report.data(path, Facts{"", {{"first", s.first}, {"block_table", counts(s.block_table)}}});
            add_slots(report, path, s.slots);
            report.data(path + ".queries", s.rows.q);
            add_rows_attention(report, path, s.attention, false);
        }
    add_split_data(report, r);
    add_verify_data(report, r);
}

namespace {

// PATH.splits[s]: each part's first row, token positions, max, sum and unnormalised partial output.
void add_split_head(report::Report& report, const std::string& path, const math::SplitHead& h) {
    report.data(path, Facts{"",
                            {{"split_max", h.max},
                             {"split_sum", h.sum},
                             {"split_output", numbers(h.output)},
                             {"splits", Value::List{}}}});
    for (size_t s = 0; s < h.parts.size(); ++s) {
        const math::SplitPart& p = h.parts[s];
        report.data(path + ".splits." + std::to_string(s),
                    Facts{"",
                          {{"first", p.first},
                           {"positions", counts(p.positions)},
                           {"max", p.max},
                           {"sum", p.sum},
                           {"partial_output", numbers(p.partial_output)}}});
    }
}

}  // namespace

void add_split_data(report::Report& report, const DecodeReport& r) {
    if (r.splits.empty()) return;
    report.data("", Facts{"",
                          {{"splits", *r.serve.splits},
                           {"partial_output", "unnormalised"},
                           {"split_max_abs_difference", r.split_max_abs_difference}}});
    for (size_t t = 0; t < r.splits.size(); ++t)
        add_split_rows(report, "steps." + std::to_string(t), r.splits[t]);
}

void add_verify_data(report::Report& report, const DecodeReport& r) {
    if (!r.verify) return;
    const math::DraftVerification& v = *r.verify;
    report.data("verify", Facts{"",
                                {{"prefix", v.prefix},
                                 {"drafted", v.drafted},
                                 {"cached", counts(v.verify.cached)},
                                 {"max_abs_difference", v.max_abs_difference},
                                 {"causal_max_abs_difference", r.verify_causal_max_abs_difference}}});
    add_rows_attention(report, "verify.chunk", v.verify.attention, false);
    report.data("verify.step_outputs", v.steps_output);
    for (const auto& [key, w] :
         {std::pair{"one_pass", &v.one_pass}, std::pair{"step_by_step", &v.step_by_step}})
        report.data(std::string("verify.work.") + key,
                    Facts{"",
                          {{"passes", static_cast<arma::uword>(w->passes)},
                           {"rows_read", static_cast<arma::uword>(w->rows_read)},
                           {"multiply_adds", w->multiply_adds}}});
}

}  // namespace attn::course
