#include "math/scaling.hpp"

#include <cmath>

#include "math/attention.hpp"
#include "math/random.hpp"
#include "math/shapes.hpp"

namespace attn::math {

double entropy_nats(const arma::rowvec& weights) {
    double h = 0;
    for (double w : weights)
        if (w > 0) h -= w * std::log(w);
    return h;
}

Saturation softmax_saturation(const arma::mat& logits) {
    require(logits.n_rows > 0 && logits.n_cols > 0,
            "softmax saturation needs at least one row and one column, got " + shape_of(logits));
    const arma::mat weights = softmax_rows(logits);  // (rows, N)
    Saturation s;
    for (arma::uword r = 0; r < weights.n_rows; ++r) {
        s.mean_max_weight += weights.row(r).max();
        s.mean_entropy += entropy_nats(weights.row(r));
    }
    s.mean_max_weight /= static_cast<double>(weights.n_rows);
    s.mean_entropy /= static_cast<double>(weights.n_rows);
    s.entropy_fraction = s.mean_entropy / std::log(static_cast<double>(weights.n_cols));
    return s;
}

arma::mat random_scores(arma::uword d_k, arma::uword n_keys, arma::uword trials, std::uint64_t seed) {
    require(d_k > 0 && n_keys > 0 && trials > 0,
            "d_k, the number of keys and the number of trials must be positive");
    const arma::mat queries = seeded_normal(trials, d_k, seed);      // (trials, d_k)
    const arma::mat unit = seeded_normal(trials, n_keys, seed + 1);  // (trials, n_keys)
    // For a fixed q and a key k of independent standard normals, q·k = Σ q_i·k_i is normal with mean 0
    // and variance |q|², independently for each key: so |q|·z has exactly the distribution of q·k.
    // Drawing z instead of the n_keys·d_k entries of the keys makes d_k = 512 cost 500·522 draws, not
    // 500·5632: lesson 5 renders in milliseconds, and the statistics are those of real keys.
    arma::mat scores(trials, n_keys);
    for (arma::uword t = 0; t < trials; ++t) scores.row(t) = arma::norm(queries.row(t), 2) * unit.row(t);
    return scores;
}

ScalingMeasurement measure_scaling(arma::uword d_k, arma::uword n_keys, arma::uword trials,
                                   std::uint64_t seed) {
    require(n_keys >= 2, "a softmax over fewer than 2 keys is always 1; use at least 2 keys");
    ScalingMeasurement m{d_k, n_keys, trials, 0, {}, {}};
    const arma::mat scores = random_scores(d_k, n_keys, trials, seed);  // (trials, n_keys)
    m.score_variance = scores.n_elem > 1 ? arma::var(arma::vectorise(scores)) : 0.0;
    m.unscaled = softmax_saturation(scores);
    const arma::mat scaled = scores / std::sqrt(static_cast<double>(d_k));
    m.scaled = softmax_saturation(scaled);
    return m;
}

}  // namespace attn::math
