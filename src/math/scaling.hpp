// Why attention divides by √d_k, measured: random unit-variance queries and keys, their dot products,
// and how peaked the softmax of those dot products is with and without the division.
#pragma once
#include <armadillo>
#include <cstdint>

namespace attn::math {

// How peaked softmax rows are, averaged over the rows.
struct Saturation {
    double mean_max_weight = 0;   // 1/N for a uniform row, 1 for a one-hot (saturated) row
    double mean_entropy = 0;      // nats; log N for a uniform row, 0 for a one-hot row
    double entropy_fraction = 0;  // mean_entropy / log N: 1 uniform, 0 one-hot (N ≥ 2)
};

// −Σ w·log w in nats, with 0·log 0 = 0 (a weight of exactly 0 adds nothing).
double entropy_nats(const arma::rowvec& weights);

// Row-wise softmax of `logits` (rows, N), then the mean largest weight and mean entropy per row.
Saturation softmax_saturation(const arma::mat& logits);

// One d_k: the variance of q·k over every (query, key) pair, and the saturation of the softmax over
// the keys without scaling (q·k) and with it (q·k / √d_k).
struct ScalingMeasurement {
    arma::uword d_k = 0, n_keys = 0, trials = 0;
    double score_variance = 0;  // sample variance of q·k; the theory says d_k
    Saturation unscaled;        // softmax(q·k)
    Saturation scaled;          // softmax(q·k / √d_k)
};

// Scores (trials, n_keys): trial t has one query q_t (1, d_k) of standard normal entries and n_keys
// keys of standard normal entries. q_t·k is normal with variance |q_t|² for every key, so the score is
// drawn as |q_t|·z with z standard normal: the distribution of q_t·k without drawing the keys' entries.
// Queries come from seeded_normal(seed), the z from seeded_normal(seed + 1) (trials, n_keys), so the
// same arguments always give the same numbers.
arma::mat random_scores(arma::uword d_k, arma::uword n_keys, arma::uword trials, std::uint64_t seed);

ScalingMeasurement measure_scaling(arma::uword d_k, arma::uword n_keys, arma::uword trials,
                                   std::uint64_t seed);

}  // namespace attn::math
