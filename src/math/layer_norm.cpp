#include "math/layer_norm.hpp"

#include <cmath>
#include <string>

#include "math/shapes.hpp"

namespace attn::math {

LayerNormTrace layer_norm_rows(const arma::mat& x, const arma::rowvec& gamma, const arma::rowvec& beta,
                               double eps) {
    require(x.n_cols >= 1, "layer norm needs at least one feature column, got X " + shape_of(x));
    require(gamma.n_elem == x.n_cols && beta.n_elem == x.n_cols,
            "layer norm γ (" + std::to_string(gamma.n_elem) + ") and β (" + std::to_string(beta.n_elem) +
                ") need one number per column of X " + shape_of(x));
    require(eps > 0 && std::isfinite(eps),
            "layer norm eps must be a small positive number, got " + std::to_string(eps));
    LayerNormTrace t;
    t.mean = arma::mean(x, 1);
    const arma::mat centred = x.each_col() - t.mean;  // (n_tokens, d_model)
    t.variance = arma::mean(arma::square(centred), 1);
    t.normalized = centred.each_col() / arma::sqrt(t.variance + eps);
    t.output = t.normalized.each_row() % gamma;
    t.output.each_row() += beta;
    return t;
}

}  // namespace attn::math
