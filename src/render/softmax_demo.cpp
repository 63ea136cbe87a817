// attn softmax as its documented JSON (the text is the report writer's, from course::softmax_report).
#include "render/softmax_demo.hpp"

#include <fmt/format.h>

#include "render/export.hpp"
#include "render/matrix_text.hpp"

namespace attn::render {

nlohmann::json mask_json(const course::MaskComparison& m) {
    auto row = [](const arma::rowvec& v) { return matrix_json(arma::mat(v))[0]; };
    return {{"keep", m.keep},
            {"large_negative", course::kLargeNegative},
            {"with_infinity", {{"logits", row(m.with_infinity)}, {"weights", row(m.infinity.weights)}}},
            {"with_large_negative", {{"logits", row(m.with_large)}, {"weights", row(m.large.weights)}}},
            {"fully_masked", m.fully_masked},
            {"largest_difference", m.largest_difference}};
}

nlohmann::json softmax_json(const course::SoftmaxDemo& d) {
    auto row = [](const arma::rowvec& v) { return matrix_json(arma::mat(v))[0]; };
    nlohmann::json temps = nlohmann::json::array();
    for (const auto& [t, w] : d.by_temperature) temps.push_back({{"temperature", t}, {"weights", row(w)}});
    nlohmann::json out = {{"labels", d.labels},
                          {"logits", row(d.logits)},
                          {"naive",
                           {{"exps", row(d.naive.exps)},
                            {"sum", d.naive.sum},
                            {"weights", row(d.naive.weights)},
                            {"overflowed", d.naive_overflowed}}},
                          {"stable",
                           {{"max", d.stable.max},
                            {"shifted", row(d.stable.shifted)},
                            {"exps", row(d.stable.exps)},
                            {"sum", d.stable.sum},
                            {"weights", row(d.stable.weights)}}},
                          {"temperatures", temps}};
    if (d.mask) out["mask"] = mask_json(*d.mask);
    return out;
}

}  // namespace attn::render
