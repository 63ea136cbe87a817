// Hard attention: each decoder step looks at ONE source position instead of a weighted average.
// The position is the argmax of the soft weights, or a draw from them (Xu et al. 2015); the average of
// many draws' contexts converges to the soft context Σ_s a_t(s)·h̄_s, which is why soft attention is
// the "expected" hard attention.
#pragma once
#include <armadillo>
#include <cstdint>
#include <vector>

namespace attn::math {

// The first s whose running sum of weights exceeds u·Σweights, for a draw u in [0, 1): position s is
// picked with probability weights(s) / Σweights. weights (1, S) must be ≥ 0 with a positive sum.
arma::uword sample_position(const arma::rowvec& weights, double u);

// n_samples rows of draws, one column per step: draw i walks the steps 0..T−1 in order, each u taken
// from one std::mt19937_64(seed) as (x >> 11)·2⁻⁵³. alignment (T, S) → (n_samples, T).
arma::umat sample_positions(const arma::mat& alignment, arma::uword n_samples, std::uint64_t seed);

// The argmax of each row (the first on ties). alignment (T, S) → (T).
arma::uvec argmax_positions(const arma::mat& alignment);

// One-hot rows: position[t] gets weight 1 at step t. → (T, S)
arma::mat one_hot(const arma::uvec& positions, arma::uword n_source);

// How far the average of the first N sampled contexts is from the soft context, for each N.
struct ConvergencePoint {
    arma::uword n_samples = 0;
    double mean_distance = 0;  // over steps: |mean of N sampled h̄ − c_t| (Euclidean)
    double max_distance = 0;   // the worst step
};

// draws (n, T) from sample_positions; encoder (S, d_s); soft contexts (T, d_s). One point per N in
// `checkpoints` (each ≤ n).
std::vector<ConvergencePoint> sample_convergence(const arma::umat& draws, const arma::mat& encoder,
                                                 const arma::mat& soft_contexts,
                                                 const std::vector<arma::uword>& checkpoints);

// 1, 10, 100, … up to n, and n itself.
std::vector<arma::uword> decade_checkpoints(arma::uword n);

}  // namespace attn::math
