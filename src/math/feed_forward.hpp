// The position-wise feed-forward network of a Transformer block: two linear maps with a
// non-linearity between them, applied to every token row separately.
#pragma once
#include <armadillo>
#include <string>

namespace attn::math {

enum class Activation {
    relu,  // max(0, x), as in the 2017 paper
    gelu,  // x·Φ(x) with the exact normal CDF (torch's default "gelu"), as in BERT and GPT
};

// "relu" or "gelu".
std::string activation_name(Activation a);

struct FeedForwardWeights {
    arma::mat w1;     // (d_model, d_ff)
    arma::rowvec b1;  // (1, d_ff)
    arma::mat w2;     // (d_ff, d_model)
    arma::rowvec b2;  // (1, d_model)
};

struct FeedForwardTrace {
    arma::mat hidden;     // (n_tokens, d_ff) x·W_1 + b_1
    arma::mat activated;  // (n_tokens, d_ff) activation(hidden)
    arma::mat output;     // (n_tokens, d_model) activated·W_2 + b_2
};

arma::mat relu(const arma::mat& x);
arma::mat gelu(const arma::mat& x);  // 0.5·x·(1 + erf(x/√2))

// x (n_tokens, d_model) → hidden → activated → output. Each row is computed from that row alone:
// this is where a token transforms what attention gathered for it, without looking at other tokens.
FeedForwardTrace feed_forward(const arma::mat& x, const FeedForwardWeights& w, Activation activation);

}  // namespace attn::math
