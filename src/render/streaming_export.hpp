// attn stream's JSON: each block of keys with every query's running max, sum and output. Its text is
// course::streaming_report through the one text writer.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "course/streaming_demo.hpp"

namespace attn::render {

// {"tokens", "keys_per_block", "causal", "blocks": [{"first_key", "keys", "scaled", "block_max",
//  "running_max", "correction", "running_sum", "running_output"}], "stages": {"output", "full_output"},
//  "max_abs_difference"}; −∞ is null.
nlohmann::json streaming_demo_json(const course::StreamingDemo& d);

}  // namespace attn::render
