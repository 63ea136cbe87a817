// Softmax of one row of logits, step by step, written two ways: as the formula reads (which breaks on
// large logits) and the stable way every library uses. Also the two ways of filling masked logits.
#pragma once
#include <armadillo>
#include <vector>

namespace attn::math {

// exp(z_i) / Σ_j exp(z_j) with no protection. exp overflows to +inf for z above about 709.78 (the
// largest double is about 1.8e308), and then inf / inf = nan. Kept to show why the stable form exists.
struct NaiveSoftmax {
    arma::rowvec exps;     // exp(z_i), possibly inf
    double sum = 0;        // Σ exps, possibly inf
    arma::rowvec weights;  // exps / sum, nan where inf / inf
};
NaiveSoftmax naive_softmax(const arma::rowvec& logits);

// Subtracts the row's largest logit m first: exp(z_i − m) / Σ_j exp(z_j − m). Mathematically the same
// weights (the factor exp(−m) cancels), but every exponent is ≤ 0, so exp never overflows and the
// largest term is exactly 1. −∞ entries (masked) give exp = 0. When every entry is −∞, m is −∞ and
// −∞ − (−∞) is nan: the weights are nan, and this function reports that rather than throwing.
struct StableSoftmax {
    double max = 0;         // m, the largest logit
    arma::rowvec shifted;   // z − m, all ≤ 0
    arma::rowvec exps;      // exp(z − m), in [0, 1]
    double sum = 0;         // Σ exps, ≥ 1 unless nan
    arma::rowvec weights;   // exps / sum; sums to 1
    double weight_sum = 0;  // Σ weights, as the floating point adds them up (1 up to rounding)
};
StableSoftmax stable_softmax(const arma::rowvec& logits);

// logits / T. T > 1 flattens the weights toward uniform, T < 1 sharpens them toward the largest.
arma::rowvec apply_temperature(const arma::rowvec& logits, double temperature);

// A copy of `logits` with every blocked entry (keep[i] == false) replaced by `fill`: −∞ (exactly zero
// weight) or a large negative number such as −1e9 (a weight that underflows to 0).
arma::rowvec fill_blocked(const arma::rowvec& logits, const std::vector<bool>& keep, double fill);

}  // namespace attn::math
