// Generation one token at a time with a KV cache. At step t the new token's query attends to the cached
// keys and values of tokens 0..t; its own key and value are appended first, so the cache grows by one
// row per step. Stacking the step outputs gives causal self-attention over the whole sequence: the cache
// only saves recomputing the keys and values of tokens already seen.
#pragma once
#include <armadillo>
#include <vector>

#include "math/attention.hpp"

namespace attn::math {

// The keys and values of every token seen so far, for every key/value head side by side. Rows 0..size-1
// are filled; the matrices are allocated for `capacity` tokens at once so that a step only writes a row.
struct KvCache {
    arma::mat keys;    // (capacity, g·d_k)
    arma::mat values;  // (capacity, g·d_v)
    arma::uword size = 0;  // tokens cached
};

// One query head at one step.
struct DecodeHeadStep {
    arma::uword kv_head = 0;  // the key/value head whose cache this query head reads
    arma::mat q;              // (1, d_k)  the new token's query in this head
    arma::mat k;              // (1, d_k)  the new token's key: the last row of k_cache
    arma::mat v;              // (1, d_v)  the new token's value: the last row of v_cache
    arma::mat k_cache;        // (t+1, d_k)  keys of tokens 0..t in key/value head kv_head
    arma::mat v_cache;        // (t+1, d_v)
    arma::mat scores;         // (1, t+1)  q·Kᵀ, before scaling
    arma::mat weights;        // (1, t+1)  softmax(scores / √d_k)
    arma::mat output;         // (1, d_v)  weights·V_cache
};

// Multiply-adds one step costs in one attention layer.
struct DecodeWork {
    double with_cache = 0;     // project the new token, score it against t+1 keys, mix t+1 values
    double without_cache = 0;  // rerun causal attention over tokens 0..t: every projection and pair again
    double ratio = 0;          // without_cache / with_cache: how many times less work the cache does
};

struct DecodeStep {
    arma::uword t = 0;
    arma::mat q, k, v;  // (1, h·d_k), (1, g·d_k), (1, g·d_v): the new token's projections, all heads
    std::vector<DecodeHeadStep> heads;
    arma::mat output;   // (1, d_out): the heads' outputs side by side, times W_O when present
    DecodeWork work;
    double cache_bytes = 0;  // keys and values of tokens 0..t, in doubles
};

struct DecodeTrace {
    arma::uword n_heads = 1, n_kv_heads = 1;
    std::vector<DecodeStep> steps;
    arma::mat output;     // (n, d_out): one row per step
    KvCache cache;        // as it stands after the last step
};

// An empty cache with room for `capacity` tokens of g key/value heads.
KvCache empty_cache(arma::uword capacity, arma::uword kv_key_columns, arma::uword kv_value_columns);

// One step: projects x_t (1, d_model), appends its key and value to the cache, and attends from its query
// to every cached row. The cache is the state generation carries from step to step, so it is updated in
// place; everything shown is returned. n_kv_heads = 0 means one key/value head per query head.
DecodeStep decode_step(const arma::mat& x_t, const ProjectionWeights& w, arma::uword n_heads,
                       arma::uword n_kv_heads, KvCache& cache);

// Decodes X (n, d_model) token by token from an empty cache.
DecodeTrace decode(const arma::mat& x, const ProjectionWeights& w, arma::uword n_heads, arma::uword n_kv_heads);

// Multiply-adds of step t (t+1 tokens) in one layer, with and without a cache.
DecodeWork decode_work(arma::uword t, arma::uword d_model, arma::uword n_heads, arma::uword n_kv_heads,
                       arma::uword d_k, arma::uword d_v, arma::uword d_out);

}  // namespace attn::math
