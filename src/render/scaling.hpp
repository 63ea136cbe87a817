// The scaling experiment (attn scaling) in its documented CSV and JSON (text: the report writer).
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "course/scaling.hpp"
#include "render/style.hpp"

namespace attn::render {

// {"keys", "trials", "seed", "uniform_entropy", "results": [{"d_k", "score_variance",
//  "unscaled": {"mean_max_weight", "mean_entropy", "entropy_fraction"}, "scaled": {...}}]}
nlohmann::json scaling_json(const course::ScalingReport& r);
std::string scaling_csv(const course::ScalingReport& r);

}  // namespace attn::render
