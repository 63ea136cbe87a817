// --explain as JSON. (Its text is the report writer's layout of course::add_explanation's blocks.)
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "course/experiment.hpp"
#include "course/explain.hpp"

namespace attn::render {

// One weight's arithmetic in the heads given, as course::explain_cell computed it:
// [{"head", "row", "col", "query", "key", "products", "score", ...}].
nlohmann::json explain_json(const course::Experiment& e,
                            const std::vector<course::HeadExplanation>& explained);

}  // namespace attn::render
