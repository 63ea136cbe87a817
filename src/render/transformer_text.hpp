// An encoder block run as text, CSV or JSON (the JSON is documented in README.md, `attn transformer`).
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "course/transformer.hpp"
#include "render/style.hpp"

namespace attn::render {

// "post-norm (as in the 2017 paper), 2 heads of d_k = 3, d_ff = 12, relu, positions added".
std::string block_summary(const course::TransformerRun& run);

// The settings, then every chosen stage as a labelled matrix, then the permutation check if any.
std::string transformer_text(const course::TransformerRun& run, const std::vector<std::string>& show, const Style& style);

// {"tokens", "dimensions", "inputs", "weights", "norm", "n_heads", "d_k", "d_ff", "activation",
//  "positional", "layer_norm_eps", "stages", "heads", "output", "permutation"?}
nlohmann::json transformer_json(const course::TransformerRun& run, const std::vector<std::string>& show);

// One "# stage:" block per stage, as `attn run --format csv` writes them.
std::string transformer_csv(const course::TransformerRun& run, const std::vector<std::string>& show);

}  // namespace attn::render
