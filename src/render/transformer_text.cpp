#include "render/transformer_text.hpp"

#include <fmt/format.h>

#include "render/export.hpp"
#include "render/matrix_text.hpp"
#include "render/views.hpp"

namespace attn::render {

namespace {

arma::uword d_k_of(const course::TransformerRun& run) {
    return run.trace.attention.heads.at(0).q.n_cols;
}

std::string permutation_text(const course::TransformerRun& run, const Style& style) {
    const course::PermutationCheck& p = *run.permutation;
    std::string out = "\n" + bold(style, "Reordered: " + fmt::format("{}", fmt::join(p.tokens, " "))) +
                      dim(style, fmt::format("  (order {})", fmt::join(p.order, ","))) + "\n";
    for (const Stage& stage : permutation_stages(run, style.unicode)) out += "\n" + render_matrix(stage.view, style);
    out += fmt::format("\nlargest |difference| = {:.3g}: ", p.max_abs_difference);
    if (p.max_abs_difference < 1e-12)
        out += "the same rows, only reordered. Without positions, attention cannot see word order.\n";
    else
        out += "the outputs changed, not just their order: the positional encodings tell the block where each word stands.\n";
    return out;
}


// "decoder": {"tokens", "self_weights": [per head], "cross_weights": [per head], "cross_output"}.
void add_decoder_json(nlohmann::json& doc, const course::TransformerRun& run) {
    nlohmann::json d = {{"tokens", run.decoder->tokens}, {"self_weights", nlohmann::json::array()}, {"cross_weights", nlohmann::json::array()}};
    for (const math::HeadTrace& h : run.decoder->trace.masked_self.heads) d["self_weights"].push_back(matrix_json(h.weights));
    for (const math::HeadTrace& h : run.decoder->trace.cross.heads) d["cross_weights"].push_back(matrix_json(h.weights));
    d["cross_output"] = matrix_json(run.decoder->trace.cross.output);
    doc["decoder"] = d;
}

}  // namespace

std::string block_summary(const course::TransformerRun& run) {
    const bool post = run.config.norm == math::NormPlacement::post;
    const arma::uword heads = run.trace.attention.heads.size();
    return fmt::format("{}, {} head{} of d_k = {}, d_ff = {}, {}, {}", post ? "post-norm (as in the 2017 paper)" : "pre-norm (as in GPT-2)",
                       heads, heads == 1 ? "" : "s", d_k_of(run), run.d_ff, math::activation_name(run.config.activation),
                       run.positions ? "sinusoidal positions added" : "no positions (word order is invisible; add --positional)");
}

std::string transformer_text(const course::TransformerRun& run, const std::vector<std::string>& show, const Style& style) {
    std::string out = dim(style, wrap_labelled("inputs:  ", run.inputs_note, style.width)) + "\n";
    out += dim(style, wrap_labelled("weights: ", run.weights_note, style.width)) + "\n";
    out += dim(style, wrap_labelled("block:   ", block_summary(run), style.width)) + "\n";
    for (const Stage& stage : transformer_stages(run, show, style.unicode)) out += "\n" + render_matrix(stage.view, style);
    if (run.permutation) out += permutation_text(run, style);
    if (run.decoder) {
        out += "\n" + bold(style, "Decoder sketch: \"" + fmt::format("{}", fmt::join(run.decoder->tokens, " ")) + "\"") +
               dim(style, " (random weights; masked self-attention, a residual, then cross-attention over the block's output)") + "\n";
        for (const Stage& stage : decoder_stages(run, style.unicode)) out += "\n" + render_matrix(stage.view, style);
    }
    return out;
}

nlohmann::json transformer_json(const course::TransformerRun& run, const std::vector<std::string>& show) {
    nlohmann::json doc;
    doc["tokens"] = run.tokens;
    doc["dimensions"] = run.dimensions;
    doc["inputs"] = run.inputs_note;
    doc["weights"] = run.weights_note;
    doc["norm"] = math::norm_name(run.config.norm);
    doc["n_heads"] = run.trace.attention.heads.size();
    doc["d_k"] = d_k_of(run);
    doc["d_ff"] = run.d_ff;
    doc["activation"] = math::activation_name(run.config.activation);
    doc["positional"] = run.positions.has_value();
    doc["layer_norm_eps"] = run.config.eps;
    doc["stages"] = nlohmann::json::object();
    for (const Stage& stage : transformer_stages(run, show, true)) add_stage_json(doc, stage);
    doc["output"] = matrix_json(run.trace.output);
    if (run.decoder) add_decoder_json(doc, run);
    if (!run.permutation) return doc;
    const course::PermutationCheck& p = *run.permutation;
    doc["permutation"] = {{"order", p.order}, {"tokens", p.tokens}, {"output", matrix_json(p.trace.output)},
                          {"expected", matrix_json(p.expected)}, {"difference", matrix_json(p.difference)},
                          {"max_abs_difference", p.max_abs_difference}};
    return doc;
}

std::string transformer_csv(const course::TransformerRun& run, const std::vector<std::string>& show) {
    std::string out;
    for (const Stage& stage : transformer_stages(run, show, false)) out += csv_block(stage.name, stage.view);
    if (run.permutation)
        for (const Stage& stage : permutation_stages(run, false)) out += csv_block(stage.name, stage.view);
    if (run.decoder)
        for (const Stage& stage : decoder_stages(run, false)) out += csv_block(stage.name, stage.view);
    return out;
}

}  // namespace attn::render
