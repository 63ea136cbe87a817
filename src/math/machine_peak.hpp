// The machine's limits, measured in this process, so that a timing can be read as a share of what the
// CPU could do: the fused multiply-add peak of the widest vectors the kernel's dispatch picks, and the
// memory bandwidth of a large copy with every thread.
#pragma once
#include <cstddef>

namespace attn::math {

// Floating-point operations per second (2 per multiply-add) that `threads` threads reach together when
// each runs 16 independent chains acc ← acc·a + b of full vectors: enough chains to hide the FMA
// latency of every x86 core since Haswell (latency 4 × 2 ports = 8 in flight), so the figure is the
// throughput peak. The instruction set is the one the fused kernel runs on (ATTN_SIMD lowers both).
// Best of `trials` runs of about `seconds` each, in GFLOP/s.
template <typename T>
double fma_peak_gflops(unsigned threads, double seconds = 0.05, int trials = 5);

// Bytes read plus bytes written per second by `threads` threads copying their slices of a `bytes`
// buffer at the same time (each slice far larger than any cache), best of `trials`, in GB/s (10⁹).
double copy_bandwidth_gbs(unsigned threads, std::size_t bytes, int trials = 3);

}  // namespace attn::math
