#include "math/softmax_demo.hpp"

#include <sstream>

#include <cmath>

#include "math/shapes.hpp"

namespace attn::math {

namespace {

// 0 rather than std::to_string's 0.000000.
std::string shortest(double value) {
    std::ostringstream out;
    out << value;  // six significant digits, no trailing zeros
    return out.str();
}

}  // namespace

NaiveSoftmax naive_softmax(const arma::rowvec& logits) {
    require(logits.n_elem > 0, "softmax needs at least one logit");
    NaiveSoftmax s;
    s.exps = arma::exp(logits);
    s.sum = arma::accu(s.exps);
    s.weights = s.exps / s.sum;
    return s;
}

StableSoftmax stable_softmax(const arma::rowvec& logits) {
    require(logits.n_elem > 0, "softmax needs at least one logit");
    StableSoftmax s;
    s.max = logits.max();
    s.shifted = logits - s.max;  // −∞ − (−∞) is nan when every logit is −∞: reported, not hidden
    s.exps = arma::exp(s.shifted);
    s.sum = arma::accu(s.exps);
    s.weights = s.exps / s.sum;
    return s;
}

arma::rowvec apply_temperature(const arma::rowvec& logits, double temperature) {
    require(std::isfinite(temperature) && temperature > 0,
            "the temperature must be a positive number, got " + shortest(temperature));
    arma::rowvec out = logits / temperature;
    return out;
}

arma::rowvec fill_blocked(const arma::rowvec& logits, const std::vector<bool>& keep, double fill) {
    require(keep.size() == logits.n_elem, "the mask has " + std::to_string(keep.size()) + " entries but there are " +
                                              std::to_string(logits.n_elem) + " logits; give one 1 or 0 per logit");
    arma::rowvec out = logits;
    for (arma::uword i = 0; i < out.n_elem; ++i)
        if (!keep[i]) out(i) = fill;
    return out;
}

}  // namespace attn::math
