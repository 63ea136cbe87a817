// The softmax demo (attn softmax) as text and JSON.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "course/softmax_demo.hpp"
#include "render/style.hpp"

namespace attn::render {

// The parts named in `show` (naive, stable, temperature, mask; all of those when empty; or weights:
// only the result), after the logits.
std::string softmax_text(const course::SoftmaxDemo& d, const Style& style, const std::vector<std::string>& show = {});
// {"labels", "logits", "naive": {"exps", "sum", "weights", "overflowed"}, "stable": {"max", "shifted",
//  "exps", "sum", "weights"}, "temperatures": [{"temperature", "weights"}], "mask": {...} or absent}.
// JSON has no inf or nan: they are written as null.
nlohmann::json softmax_json(const course::SoftmaxDemo& d);

// The masking part alone: the row filled with −∞ and with −1e9, their weights, and what differs.
std::string mask_text(const course::MaskComparison& m, const std::vector<std::string>& labels, const Style& style);
nlohmann::json mask_json(const course::MaskComparison& m);

}  // namespace attn::render
