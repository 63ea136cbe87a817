// Generation one token at a time with a KV cache. At step t the new token's query attends to the cached
// keys and values of tokens 0..t; its own key and value are appended first, so the cache grows by one
// row per step. Stacking the step outputs gives causal self-attention over the whole sequence: the cache
// only saves recomputing the keys and values of tokens already seen.
// With a sliding window of W keys and S sinks the cache is a rolling buffer of at most S + W rows: the
// sinks keep rows 0..S−1, and each later token overwrites the row of the token that just left the
// window. Every row held is then exactly a key the new query may see, so no mask is needed either.
#pragma once
#include <armadillo>
#include <optional>
#include <vector>

#include "math/attention.hpp"

namespace attn::math {

// The keys and values of the tokens a new query may see, for every key/value head side by side. Rows
// 0..size-1 are filled; the matrices are allocated for `capacity` rows at once so that a step only writes
// a row. Without a window the row of token t is row t; with one, see cache_row.
struct KvCache {
    arma::mat keys;                   // (capacity, g·d_k)
    arma::mat values;                 // (capacity, g·d_v)
    std::vector<arma::uword> tokens;  // (size) position of the token each filled row holds
    arma::uword size = 0;             // rows filled
    arma::uword seen = 0;             // tokens appended so far: the position of the next one
    std::optional<Window> window;     // a rolling buffer of at most sinks + size rows
};

// One query head at one step.
struct DecodeHeadStep {
    arma::uword kv_head = 0;  // the key/value head whose cache this query head reads
    arma::mat q;              // (1, d_k)  the new token's query in this head
    arma::mat k;              // (1, d_k)  the new token's key: the last row of k_cache
    arma::mat v;              // (1, d_v)  the new token's value: the last row of v_cache
    arma::mat k_cache;        // (r, d_k)  the r cached keys in key/value head kv_head, in cache-row order
    arma::mat v_cache;        // (r, d_v)  (r = t+1 without a window, at most S+W with one)
    arma::mat scores;         // (1, r)  q·Kᵀ, before scaling, one per cache row
    arma::mat weights;        // (1, r)  softmax(scores / √d_k / T)
    std::optional<double> sink_weight;  // learned sink: the weight the sink takes (weights sum to 1 − it)
    std::optional<arma::mat> ungated;   // (1, d_v)  output gate: weights·V_cache, before the gate
    std::optional<arma::mat> gate;      // (1, d_v)  output gate: σ(x_t·W_g) in this head's columns
    arma::mat output;                   // (1, d_v)  weights·V_cache (times the gate with one)
};

// Multiply-adds one step costs in one attention layer.
struct DecodeWork {
    double with_cache = 0;  // project the new token, score it against the cached keys, mix their values
    double without_cache =
        0;             // rerun (windowed) causal attention over tokens 0..t: every projection and pair
    double ratio = 0;  // without_cache / with_cache: how many times less work the cache does
};

struct DecodeStep {
    arma::uword t = 0;
    arma::mat q, k, v;    // (1, h·d_k), (1, g·d_k), (1, g·d_v): the new token's projections, all heads
    arma::uword row = 0;  // the cache row its key and value went to
    std::optional<arma::uword> evicted;     // the token whose row it overwrote (rolling buffer only)
    std::vector<arma::uword> cache_tokens;  // (r) the token each cache row holds after this step
    arma::mat k_cache, v_cache;             // (r, g·d_k), (r, g·d_v): the cache after this step, all heads
    std::vector<DecodeHeadStep> heads;
    arma::mat output;  // (1, d_out): the heads' outputs side by side, times W_O when present
    DecodeWork work;
    double cache_bytes = 0;  // the keys and values held after this step, in doubles
};

struct DecodeTrace {
    arma::uword n_heads = 1, n_kv_heads = 1;
    std::vector<DecodeStep> steps;
    arma::mat output;  // (n, d_out): one row per step
    KvCache cache;     // as it stands after the last step
};

// An empty cache for `tokens` tokens of g key/value heads: room for all of them, or with a window for
// at most window.sinks + window.size rows, however many tokens come.
KvCache empty_cache(arma::uword tokens, arma::uword kv_key_columns, arma::uword kv_value_columns,
                    std::optional<Window> window = std::nullopt);

// Where append_row wrote a token: its row, and the token it overwrote in a rolling buffer.
struct CacheWrite {
    arma::uword row = 0;
    std::optional<arma::uword> evicted;
};

// Writes the next token's key k (1, g·d_k) and value v (1, g·d_v) to its row (cache_row(cache.seen)),
// evicting the token that held it, and counts it seen. Throws when the cache has no room.
CacheWrite append_row(const arma::mat& k, const arma::mat& v, KvCache& cache);

// The row token `position` is written to: its position without a window; with one, a sink keeps row
// `position`, and a later token takes row S + (position − S) mod W, the row of the token W before it,
// which has just left the window.
arma::uword cache_row(arma::uword position, const std::optional<Window>& window);

// Keys query `position` sees: position + 1, or with a window the last W plus the sinks before them.
arma::uword visible_keys(arma::uword position, const std::optional<Window>& window);

// One step: projects x_t (1, d_model), appends its key and value to the cache, and attends from its query
// to every cached row. The cache is the state generation carries from step to step, so it is updated in
// place; everything shown is returned. n_kv_heads = 0 means one key/value head per query head. Each
// head computes through attend(). Of `variant` it applies the temperature, the bias and RoPE (the new
// query and key rotated at the token's position, the key cached rotated, so q, k and the key cache hold
// rotated rows); the window is the cache's. require_path_takes(variant, AttentionPath::decode) names
// what it cannot apply.
DecodeStep decode_step(const arma::mat& x_t, const ProjectionWeights& w, arma::uword n_heads,
                       arma::uword n_kv_heads, KvCache& cache, const Variant& variant = {});

// Decodes X (n, d_model) token by token from an empty cache (a rolling buffer with a window).
DecodeTrace decode(const arma::mat& x, const ProjectionWeights& w, arma::uword n_heads,
                   arma::uword n_kv_heads, std::optional<Window> window = std::nullopt,
                   const Variant& variant = {});

// Multiply-adds of step t (t+1 tokens) in one layer, with and without a cache.
DecodeWork decode_work(arma::uword t, arma::uword d_model, arma::uword n_heads, arma::uword n_kv_heads,
                       arma::uword d_k, arma::uword d_v, arma::uword d_out,
                       const std::optional<Window>& window = std::nullopt);

}  // namespace attn::math
