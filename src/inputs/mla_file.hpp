// An MLA layer (attn run --mla FILE.toml): its sizes as TOML keys and its matrices as CSV files named
// there, relative to the TOML file. docs/commands.md documents the keys.
#pragma once
#include <functional>
#include <string>

#include "math/mla.hpp"

namespace attn::course {

// Reads the sizes (heads, q_lora_rank, kv_lora_rank, qk_nope_dim, qk_rope_dim, v_dim, rope_base, eps)
// and the CSV files (q, or q_a, q_a_norm, q_b; kv_a, kv_a_norm, kv_b, o), and checks every shape
// against the sizes and d_model (X's columns). Throws InputError naming the file, the key's line, the
// shape it has and the one it needs. `locate`, when given, maps a CSV's path beside the TOML file to
// the file to read (a learner's edited copy in the workspace, above the shipped one).
math::MlaWeights load_mla_toml(const std::string& path, arma::uword d_model,
                               const std::function<std::string(const std::string&)>& locate = {});

}  // namespace attn::course
