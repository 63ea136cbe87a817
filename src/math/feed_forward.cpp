#include "math/feed_forward.hpp"

#include <cmath>

#include "math/shapes.hpp"

namespace attn::math {

std::string activation_name(Activation a) { return a == Activation::relu ? "relu" : "gelu"; }

arma::mat relu(const arma::mat& x) {
    arma::mat out = arma::clamp(x, 0.0, arma::datum::inf);
    return out;
}

arma::mat gelu(const arma::mat& x) {
    arma::mat out = x;
    out.transform([](double v) { return 0.5 * v * (1.0 + std::erf(v / std::sqrt(2.0))); });
    return out;
}

FeedForwardTrace feed_forward(const arma::mat& x, const FeedForwardWeights& w, Activation activation) {
    require(w.w1.n_rows == x.n_cols,
            "W_1 " + shape_of(w.w1) + " needs one row per column of its input " + shape_of(x));
    require(w.b1.n_elem == w.w1.n_cols, "b_1 has " + std::to_string(w.b1.n_elem) + " numbers but W_1 " +
                                            shape_of(w.w1) + " has " + std::to_string(w.w1.n_cols) +
                                            " columns (d_ff)");
    require(w.w2.n_rows == w.w1.n_cols,
            "W_2 " + shape_of(w.w2) + " needs one row per column of W_1 " + shape_of(w.w1) + " (d_ff rows)");
    require(w.b2.n_elem == w.w2.n_cols, "b_2 has " + std::to_string(w.b2.n_elem) + " numbers but W_2 " +
                                            shape_of(w.w2) + " has " + std::to_string(w.w2.n_cols) +
                                            " columns");
    FeedForwardTrace t;
    t.hidden = x * w.w1;  // (n, d_model)·(d_model, d_ff)
    t.hidden.each_row() += w.b1;
    t.activated = activation == Activation::relu ? relu(t.hidden) : gelu(t.hidden);
    t.output = t.activated * w.w2;  // (n, d_ff)·(d_ff, d_model)
    t.output.each_row() += w.b2;
    return t;
}

}  // namespace attn::math
