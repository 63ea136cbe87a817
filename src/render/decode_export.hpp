// attn decode's JSON, documented in docs/commands.md ("attn decode"). Its text is course::decode_report
// through the one text writer.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "course/decode.hpp"

namespace attn::render {

// {"tokens", "n_heads", "n_kv_heads", "d_k", "inputs", "weights", "window", "sinks", "cache_capacity",
//  "steps": [{"t", "token", "q", "k", "v", "k_cache", "v_cache", "scores", "weights", "output", "cache_rows",
//  "cache_tokens", "key_tokens", "cache_row", "evicted", "cache_bytes", "work_with_cache",
//  "work_without_cache"}], "stages": {"output"}, "cache_bytes", "causal_max_abs_difference"}. Cache, scores
//  and weights are in
// cache-row order; cache_tokens[i] is the token row i holds. With several heads the per-head fields of a
// step go under its "heads"[h] (with "kv_head").
nlohmann::json decode_json(const course::DecodeReport& r);

}  // namespace attn::render
