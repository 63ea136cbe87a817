#include "math/chunked_prefill.hpp"

#include <algorithm>
#include <string>

#include "math/shapes.hpp"

namespace attn::math {

PrefillChunk prefill_chunk(const arma::mat& x_rows, const ProjectionWeights& w, arma::uword n_heads,
                           arma::uword n_kv_heads, KvCache& cache, const Variant& variant) {
    PrefillChunk c;
    c.first = cache.seen;
    c.rows = project_new_rows(x_rows, w, n_heads, n_kv_heads, c.first, variant);
    require(cache.keys.n_cols == c.rows.k.n_cols && cache.values.n_cols == c.rows.v.n_cols,
            "the cache (" + shape_of(cache.keys) + " keys) does not fit W_K " + shape_of(w.wk));
    // The keys the chunk reads: the cached rows as they stand (before the chunk overwrites any), then its
    // own. Row order does not matter: the mask and the bias go by each row's token position.
    c.cached = cache.tokens;
    arma::mat keys = c.rows.k, values = c.rows.v;  // (r + C, g·d_k), (r + C, g·d_v)
    if (cache.size > 0) {
        keys = arma::join_cols(cache.keys.rows(0, cache.size - 1), c.rows.k);
        values = arma::join_cols(cache.values.rows(0, cache.size - 1), c.rows.v);
    }
    std::vector<arma::uword> positions = c.cached;
    const std::vector<arma::uword> own = position_range(c.first, x_rows.n_rows);
    positions.insert(positions.end(), own.begin(), own.end());
    c.attention = attend_new_rows(x_rows, c.rows, c.first, keys, values, positions, w, n_heads, n_kv_heads,
                                  cache.window, variant);
    for (arma::uword i = 0; i < x_rows.n_rows; ++i)
        c.writes.push_back(append_row(c.rows.k.row(i), c.rows.v.row(i), cache));
    return c;
}

PrefillTrace chunked_prefill(const arma::mat& x, const ProjectionWeights& w, arma::uword n_heads,
                             arma::uword n_kv_heads, arma::uword chunk, const std::optional<Window>& window,
                             const Variant& variant) {
    require(chunk >= 1, "a chunk holds at least 1 query, got 0");
    require(x.n_rows >= 1, "prefill needs at least one token, got X " + shape_of(x));
    PrefillTrace t;
    t.n_heads = n_heads;
    t.n_kv_heads = n_kv_heads == 0 ? n_heads : n_kv_heads;
    t.chunk = chunk;
    t.cache = empty_cache(x.n_rows, w.wk.n_cols, w.wv.n_cols, window);
    for (arma::uword first = 0; first < x.n_rows; first += chunk) {
        const arma::uword last = std::min(first + chunk, x.n_rows) - 1;
        t.chunks.push_back(prefill_chunk(x.rows(first, last), w, n_heads, t.n_kv_heads, t.cache, variant));
        t.output = arma::join_cols(t.output, t.chunks.back().attention.output);
    }
    return t;
}

}  // namespace attn::math
