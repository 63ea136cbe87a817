// The vectorised exp-and-sum and max used by every bench kernel, against std::exp.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "math/full_attention_kernels.hpp"

namespace k = attn::math::kernels;

TEST_CASE("exp_shifted_sum matches std::exp to a few ulps over the whole range, double", "[bench][kernels]") {
    std::vector<double> x;
    for (int i = 0; i <= 1003; ++i) x.push_back(-707.5 * i / 1003.0);
    std::vector<double> y = x;
    const double sum = k::exp_shifted_sum(y.data(), y.size(), 2.0, -3.0);  // exp(2x + 3)
    double expected_sum = 0.0;
    for (size_t i = 0; i < x.size(); ++i) {
        const double expected = std::exp(2.0 * x[i] + 3.0);
        expected_sum += expected;
        INFO("x = " << x[i]);
        if (2.0 * x[i] + 3.0 < -708.0)
            CHECK(y[i] == 0.0);
        else
            CHECK(std::fabs(y[i] - expected) <= 4e-16 * expected);
    }
    CHECK(std::fabs(sum - expected_sum) <= 1e-15 * expected_sum);
}

TEST_CASE("exp_shifted_sum matches std::exp in float", "[bench][kernels]") {
    std::vector<float> x;
    for (int i = 0; i <= 203; ++i) x.push_back(-80.0f * i / 203.0f);
    std::vector<float> y = x;
    k::exp_shifted_sum(y.data(), y.size(), 1.0f, 0.0f);
    for (size_t i = 0; i < x.size(); ++i) CHECK(std::fabs(y[i] - std::exp(x[i])) <= 3e-7f * std::exp(x[i]));
}

TEST_CASE("max_of finds the maximum in any lane and in the tail", "[bench][kernels]") {
    for (size_t n : {1u, 3u, 8u, 13u}) {
        for (size_t at = 0; at < n; ++at) {
            std::vector<double> x(n, -1.0);
            x[at] = 2.5;
            CHECK(k::max_of(x.data(), n) == 2.5);
            std::vector<float> xf(n, -1.0f);
            xf[at] = 2.5f;
            CHECK(k::max_of(xf.data(), n) == 2.5f);
        }
    }
}
