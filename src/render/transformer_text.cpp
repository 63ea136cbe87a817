#include "render/transformer_text.hpp"

#include <fmt/format.h>

#include "render/export.hpp"
#include "render/views.hpp"

namespace attn::render {

namespace {

arma::uword d_k_of(const course::TransformerRun& run) { return run.trace.attention.heads.at(0).q.n_cols; }

// "decoder": {"tokens", "self_weights": [per head], "cross_weights": [per head], "cross_output"}.
void add_decoder_json(nlohmann::json& doc, const course::TransformerRun& run) {
    nlohmann::json d = {{"tokens", run.decoder->tokens},
                        {"self_weights", nlohmann::json::array()},
                        {"cross_weights", nlohmann::json::array()}};
    for (const math::HeadTrace& h : run.decoder->trace.masked_self.heads)
        d["self_weights"].push_back(matrix_json(h.weights));
    for (const math::HeadTrace& h : run.decoder->trace.cross.heads)
        d["cross_weights"].push_back(matrix_json(h.weights));
    d["cross_output"] = matrix_json(run.decoder->trace.cross.output);
    doc["decoder"] = d;
}

}  // namespace

nlohmann::json transformer_json(const course::TransformerRun& run, const std::vector<std::string>& show) {
    nlohmann::json doc;
    doc["tokens"] = run.tokens;
    doc["dimensions"] = run.dimensions;
    doc["inputs"] = run.inputs_note;
    doc["weights"] = run.weights_note;
    doc["norm"] = run.norm_name;
    doc["n_heads"] = run.trace.attention.heads.size();
    doc["d_k"] = d_k_of(run);
    doc["d_ff"] = run.d_ff;
    doc["activation"] = run.activation_name;
    doc["positional"] = run.positions.has_value();
    doc["layer_norm_eps"] = run.config.eps;
    doc["stages"] = nlohmann::json::object();
    for (const Stage& stage : transformer_stages(run, show, true)) add_stage_json(doc, stage);
    doc["output"] = matrix_json(run.trace.output);
    if (run.decoder) add_decoder_json(doc, run);
    if (!run.permutation) return doc;
    const course::PermutationCheck& p = *run.permutation;
    doc["permutation"] = {{"order", p.order},
                          {"tokens", p.tokens},
                          {"output", matrix_json(p.trace.output)},
                          {"expected", matrix_json(p.expected)},
                          {"difference", matrix_json(p.difference)},
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
