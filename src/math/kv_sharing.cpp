#include "math/kv_sharing.hpp"

#include <string>

#include "math/attention.hpp"
#include "math/shapes.hpp"

namespace attn::math {

arma::mat mean_pool_heads(const arma::mat& w, arma::uword n_heads, arma::uword n_kv_heads) {
    require(n_heads >= 1, "the number of heads must be at least 1, got 0");
    require_kv_heads(n_heads, n_kv_heads);
    require(w.n_cols % n_heads == 0, "W " + shape_of(w) + " cannot be split into " + std::to_string(n_heads) +
                                         " heads: its columns must be a multiple of the heads");
    const arma::uword d = w.n_cols / n_heads, group = n_heads / n_kv_heads;
    arma::mat pooled(w.n_rows, n_kv_heads * d, arma::fill::zeros);  // (d_model, g·d)
    for (arma::uword h = 0; h < n_heads; ++h) {
        const arma::uword g = kv_head_of(h, n_heads, n_kv_heads);
        pooled.cols(g * d, (g + 1) * d - 1) += w.cols(h * d, (h + 1) * d - 1);
    }
    pooled /= static_cast<double>(group);
    return pooled;
}

double kv_cache_bytes(double layers, double tokens, double n_kv_heads, double d_k, double bytes_per_number) {
    return 2.0 * layers * tokens * n_kv_heads * d_k * bytes_per_number;
}

}  // namespace attn::math
