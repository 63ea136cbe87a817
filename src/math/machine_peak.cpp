// The FMA chains are written once and compiled for each of Highway's instruction sets, as the fused
// kernel is (foreach_target.h includes this file again per target); the run picks the kernel's target.
#include "math/machine_peak.hpp"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <vector>

#include "math/fused_attention_kernel.hpp"
#include "math/on_threads.hpp"

#ifndef HWY_COMPILE_ALL_ATTAINABLE
#define HWY_COMPILE_ALL_ATTAINABLE
#endif
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "math/machine_peak.cpp"
// clang-format off
#include <hwy/foreach_target.h>
#include <hwy/highway.h>
// clang-format on

HWY_BEFORE_NAMESPACE();
namespace attn::math::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// 16 independent chains of `steps` multiply-adds on full vectors. Returns the lanes per vector, and a
// sum of the chains in `sink` so that the compiler must compute them. a < 1 keeps every value finite.
template <typename T>
std::size_t Chains(std::size_t steps, T* sink) {
    const hn::ScalableTag<T> d;
    using V = hn::Vec<decltype(d)>;
    const V a = hn::Set(d, T(0.999)), b = hn::Set(d, T(0.001));
    // Each chain starts elsewhere: equal chains would be one chain to the compiler.
    V c0 = hn::Set(d, T(1.00)), c1 = hn::Set(d, T(1.01)), c2 = hn::Set(d, T(1.02)), c3 = hn::Set(d, T(1.03));
    V c4 = hn::Set(d, T(1.04)), c5 = hn::Set(d, T(1.05)), c6 = hn::Set(d, T(1.06)), c7 = hn::Set(d, T(1.07));
    V c8 = hn::Set(d, T(1.08)), c9 = hn::Set(d, T(1.09)), c10 = hn::Set(d, T(1.10)),
      c11 = hn::Set(d, T(1.11));
    V c12 = hn::Set(d, T(1.12)), c13 = hn::Set(d, T(1.13)), c14 = hn::Set(d, T(1.14)),
      c15 = hn::Set(d, T(1.15));
    for (std::size_t s = 0; s < steps; ++s) {
        c0 = hn::MulAdd(c0, a, b), c1 = hn::MulAdd(c1, a, b), c2 = hn::MulAdd(c2, a, b);
        c3 = hn::MulAdd(c3, a, b), c4 = hn::MulAdd(c4, a, b), c5 = hn::MulAdd(c5, a, b);
        c6 = hn::MulAdd(c6, a, b), c7 = hn::MulAdd(c7, a, b), c8 = hn::MulAdd(c8, a, b);
        c9 = hn::MulAdd(c9, a, b), c10 = hn::MulAdd(c10, a, b), c11 = hn::MulAdd(c11, a, b);
        c12 = hn::MulAdd(c12, a, b), c13 = hn::MulAdd(c13, a, b), c14 = hn::MulAdd(c14, a, b);
        c15 = hn::MulAdd(c15, a, b);
    }
    const V sum = hn::Add(
        hn::Add(hn::Add(hn::Add(c0, c1), hn::Add(c2, c3)), hn::Add(hn::Add(c4, c5), hn::Add(c6, c7))),
        hn::Add(hn::Add(hn::Add(c8, c9), hn::Add(c10, c11)), hn::Add(hn::Add(c12, c13), hn::Add(c14, c15))));
    *sink = hn::GetLane(hn::SumOfLanes(d, sum));
    return hn::Lanes(d);
}

std::size_t ChainsFloat(std::size_t steps, float* sink) { return Chains<float>(steps, sink); }
std::size_t ChainsDouble(std::size_t steps, double* sink) { return Chains<double>(steps, sink); }

}  // namespace attn::math::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace attn::math {
HWY_EXPORT(ChainsFloat);
HWY_EXPORT(ChainsDouble);

namespace {

constexpr double kChains = 16;

template <typename T>
std::size_t run_chains(std::size_t steps, T* sink) {
    if constexpr (std::is_same_v<T, float>)
        return HWY_DYNAMIC_DISPATCH(ChainsFloat)(steps, sink);
    else
        return HWY_DYNAMIC_DISPATCH(ChainsDouble)(steps, sink);
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Runs `work` on `threads` threads at once (the caller's is one of them); returns the wall time.
template <typename Work>
double timed_together(unsigned threads, const Work& work) {
    const auto start = std::chrono::steady_clock::now();
    on_threads(threads, work);
    return seconds_since(start);
}

}  // namespace

template <typename T>
double fma_peak_gflops(unsigned threads, double seconds, int trials) {
    apply_simd_choice();
    threads = std::max(1u, threads);
    // Calibrate on one thread: the steps that take about `seconds`.
    T sink = 0;
    std::size_t steps = 1 << 12, lanes = 1;
    double took = 0;
    for (;; steps *= 2) {
        const auto start = std::chrono::steady_clock::now();
        lanes = run_chains<T>(steps, &sink);
        if ((took = seconds_since(start)) >= seconds / 4) break;
    }
    steps = std::max<std::size_t>(1, static_cast<std::size_t>(static_cast<double>(steps) * seconds / took));
    std::vector<T> sinks(threads);
    double best = 0;
    for (int trial = 0; trial < std::max(1, trials); ++trial) {
        const double wall = timed_together(threads, [&](unsigned t) { run_chains<T>(steps, &sinks[t]); });
        const double flops =
            2.0 * kChains * static_cast<double>(lanes) * static_cast<double>(steps) * threads;
        best = std::max(best, flops / wall / 1e9);
    }
    volatile T keep = sink + sinks[0];  // the chains' results are used
    (void)keep;
    return best;
}
template double fma_peak_gflops<float>(unsigned, double, int);
template double fma_peak_gflops<double>(unsigned, double, int);

double copy_bandwidth_gbs(unsigned threads, std::size_t bytes, int trials) {
    threads = std::max(1u, threads);
    std::vector<char> from(bytes, 1), to(bytes, 0);  // touched: no page faults in the timed copies
    const std::size_t slice = bytes / threads;
    double best = 0;
    for (int trial = 0; trial < std::max(1, trials); ++trial) {
        const double wall = timed_together(threads, [&](unsigned t) {
            const std::size_t begin = t * slice, size = t + 1 == threads ? bytes - begin : slice;
            std::memcpy(to.data() + begin, from.data() + begin, size);
        });
        from[0] = to[bytes - 1];  // the copies are used
        best = std::max(best, 2.0 * static_cast<double>(bytes) / wall / 1e9);
    }
    return best;
}

}  // namespace attn::math
#endif  // HWY_ONCE
