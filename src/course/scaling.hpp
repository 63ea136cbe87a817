// The scaling experiment of lesson 5: for several d_k, random queries and keys, the variance of their
// dot products and how saturated the softmax is with and without ÷√d_k, as tables to show.
#pragma once
#include <cstdint>
#include <vector>

#include "math/scaling.hpp"
#include "report/blocks.hpp"

namespace attn::course {

constexpr arma::uword kMaxScalingKeys = 1000;
constexpr arma::uword kMaxScalingTrials = 100000;
constexpr double kMaxScalingDraws = 3e7;  // random numbers per run: about a second

struct ScalingRequest {
    std::vector<arma::uword> d_ks{4, 64, 512};
    arma::uword keys = 10;
    arma::uword trials = 500;
    std::uint64_t seed = 42;
};

struct ScalingReport {
    ScalingRequest request;
    std::vector<math::ScalingMeasurement> rows;  // one per d_k, in the order given
    double uniform_entropy = 0;                  // log N: the entropy of a uniform row over N keys
    double uniform_max_weight = 0;               // 1/N: the largest weight of a uniform row
    report::LabelledMatrix unscaled, scaled;     // rows = d_k, columns = the measures
};

// Validates the sizes (InputError naming the flag and the range) and measures every d_k.
ScalingReport run_scaling(const ScalingRequest& request);

}  // namespace attn::course
