// Chunked prefill: the prompt's queries arrive C at a time. Each chunk attends to the cache (every token
// before it) plus itself, under the causal mask within the chunk; then its keys and values join the cache.
// Stacking the chunks' outputs gives causal self-attention over the prompt, as token-by-token decoding
// does, with a pass over the cache per chunk instead of per token.
#pragma once
#include <armadillo>
#include <optional>
#include <vector>

#include "math/cache_attention.hpp"
#include "math/decode.hpp"

namespace attn::math {

struct PrefillChunk {
    arma::uword first = 0;            // position of the chunk's first token
    NewRows rows;                     // (C, ...) the chunk's q, k, v, normalised and rotated
    std::vector<arma::uword> cached;  // (r) positions of the cached rows it read, in cache-row order
    RowsAttention attention;          // keys: the r cached rows, then the chunk's C rows
    std::vector<CacheWrite> writes;   // (C) where each of its rows went in the cache afterwards
};

struct PrefillTrace {
    arma::uword n_heads = 1, n_kv_heads = 1, chunk = 1;
    std::vector<PrefillChunk> chunks;
    arma::mat output;  // (n, d_out)  the chunks' outputs stacked
    KvCache cache;     // after the last chunk
};

// One chunk x_rows (C, d_model), positions cache.seen.. : attends to the cache plus itself, then appends
// its keys and values (a rolling buffer keeps only what later queries may see: the chunk reads the rows
// before it overwrites them). n_kv_heads ≥ 1.
PrefillChunk prefill_chunk(const arma::mat& x_rows, const ProjectionWeights& w, arma::uword n_heads,
                           arma::uword n_kv_heads, KvCache& cache, const Variant& variant = {});

// X (n, d_model) in chunks of `chunk` rows (the last may be shorter) from an empty cache.
PrefillTrace chunked_prefill(const arma::mat& x, const ProjectionWeights& w, arma::uword n_heads,
                             arma::uword n_kv_heads, arma::uword chunk,
                             const std::optional<Window>& window = std::nullopt, const Variant& variant = {});

}  // namespace attn::math
