#include "render/streaming_demo_text.hpp"

#include <fmt/format.h>

#include "course/labels.hpp"
#include "render/export.hpp"
#include "render/matrix_text.hpp"

namespace attn::render {

namespace {

// The block's scaled scores, then per query: block max, new m, the correction exp(m_before − m), new l.
std::string block_text(const course::StreamingDemo& d, size_t index, const Style& style) {
    const math::StreamingBlockTrace& b = d.trace.blocks[index];
    std::vector<std::string> cols(d.tokens.begin() + b.first_key, d.tokens.begin() + b.first_key + b.n_keys);
    const std::vector<std::string> state = {"block max", "m", "shrink", "l"};
    cols.insert(cols.end(), state.begin(), state.end());
    const arma::mat table = arma::join_rows(b.scaled, arma::join_rows(b.block_max, b.running_max, b.correction, b.running_sum));
    const std::string title = fmt::format("block {}: keys {}..{}", index, b.first_key, b.first_key + b.n_keys - 1);
    std::string out = render_matrix({title, "scores/√d_k, running state", table, d.tokens, cols,
                                     course::Shading::none},
                                    style);
    out += "\n" + render_matrix({fmt::format("block {}: o", index), "o·shrink + Σ exp(score − m)·v",
                                 b.running_out, d.tokens, course::numbered_labels("d", b.running_out.n_cols), course::Shading::none},
                                style);
    return out;
}

}  // namespace

std::string streaming_demo_text(const course::StreamingDemo& d, const Style& style) {
    std::string out = dim(style, wrap("inputs:  " + d.inputs_note, style.width, 9)) + "\n";
    if (!d.weights_note.empty()) out += dim(style, wrap("weights: " + d.weights_note, style.width, 9)) + "\n";
    out += wrap(fmt::format("Streaming attention, {} key{} per block{}: each query keeps a running max m, a running "
                            "sum l and a running output o, and never holds a whole row of weights. Per block: "
                            "block max = the largest of its scores; m = max(m before, block max); shrink = "
                            "exp(m before − m), which rescales l and o from the blocks before; l = l·shrink + "
                            "Σ exp(score − m); o = o·shrink + Σ exp(score − m)·v.",
                            d.keys_per_block, d.keys_per_block == 1 ? "" : "s", d.causal ? ", causal mask" : ""),
                style.width, 0) + "\n";
    for (size_t i = 0; i < d.trace.blocks.size(); ++i) out += "\n" + block_text(d, i, style);
    out += "\n" + render_matrix({"output = o / l", "after the last block", d.trace.output, d.tokens,
                                 course::numbered_labels("d", d.trace.output.n_cols), course::Shading::none},
                                style);
    const bool equal = d.max_abs_difference <= 1e-12;
    out += "\n" + wrap(fmt::format("check: o / l {} full attention's output (the whole softmax at once): max "
                                   "|difference| {:.3g}, tolerance 1e-12",
                                   equal ? "equals" : "DIFFERS FROM", d.max_abs_difference),
                       style.width, 7) + "\n";
    return out;
}

nlohmann::json streaming_demo_json(const course::StreamingDemo& d) {
    nlohmann::json doc = {{"tokens", d.tokens}, {"keys_per_block", d.keys_per_block}, {"causal", d.causal},
                          {"inputs", d.inputs_note}, {"weights", d.weights_note}};
    doc["blocks"] = nlohmann::json::array();
    const auto column = [](const arma::vec& x) { return matrix_json(arma::mat(x.t()))[0]; };
    for (const math::StreamingBlockTrace& b : d.trace.blocks)
        doc["blocks"].push_back({{"first_key", b.first_key}, {"keys", b.n_keys}, {"scaled", matrix_json(b.scaled)},
                                 {"block_max", column(b.block_max)}, {"running_max", column(b.running_max)},
                                 {"correction", column(b.correction)}, {"running_sum", column(b.running_sum)},
                                 {"running_output", matrix_json(b.running_out)}});
    doc["stages"]["output"] = matrix_json(d.trace.output);
    doc["stages"]["full_output"] = matrix_json(d.full_output);
    doc["max_abs_difference"] = d.max_abs_difference;
    return doc;
}

}  // namespace attn::render
