// Layer normalisation (Ba et al. 2016) of each token row, as torch.nn.LayerNorm does it.
#pragma once
#include <armadillo>

namespace attn::math {

// Every intermediate of one layer norm.
struct LayerNormTrace {
    arma::vec mean;      // (n_tokens) mean of each row
    arma::vec variance;  // (n_tokens) biased variance of each row (divided by d_model, like torch)
    arma::mat
        normalized;  // (n_tokens, d_model) (x − mean) / √(variance + eps): each row mean 0, variance ≈ 1
    arma::mat output;  // (n_tokens, d_model) normalized ⊙ γ + β
};

// Normalises each row of x (n_tokens, d_model) over its own features, then scales by γ and shifts by
// β (both (1, d_model), learned). Rows do not mix: unlike batch norm, the statistics come from one
// token alone, so a token's result does not depend on the others or on the batch. eps (torch's
// default 1e-5) keeps the division finite for a constant row.
LayerNormTrace layer_norm_rows(const arma::mat& x, const arma::rowvec& gamma, const arma::rowvec& beta,
                               double eps);

}  // namespace attn::math
