// `attn bench` as data: which methods and sizes to time, the checks that refuse impossible requests
// before anything runs, and the measured results (time, memory, growth exponent). Never prints.
#pragma once
#include <cstddef>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace attn::course {

inline constexpr long kMaxBenchTokens = 1L << 20;  // beyond this even streaming would run for hours
inline constexpr long kMaxBenchDim = 4096;
// The buffer `--methods decode` copies to measure memory bandwidth: far beyond any processor's caches.
inline constexpr std::size_t kBandwidthCopyBytes = std::size_t(256) << 20;

struct BenchRequest {
    std::vector<long> sizes = {256, 512, 1024, 2048, 4096};  // n, tokens (queries = keys = values)
    long d = 64;                                             // d_k = d_v
    std::string precision = "double";                        // float | double
    // full, local, streaming; gemm (the two matrix products alone, the floor for full attention);
    // decode (one query against n cached keys and values, beside a memory-copy bandwidth)
    std::vector<std::string> methods = {"full", "local", "streaming"};
    long window = 128;  // keys per query for local attention
    bool causal = false;
    int repeats = 3;  // timed runs per point, after one untimed warm-up; the median is reported
};

// Runs whose slowest time exceeds the fastest by more than this factor are too noisy to fit a slope to.
inline constexpr double kMaxTrustedSpread = 1.5;

struct BenchRow {
    std::string method;
    long n = 0, d = 0;
    std::string precision;
    double median_seconds = 0.0;
    std::size_t working_bytes = 0;   // the method's largest buffer (the n × n weights for full)
    std::size_t peak_rss_bytes = 0;  // peak resident memory of the process while this point ran
    double min_seconds = 0.0;        // the fastest run: what other processes inflate least
    double cpu_seconds = 0.0;        // median CPU time of the process per run (all threads), for comparison
    double spread = 1.0;             // slowest run / fastest run
    std::size_t bytes_read = 0;      // decode: bytes of cache one step reads
    double gb_per_second = 0.0;      // decode: bytes_read / min_seconds, in 10⁹ bytes per second
    double copy_ratio = 0.0;         // decode: a plain copy's GB/s over this one's (near 1: memory bound)
    // Floating-point operations per second of the fastest run: 2 per multiply-add of Q·Kᵀ and of P·V
    // (4·n²·d for full, streaming and gemm, halved with the causal mask; 4·n·W·d local; 4·n·d decode).
    double gflop_per_second = 0.0;
    double operations = 0.0;            // those floating-point operations of one run, a whole number
    double percent_of_peak = 0.0;       // gflop_per_second over the FMA peak at the run's threads, × 100
    double percent_of_bandwidth = 0.0;  // decode: gb_per_second over the all-thread copy's, × 100
};

// The growth of one method with n, three ways: the fastest time, the CPU time, and the count of
// operations (exact: what the method must do, whatever else the machine is doing).
struct BenchSlope {
    std::string method;
    double fastest = 0.0, cpu = 0.0, operations = 0.0;
};

// Streaming at the largest n on 1, 2 and all the bench's threads: how well the threads share the work.
struct BenchScaling {
    unsigned threads = 1;
    double min_seconds = 0.0;  // the fastest of the runs
    double speedup = 1.0;      // one thread's fastest time over this one's
    double efficiency = 1.0;   // speedup / threads: 1 when every thread does a full share
};

struct BenchReport {
    BenchRequest request;
    std::vector<BenchRow> rows;
    std::vector<std::pair<std::string, double>>
        exponents;  // method → fitted log–log slope of the fastest times
    // method → why no slope was fitted: the runs at some size spread more than kMaxTrustedSpread.
    std::vector<std::pair<std::string, std::string>> unfitted;
    // Every method with two sizes or more, fitted whatever the spread (lessons quote these beside the
    // count of operations, so that the prose stays true on a busy machine).
    std::vector<BenchSlope> slopes;
    // decode: a plain copy's bandwidth (bytes read + written) / time, by every thread at once
    double copy_gb_per_second = 0.0;
    std::size_t copy_buffer_bytes = 0;  // the size of the copied buffer, well above any processor cache
    std::string blas;
    int blas_threads = 1;
    bool vectorised_exp = false;
    std::string streaming_kernel;  // the instruction set attn's fused kernel ran on, as Highway names it
    // The machine's limit for the bench's number type, measured in this run (math::fma_peak_gflops):
    // one core, and the bench's threads at once. Each row's percent_of_peak is against the second.
    double peak_gflop_one_core = 0.0;
    double peak_gflop_threads = 0.0;
    std::vector<BenchScaling> scaling;  // empty when streaming was not timed or the bench has one thread
    bool peak_rss_per_point = true;     // false: the kernel would not reset the peak, so it only grows
};

// Bytes the method needs at size n beyond Python-free bookkeeping: inputs, output and workspace.
std::size_t bench_memory_needed(const std::string& method, long n, long d, const std::string& precision);

// Throws InputError for nonsense (sizes, d, window, repeats, unknown method or precision) and for
// sizes that would not fit in `available_bytes`, saying how much they need and what to do instead.
void check_bench_request(const BenchRequest& request, std::size_t available_bytes);

// Called before each point with (points done, points in all, "full n = 4096").
using BenchProgress = std::function<void(std::size_t, std::size_t, const std::string&)>;

// Runs every method at every size (sizes in increasing order) and fits the exponents.
BenchReport run_bench(const BenchRequest& request, const BenchProgress& progress);

// "1.5 GiB", "64.0 MiB", "512 B".
std::string format_bytes(std::size_t bytes);

// "1.23 ms", "45.6 µs", "2.50 s" (--ascii folds µ to u).
std::string format_seconds(double seconds);

}  // namespace attn::course
