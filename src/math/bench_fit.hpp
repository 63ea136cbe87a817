// The growth exponent of a cost: the least-squares slope of log(cost) against log(n). Time ∝ n^p
// is a straight line of slope p on log–log axes, so p ≈ 2 says "quadratic", p ≈ 1 "linear".
#pragma once
#include <vector>

namespace attn::math {

// Slope of log(y) on log(x). Needs at least two distinct x, every x and y positive and finite;
// throws std::invalid_argument otherwise.
double loglog_slope(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace attn::math
