#include "math/recurrent.hpp"

#include <string>

#include "math/shapes.hpp"

namespace attn::math {

void check_recurrent(const RecurrentWeights& w, arma::uword d_in, const std::string& name) {
    require(w.w_x.n_cols == d_in, name + " W_x " + shape_of(w.w_x) +
                                      " needs one column per input dimension (" + std::to_string(d_in) + ")");
    require(w.w_h.n_rows == w.w_x.n_rows && w.w_h.n_cols == w.w_x.n_rows,
            name + " W_h " + shape_of(w.w_h) + " must be square with one row per hidden unit of W_x " +
                shape_of(w.w_x));
    require(w.b.n_elem == w.w_x.n_rows, name + " b has " + std::to_string(w.b.n_elem) + " numbers but W_x " +
                                            shape_of(w.w_x) + " has " + std::to_string(w.w_x.n_rows) +
                                            " hidden units");
    require_finite(w.w_x, name + " W_x");
    require_finite(w.w_h, name + " W_h");
    require_finite(arma::mat(w.b), name + " b");
}

arma::mat recurrent_states(const arma::mat& inputs, const RecurrentWeights& w, const arma::rowvec& initial) {
    check_recurrent(w, inputs.n_cols, "recurrent");
    require(initial.n_elem == w.w_h.n_rows, "the initial state has " + std::to_string(initial.n_elem) +
                                                " numbers but the network has " +
                                                std::to_string(w.w_h.n_rows) + " hidden units");
    arma::mat states(inputs.n_rows, w.w_x.n_rows);  // (n, d_h)
    arma::vec h = initial.t();                      // (d_h)
    for (arma::uword i = 0; i < inputs.n_rows; ++i) {
        const arma::vec pre = w.w_x * inputs.row(i).t() + w.w_h * h + w.b;  // (d_h)
        h = arma::tanh(pre);
        states.row(i) = h.t();
    }
    return states;
}

}  // namespace attn::math
