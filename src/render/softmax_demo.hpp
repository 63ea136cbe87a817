// The softmax demo (attn softmax) as its documented JSON; the text comes from course::softmax_report.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "course/softmax_demo.hpp"
#include "render/style.hpp"

namespace attn::render {

// {"labels", "logits", "naive": {"exps", "sum", "weights", "overflowed"}, "stable": {"max", "shifted",
//  "exps", "sum", "weights"}, "temperatures": [{"temperature", "weights"}], "mask": {...} or absent}.
// JSON has no inf or nan: they are written as null.
nlohmann::json softmax_json(const course::SoftmaxDemo& d);

// The masking part alone: the row filled with −∞ and with −1e9, their weights, and what differs.
nlohmann::json mask_json(const course::MaskComparison& m);

}  // namespace attn::render
