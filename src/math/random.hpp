// Reproducible random matrices: the same seed gives the same numbers on every machine and compiler.
#pragma once
#include <armadillo>
#include <cstdint>

namespace attn::math {

// (rows, cols) uniform in [−bound, bound), drawn column by column from std::mt19937_64(seed), whose
// output sequence the C++ standard fixes (unlike std::uniform_real_distribution's).
arma::mat seeded_uniform(arma::uword rows, arma::uword cols, double bound, std::uint64_t seed);

// A projection (fan_in, fan_out) initialised like torch.nn.Linear: uniform in ±1/√fan_in.
arma::mat seeded_projection(arma::uword fan_in, arma::uword fan_out, std::uint64_t seed);

// (rows, cols) standard normal, by Box–Muller on the same generator.
arma::mat seeded_normal(arma::uword rows, arma::uword cols, std::uint64_t seed);

}  // namespace attn::math
