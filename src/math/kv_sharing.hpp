// Grouped-query attention from multi-head weights: how a model with h key/value heads is turned into one
// with g shared key/value heads (Ainslie et al. 2023, "GQA", section 2.1: mean-pool each group's heads).
#pragma once
#include <armadillo>

namespace attn::math {

// Mean-pools the column blocks of a key or value projection: W (d_model, h·d) → (d_model, g·d), where
// block j of the result is the mean of the blocks of heads j·h/g … (j+1)·h/g − 1, the query heads that
// will share key/value head j. With g = h it returns W unchanged; with g = 1 every head shares one.
arma::mat mean_pool_heads(const arma::mat& w, arma::uword n_heads, arma::uword n_kv_heads);

// Bytes a KV cache holds: keys and values (2) for every layer, token and key/value head, d_k numbers
// each of `bytes_per_number` bytes (8 for double, 2 for the fp16/bf16 that models serve in).
double kv_cache_bytes(double layers, double tokens, double n_kv_heads, double d_k, double bytes_per_number);

}  // namespace attn::math
