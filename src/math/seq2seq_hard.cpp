#include "math/seq2seq_hard.hpp"

#include <random>
#include <string>

#include "math/shapes.hpp"

namespace attn::math {

arma::uword sample_position(const arma::rowvec& weights, double u) {
    const double total = arma::accu(weights);
    require(total > 0 && weights.min() >= 0,
            "hard attention samples from weights that are ≥ 0 with a positive sum");
    const double target = u * total;
    double running = 0;
    for (arma::uword s = 0; s < weights.n_elem; ++s) {
        running += weights(s);
        if (running > target) return s;
    }
    // Rounding can leave the running sum a hair below u·total: take the last position with weight.
    return arma::as_scalar(arma::find(weights > 0, 1, "last"));
}

arma::umat sample_positions(const arma::mat& alignment, arma::uword n_samples, std::uint64_t seed) {
    std::mt19937_64 gen(seed);
    arma::umat draws(n_samples, alignment.n_rows);
    for (arma::uword i = 0; i < n_samples; ++i)
        for (arma::uword t = 0; t < alignment.n_rows; ++t) {
            const double u = static_cast<double>(gen() >> 11) * 0x1.0p-53;  // in [0, 1)
            draws(i, t) = sample_position(alignment.row(t), u);
        }
    return draws;
}

arma::uvec argmax_positions(const arma::mat& alignment) {
    arma::uvec best(alignment.n_rows);
    for (arma::uword t = 0; t < alignment.n_rows; ++t) best(t) = alignment.row(t).index_max();
    return best;
}

arma::mat one_hot(const arma::uvec& positions, arma::uword n_source) {
    arma::mat m(positions.n_elem, n_source, arma::fill::zeros);
    for (arma::uword t = 0; t < positions.n_elem; ++t) m(t, positions(t)) = 1.0;
    return m;
}

std::vector<ConvergencePoint> sample_convergence(const arma::umat& draws, const arma::mat& encoder,
                                                 const arma::mat& soft_contexts,
                                                 const std::vector<arma::uword>& checkpoints) {
    require(draws.n_cols == soft_contexts.n_rows, "one column of draws per step is needed");
    std::vector<ConvergencePoint> points;
    for (arma::uword n : checkpoints) {
        require(n >= 1 && n <= draws.n_rows,
                "checkpoint " + std::to_string(n) + " is outside 1.." + std::to_string(draws.n_rows));
        ConvergencePoint p{n, 0.0, 0.0};
        for (arma::uword t = 0; t < draws.n_cols; ++t) {
            arma::rowvec sum(encoder.n_cols, arma::fill::zeros);
            for (arma::uword i = 0; i < n; ++i) sum += encoder.row(draws(i, t));
            const double distance = arma::norm(sum / static_cast<double>(n) - soft_contexts.row(t));
            p.mean_distance += distance / static_cast<double>(draws.n_cols);
            p.max_distance = std::max(p.max_distance, distance);
        }
        points.push_back(p);
    }
    return points;
}

std::vector<arma::uword> decade_checkpoints(arma::uword n) {
    std::vector<arma::uword> points;
    for (arma::uword k = 1; k < n; k *= 10) points.push_back(k);
    points.push_back(n);
    return points;
}

}  // namespace attn::math
