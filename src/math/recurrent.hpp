// A tiny Elman recurrent network, the encoder and decoder of the Seq2Seq lessons.
// Inputs and states are rows (one per token); the weights act on column vectors as in the papers:
//   h_i = tanh(W_x·x_i + W_h·h_{i−1} + b),  so row k of W_x says how hidden unit k is made from the input.
#pragma once
#include <armadillo>

namespace attn::math {

struct RecurrentWeights {
    arma::mat w_x;  // (d_h, d_in)  input → hidden
    arma::mat w_h;  // (d_h, d_h)   previous hidden → hidden: the network's only memory
    arma::vec b;    // (d_h)        bias
};

// The states h_0 … h_{n−1}, starting from `initial` (the state before the first input).
// inputs (n, d_in), initial (1, d_h) → (n, d_h). Throws std::invalid_argument naming mismatched shapes.
arma::mat recurrent_states(const arma::mat& inputs, const RecurrentWeights& w, const arma::rowvec& initial);

// Checks that the three weights fit together and fit inputs of width d_in; `name` prefixes the message.
void check_recurrent(const RecurrentWeights& w, arma::uword d_in, const std::string& name);

}  // namespace attn::math
