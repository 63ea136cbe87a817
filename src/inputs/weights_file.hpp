// Projection weights W_Q, W_K, W_V (and optionally W_O) from a documented TOML file.
#pragma once
#include <string>
#include <vector>

#include "math/attention.hpp"

namespace attn::course {

// Reads keys w_q, w_k, w_v (and w_o if present), each a list of rows. Throws InputError naming the
// file and line of a bad row; shapes are checked against each other when the attention runs.
math::ProjectionWeights load_weights_toml(const std::string& path);

// The optional key qk_columns: names of the columns of W_Q and W_K (the dimensions of the space where
// queries meet keys, e.g. ["topic", "actor", "deed"]); empty when the file has none.
std::vector<std::string> load_qk_column_names(const std::string& path);

}  // namespace attn::course
