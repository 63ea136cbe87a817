// The report of attn stream: online-softmax attention block by block, each block's running state, the
// output, and the check against full attention.
#include <fmt/format.h>

#include "course/data_blocks.hpp"
#include "course/labels.hpp"
#include "course/reports.hpp"

namespace attn::course {
namespace {

// The block's scaled scores, then per query: block max, new m, the correction exp(m_before − m), new l.
void block_blocks(report::Report& report, const StreamingDemo& d, size_t index) {
    const math::StreamingBlockTrace& b = d.trace.blocks[index];
    std::vector<std::string> cols(d.tokens.begin() + b.first_key, d.tokens.begin() + b.first_key + b.n_keys);
    for (const char* state : {"block max", "m", "shrink", "l"}) cols.push_back(state);
    // (n, keys + 4): the block's scores beside the running state they update
    const arma::mat table =
        arma::join_rows(b.scaled, arma::join_rows(b.block_max, b.running_max, b.correction, b.running_sum));
    const std::string title =
        fmt::format("block {}: keys {}..{}", index, b.first_key, b.first_key + b.n_keys - 1);
    report.matrix(fmt::format("block{}.state", index),
                  {title, "scores/√d_k, running state", table, d.tokens, cols, report::Shading::none});
    report.matrix(fmt::format("block{}.o", index),
                  {fmt::format("block {}: o", index), "o·shrink + Σ exp(score − m)·v", b.running_out,
                   d.tokens, numbered_labels("d", b.running_out.n_cols), report::Shading::none});
}

}  // namespace

report::Report streaming_report(const StreamingDemo& d, const std::string& data_dir) {
    report::Report report{"attn stream: " + fmt::format("{}", fmt::join(d.tokens, " ")), data_dir, {}};
    add_streaming_data(report, d);
    report::Facts facts{"", {{"inputs", d.inputs_note}}};
    if (!d.weights_note.empty()) facts.items.push_back({"weights", d.weights_note});
    report.facts("inputs", std::move(facts));
    report.paragraph(
        fmt::format("Streaming attention, {} key{} per block{}: each query keeps a running max "
                    "m, a running sum l and a running output o, and never holds a whole row of "
                    "weights. Per block: block max = the largest of its scores; m = "
                    "max(m before, block max); shrink = exp(m before − m), which rescales l "
                    "and o from the blocks before; l = l·shrink + Σ exp(score − m); o = "
                    "o·shrink + Σ exp(score − m)·v.",
                    d.keys_per_block, d.keys_per_block == 1 ? "" : "s", d.causal ? ", causal mask" : ""));
    for (size_t i = 0; i < d.trace.blocks.size(); ++i) block_blocks(report, d, i);
    report.matrix("output", {"output = o / l", "after the last block", d.trace.output, d.tokens,
                             numbered_labels("d", d.trace.output.n_cols), report::Shading::none});
    const bool equal = d.max_abs_difference <= 1e-12;
    const std::string check = fmt::format(
        "o / l {} full attention's output (the whole softmax at once): max "
        "|difference| {:.3g}, tolerance 1e-12",
        equal ? "equals" : "DIFFERS FROM", d.max_abs_difference);
    report.facts("check", report::Facts{"", {{"check", check}}});
    return report;
}

}  // namespace attn::course
