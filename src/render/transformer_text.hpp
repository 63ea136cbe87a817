// An encoder block run as CSV or JSON, documented in docs/commands.md (`attn transformer`). Its text is
// course::transformer_report through the one text writer.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "course/transformer.hpp"

namespace attn::render {

// {"tokens", "dimensions", "inputs", "weights", "norm", "n_heads", "d_k", "d_ff", "activation",
//  "positional", "layer_norm_eps", "stages", "heads", "output", "permutation"?}
nlohmann::json transformer_json(const course::TransformerRun& run, const std::vector<std::string>& show);

// One "# stage:" block per stage, as `attn run --format csv` writes them.
std::string transformer_csv(const course::TransformerRun& run, const std::vector<std::string>& show);

}  // namespace attn::render
