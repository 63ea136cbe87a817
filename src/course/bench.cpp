#include "course/bench.hpp"

#include <algorithm>
#include <cstdio>

#include "inputs/input_error.hpp"

namespace attn::course {
namespace {

std::size_t element_bytes(const std::string& precision) { return precision == "float" ? 4 : 8; }

void check_values(const BenchRequest& r) {
    if (r.sizes.empty()) throw InputError("--sizes: give at least one size, e.g. --sizes 256,512,1024");
    for (long n : r.sizes)
        if (n < 1 || n > kMaxBenchTokens)
            throw InputError("--sizes " + std::to_string(n) + ": each size must be between 1 and " +
                             std::to_string(kMaxBenchTokens) + " tokens");
    if (r.d < 1 || r.d > kMaxBenchDim)
        throw InputError("--d " + std::to_string(r.d) + ": the head size must be between 1 and " +
                         std::to_string(kMaxBenchDim));
    if (r.window < 1)
        throw InputError("--window " + std::to_string(r.window) + ": a window holds at least 1 key");
    if (r.repeats < 1 || r.repeats > 100)
        throw InputError("--repeats " + std::to_string(r.repeats) + ": give 1 to 100");
    if (r.precision != "float" && r.precision != "double")
        throw InputError("--dtype " + r.precision + ": use float or double");
    if (r.methods.empty())
        throw InputError("--methods: give at least one of full, local, streaming, linear, gemm, decode");
    for (const auto& m : r.methods)
        if (m != "full" && m != "local" && m != "streaming" && m != "linear" && m != "gemm" && m != "decode")
            throw InputError("--methods " + m +
                             ": unknown method; use full, local, streaming, linear, gemm or decode");
}

}  // namespace

std::size_t bench_memory_needed(const std::string& method, long n, long d, const std::string& precision) {
    const std::size_t s = element_bytes(precision), un = static_cast<std::size_t>(n),
                      ud = static_cast<std::size_t>(d);
    // Q, K, V and the output; the transposed copies of the blocked methods; the n × n weights of full.
    if (method == "full" || method == "gemm") return (un * un + 4 * un * ud) * s;
    // The cache (keys and values), the scores, and the two buffers of the bandwidth copy.
    if (method == "decode") return (2 * un * ud + un) * s + 2 * kBandwidthCopyBytes;
    return (8 * un * ud + 512 * 512) * s;
}

void check_bench_request(const BenchRequest& r, std::size_t available_bytes) {
    check_values(r);
    const long largest = *std::max_element(r.sizes.begin(), r.sizes.end());
    for (const auto& method : r.methods) {
        const std::size_t needed = bench_memory_needed(method, largest, r.d, r.precision);
        if (needed <= available_bytes) continue;
        std::string what = method == "full"
                               ? " (the " + std::to_string(largest) + " × " + std::to_string(largest) +
                                     " weight matrix in " + r.precision + ")"
                               : "";
        throw InputError(
            method + " attention at n = " + std::to_string(largest) + " needs " + format_bytes(needed) +
            what + ", but only " + format_bytes(available_bytes) + " of memory is available. " +
            (method == "full" ? "Use --methods streaming (memory grows with n, not n²) or smaller --sizes."
                              : "Use smaller --sizes or --d."));
    }
}

std::string format_bytes(std::size_t bytes) {
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    double value = static_cast<double>(bytes);
    int unit = 0;
    while (value >= 1024.0 && unit < 5) {
        value /= 1024.0;
        ++unit;
    }
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, unit == 0 ? "%.0f %s" : "%.1f %s", value, units[unit]);
    return buffer;
}

}  // namespace attn::course
