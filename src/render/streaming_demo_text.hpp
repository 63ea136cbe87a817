// attn stream's output: each block of keys with every query's running max, sum and output.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "course/streaming_demo.hpp"
#include "render/style.hpp"

namespace attn::render {

std::string streaming_demo_text(const course::StreamingDemo& d, const Style& style);

// {"tokens", "keys_per_block", "causal", "blocks": [{"first_key", "keys", "scaled", "block_max",
//  "running_max", "correction", "running_sum", "running_output"}], "stages": {"output", "full_output"},
//  "max_abs_difference"}; −∞ is null.
nlohmann::json streaming_demo_json(const course::StreamingDemo& d);

}  // namespace attn::render
