// The machine's limits that attn bench sets timings against: the FMA peak and the copy bandwidth. Their
// values depend on the machine and on what else runs on it, so only their sense is checked here (bench
// figures, not tests, compare them).
#include <catch2/catch.hpp>
#include <cmath>

#include "math/machine_peak.hpp"

using attn::math::copy_bandwidth_gbs;
using attn::math::fma_peak_gflops;

TEST_CASE("the FMA peak is positive and finite, for float and double, on one thread or two", "[peak]") {
    const double single = fma_peak_gflops<float>(1, 0.02);
    const double twice = fma_peak_gflops<double>(1, 0.02);
    REQUIRE(std::isfinite(single));
    REQUIRE(std::isfinite(twice));
    CHECK(twice > 0.1);
    CHECK(single > 0.1);
    CHECK(fma_peak_gflops<double>(2, 0.02, 2) > 0.1);
}

TEST_CASE("the copy bandwidth is positive and finite, with one thread or several", "[peak]") {
    for (const unsigned threads : {1u, 2u, 3u}) {
        const double gbs = copy_bandwidth_gbs(threads, std::size_t(8) << 20, 2);
        CHECK(std::isfinite(gbs));
        CHECK(gbs > 0.01);
    }
}
