#include "render/streaming_export.hpp"

#include "render/export.hpp"

namespace attn::render {

nlohmann::json streaming_demo_json(const course::StreamingDemo& d) {
    nlohmann::json doc = {{"tokens", d.tokens},
                          {"keys_per_block", d.keys_per_block},
                          {"causal", d.causal},
                          {"inputs", d.inputs_note},
                          {"weights", d.weights_note}};
    doc["blocks"] = nlohmann::json::array();
    const auto column = [](const arma::vec& x) { return matrix_json(arma::mat(x.t()))[0]; };
    for (const math::StreamingBlockTrace& b : d.trace.blocks)
        doc["blocks"].push_back({{"first_key", b.first_key},
                                 {"keys", b.n_keys},
                                 {"scaled", matrix_json(b.scaled)},
                                 {"block_max", column(b.block_max)},
                                 {"running_max", column(b.running_max)},
                                 {"correction", column(b.correction)},
                                 {"running_sum", column(b.running_sum)},
                                 {"running_output", matrix_json(b.running_out)}});
    doc["stages"]["output"] = matrix_json(d.trace.output);
    doc["stages"]["full_output"] = matrix_json(d.full_output);
    doc["max_abs_difference"] = d.max_abs_difference;
    return doc;
}

}  // namespace attn::render
