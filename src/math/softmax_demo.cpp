#include "math/softmax_demo.hpp"

#include <cmath>

#include "math/shapes.hpp"

namespace attn::math {

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
    s.weight_sum = arma::accu(s.weights);
    return s;
}

arma::rowvec apply_temperature(const arma::rowvec& logits, double temperature) {
    require(std::isfinite(temperature) && temperature > 0,
            "the temperature must be a positive number, got " + number_text(temperature));
    arma::rowvec out = logits / temperature;
    for (arma::uword i = 0; i < out.n_elem; ++i)
        require(std::isfinite(out(i)) || !std::isfinite(logits(i)),
                "temperature " + number_text(temperature) + ": logit " + std::to_string(i) +
                    " / T = " + number_text(logits(i)) + " / " + number_text(temperature) +
                    " overflows double precision; use a larger temperature");
    return out;
}

arma::rowvec fill_blocked(const arma::rowvec& logits, const std::vector<bool>& keep, double fill) {
    require(keep.size() == logits.n_elem, "the mask has " + std::to_string(keep.size()) +
                                              " entries but there are " + std::to_string(logits.n_elem) +
                                              " logits; give one 1 or 0 per logit");
    arma::rowvec out = logits;
    for (arma::uword i = 0; i < out.n_elem; ++i)
        if (!keep[i]) out(i) = fill;
    return out;
}

}  // namespace attn::math
