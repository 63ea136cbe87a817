#include "render/scaling.hpp"

#include <fmt/format.h>

#include "render/export.hpp"
#include "render/matrix_text.hpp"

namespace attn::render {

namespace {

nlohmann::json saturation_json(const math::Saturation& s) {
    return {{"mean_max_weight", s.mean_max_weight},
            {"mean_entropy", s.mean_entropy},
            {"entropy_fraction", s.entropy_fraction}};
}

}  // namespace

nlohmann::json scaling_json(const course::ScalingReport& r) {
    nlohmann::json results = nlohmann::json::array();
    for (const math::ScalingMeasurement& m : r.rows)
        results.push_back({{"d_k", m.d_k},
                           {"score_variance", m.score_variance},
                           {"unscaled", saturation_json(m.unscaled)},
                           {"scaled", saturation_json(m.scaled)}});
    return {{"keys", r.request.keys},
            {"trials", r.request.trials},
            {"seed", r.request.seed},
            {"uniform_entropy", r.uniform_entropy},
            {"results", results}};
}

std::string scaling_csv(const course::ScalingReport& r) {
    std::string out =
        "d_k,score_variance,unscaled_max_weight,unscaled_entropy,scaled_max_weight,scaled_entropy,uniform_"
        "entropy\n";
    for (const math::ScalingMeasurement& m : r.rows)
        out += fmt::format("{},{},{},{},{},{},{}\n", m.d_k, exact_number(m.score_variance),
                           exact_number(m.unscaled.mean_max_weight), exact_number(m.unscaled.mean_entropy),
                           exact_number(m.scaled.mean_max_weight), exact_number(m.scaled.mean_entropy),
                           exact_number(r.uniform_entropy));
    return out;
}

}  // namespace attn::render
