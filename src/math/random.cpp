#include "math/random.hpp"

#include <cmath>
#include <random>

namespace attn::math {

namespace {
// A double in [0, 1) from the top 53 bits of one 64-bit draw.
double unit_draw(std::mt19937_64& gen) { return static_cast<double>(gen() >> 11) * 0x1.0p-53; }
}  // namespace

arma::mat seeded_uniform(arma::uword rows, arma::uword cols, double bound, std::uint64_t seed) {
    std::mt19937_64 gen(seed);
    arma::mat m(rows, cols);
    for (arma::uword c = 0; c < cols; ++c)
        for (arma::uword r = 0; r < rows; ++r) m(r, c) = bound * (2.0 * unit_draw(gen) - 1.0);
    return m;
}

arma::mat seeded_projection(arma::uword fan_in, arma::uword fan_out, std::uint64_t seed) {
    const double bound = 1.0 / std::sqrt(static_cast<double>(fan_in == 0 ? 1 : fan_in));
    return seeded_uniform(fan_in, fan_out, bound, seed);
}

arma::mat seeded_normal(arma::uword rows, arma::uword cols, std::uint64_t seed) {
    std::mt19937_64 gen(seed);
    arma::mat m(rows, cols);
    for (arma::uword i = 0; i < m.n_elem; ++i) {
        const double u1 = 1.0 - unit_draw(gen);  // in (0, 1], so log(u1) is finite
        const double u2 = unit_draw(gen);
        m(i) = std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
    }
    return m;
}

}  // namespace attn::math
