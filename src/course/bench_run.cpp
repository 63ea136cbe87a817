// The timing loop of `attn bench`: inputs per size, one warm-up and `repeats` timed runs per method.
#include <algorithm>
#include <armadillo>
#include <chrono>
#include <cstring>
#include <ctime>

#include "course/bench.hpp"
#include "course/bench_memory.hpp"
#include "math/bench_blas.hpp"
#include "math/bench_fit.hpp"
#include "math/decode_attention.hpp"
#include "math/full_attention.hpp"
#include "math/full_attention_kernels.hpp"
#include "math/fused_attention_kernel.hpp"
#include "math/linear_attention_kernel.hpp"
#include "math/local_attention.hpp"
#include "math/machine_peak.hpp"
#include "math/streaming_attention.hpp"

namespace attn::course {
namespace {

template <typename T>
struct Inputs {
    arma::Mat<T> q, k, v;  // (n, d) each
};

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const size_t mid = values.size() / 2;
    return values.size() % 2 ? values[mid] : 0.5 * (values[mid - 1] + values[mid]);
}

double process_cpu_seconds() {
    timespec now{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + 1e-9 * static_cast<double>(now.tv_nsec);
}

// `repeats` timed calls after one untimed call (which pays for first-touch page faults): the median,
// the fastest and the slowest wall-clock time, and the median CPU time of the whole process.
template <typename F>
void time_runs(int repeats, BenchRow& row, F&& call) {
    call();
    std::vector<double> seconds, cpu;
    for (int i = 0; i < repeats; ++i) {
        const double cpu_start = process_cpu_seconds();
        const auto start = std::chrono::steady_clock::now();
        call();
        seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        cpu.push_back(process_cpu_seconds() - cpu_start);
    }
    row.median_seconds = median(seconds);
    row.min_seconds = *std::min_element(seconds.begin(), seconds.end());
    row.cpu_seconds = median(cpu);
    row.spread = *std::max_element(seconds.begin(), seconds.end()) / std::max(row.min_seconds, 1e-12);
}

// Q·Kᵀ into an (n, n) buffer and P·V into an (n, d) one, both allocated once: the arithmetic of full
// attention without its softmax, at the speed of this machine's BLAS with warm buffers.
template <typename T>
void time_gemms(const Inputs<T>& x, const BenchRequest& r, BenchRow& row) {
    arma::Mat<T> scores(x.q.n_rows, x.k.n_rows), out(x.q.n_rows, x.v.n_cols);
    time_runs(r.repeats, row, [&] {
        arma::gemm<false, true>::apply(scores, x.q, x.k);   // (n, d)·(d, n)
        arma::gemm<false, false>::apply(out, scores, x.v);  // (n, n)·(n, d)
    });
    row.working_bytes = scores.n_elem * sizeof(T);
}

// One query against n cached keys and values (the inputs' K and V, stored a token per column).
template <typename T>
void time_decode(const Inputs<T>& x, const BenchRequest& r, BenchRow& row) {
    const arma::Mat<T> keys_t = x.k.t(), values_t = x.v.t();  // (d, n)
    const arma::Col<T> q = x.q.row(0).t();
    math::DecodeWorkspace<T> ws;
    arma::Col<T> out;
    // One run of cached tokens per BLAS thread (--threads), each thread reading its own part of the cache.
    const auto threads = static_cast<unsigned>(std::max(1, math::blas_threads()));
    time_runs(r.repeats, row, [&] { math::decode_attention(keys_t, values_t, q, ws, out, threads); });
    row.working_bytes = keys_t.n_elem * sizeof(T);
    row.bytes_read = math::decode_bytes_read(keys_t.n_cols, keys_t.n_rows, values_t.n_rows, sizeof(T));
    row.gb_per_second = static_cast<double>(row.bytes_read) / row.min_seconds / 1e9;
}

// Floating-point operations of one run: two per multiply-add, in Q·Kᵀ and in P·V.
double operations(const std::string& method, long n, const BenchRequest& r) {
    const double nn = static_cast<double>(n), d = static_cast<double>(r.d);
    if (method == "decode") return 4.0 * nn * d;
    if (method == "linear") return 4.0 * nn * d * d;  // φ(K)ᵀ·V and φ(Q)·(KV): n·d² multiply-adds each
    if (method == "local") return 4.0 * nn * std::min<double>(nn, static_cast<double>(r.window)) * d;
    const bool halved = r.causal && method != "gemm";  // the causal mask skips the hidden half
    return (halved ? 2.0 : 4.0) * nn * nn * d;
}

// One method at one size, with its own workspace, freed before the next point.
template <typename T>
BenchRow measure(const std::string& method, const Inputs<T>& x, const BenchRequest& r) {
    BenchRow row;
    row.method = method;
    row.n = static_cast<long>(x.q.n_rows);
    row.d = r.d;
    row.precision = r.precision;
    arma::Mat<T> out;
    if (method == "full") {
        math::FullWorkspace<T> ws;
        time_runs(r.repeats, row, [&] { math::full_attention(x.q, x.k, x.v, r.causal, ws, out); });
        row.working_bytes = ws.largest_buffer_bytes();
    } else if (method == "local") {
        math::LocalWorkspace<T> ws;
        const auto w = static_cast<arma::uword>(r.window);
        time_runs(r.repeats, row, [&] { math::local_attention(x.q, x.k, x.v, w, r.causal, ws, out); });
        row.working_bytes = ws.largest_buffer_bytes();
    } else if (method == "linear") {
        math::LinearWorkspace<T> ws;
        time_runs(r.repeats, row, [&] { math::linear_attention_kernel(x.q, x.k, x.v, r.causal, ws, out); });
        row.working_bytes = ws.largest_buffer_bytes();
    } else if (method == "streaming") {
        math::StreamingWorkspace<T> ws;
        time_runs(r.repeats, row, [&] { math::streaming_attention(x.q, x.k, x.v, r.causal, ws, out); });
        row.working_bytes = ws.largest_buffer_bytes();
    } else if (method == "gemm") {
        time_gemms(x, r, row);
    } else {
        time_decode(x, r, row);
    }
    row.peak_rss_bytes = peak_rss_bytes();
    row.operations = operations(method, row.n, r);
    row.gflop_per_second = row.operations / row.min_seconds / 1e9;
    return row;
}

// Streaming at the inputs' n on 1 thread, 2, and the bench's count (each once).
template <typename T>
std::vector<BenchScaling> streaming_scaling(const Inputs<T>& x, const BenchRequest& r, unsigned most) {
    std::vector<BenchScaling> out;
    for (const unsigned threads : {1u, 2u, most}) {
        if (threads > most || (!out.empty() && out.back().threads >= threads)) continue;
        BenchRow row;
        math::StreamingWorkspace<T> ws;
        arma::Mat<T> result;
        math::StreamingBlocks blocks;
        blocks.threads = threads;
        time_runs(r.repeats, row,
                  [&] { math::streaming_attention(x.q, x.k, x.v, r.causal, ws, result, blocks); });
        BenchScaling s{threads, row.min_seconds, 1.0, 1.0};
        if (!out.empty()) s.speedup = out.front().min_seconds / row.min_seconds;
        s.efficiency = s.speedup / threads;
        out.push_back(s);
    }
    return out;
}

template <typename T>
void run_all(const BenchRequest& r, const BenchProgress& progress, BenchReport& report) {
    std::vector<long> sizes = r.sizes;
    std::sort(sizes.begin(), sizes.end());
    sizes.erase(std::unique(sizes.begin(), sizes.end()), sizes.end());
    const size_t total = sizes.size() * r.methods.size();
    arma::arma_rng::set_seed(2024);
    for (long n : sizes) {
        Inputs<T> x;  // freed before the next, larger size is allocated
        for (const auto& method : r.methods) {
            if (progress) progress(report.rows.size(), total, method + " n = " + std::to_string(n));
            if (x.q.n_elem == 0) {
                const auto un = static_cast<arma::uword>(n), ud = static_cast<arma::uword>(r.d);
                x = Inputs<T>{arma::Mat<T>(un, ud, arma::fill::randn),
                              arma::Mat<T>(un, ud, arma::fill::randn),
                              arma::Mat<T>(un, ud, arma::fill::randn)};
            }
            report.peak_rss_per_point = reset_peak_rss() && report.peak_rss_per_point;
            report.rows.push_back(measure(method, x, r));
        }
        const auto most = static_cast<unsigned>(std::max(1, math::blas_threads()));
        const bool streaming = std::find(r.methods.begin(), r.methods.end(), "streaming") != r.methods.end();
        if (n == sizes.back() && streaming && most > 1) report.scaling = streaming_scaling(x, r, most);
    }
    if (progress) progress(total, total, "done");
}

// Fits the slope to the fastest run at each size, which other processes inflate least; refuses to fit
// when the runs at some size spread too widely to trust any of them.
void fit_exponents(BenchReport& report) {
    for (const auto& method : report.request.methods) {
        std::vector<double> n, seconds, cpu, operations;
        const BenchRow* noisiest = nullptr;
        for (const auto& row : report.rows)
            if (row.method == method) {
                n.push_back(static_cast<double>(row.n));
                seconds.push_back(std::max(row.min_seconds, 1e-9));
                cpu.push_back(std::max(row.cpu_seconds, 1e-9));
                operations.push_back(std::max(row.operations, 1.0));
                if (!noisiest || row.spread > noisiest->spread) noisiest = &row;
            }
        if (n.size() < 2) continue;
        report.slopes.push_back({method, math::loglog_slope(n, seconds), math::loglog_slope(n, cpu),
                                 math::loglog_slope(n, operations)});
        if (noisiest->spread > kMaxTrustedSpread || report.request.repeats < 2) {
            const std::string why =
                report.request.repeats < 2
                    ? "one run per size cannot show how noisy the machine is; use --repeats 3 or more"
                    : "at n = " + std::to_string(noisiest->n) + " the slowest run took " +
                          std::to_string(noisiest->spread).substr(0, 4) +
                          "x the fastest: the machine is busy; "
                          "rerun on a quieter moment or with more --repeats";
            report.unfitted.emplace_back(method, why);
            continue;
        }
        report.exponents.emplace_back(method, math::loglog_slope(n, seconds));
    }
}

}  // namespace

BenchReport run_bench(const BenchRequest& request, const BenchProgress& progress) {
    BenchReport report;
    report.request = request;
    report.blas = math::blas_name();
    report.blas_threads = math::blas_threads();
    report.vectorised_exp = math::kernels::vectorised_exp();
    report.streaming_kernel = math::fused_kernel_target();
    if (request.precision == "float")
        run_all<float>(request, progress, report);
    else
        run_all<double>(request, progress, report);
    const unsigned threads = static_cast<unsigned>(std::max(1, report.blas_threads));
    const bool single = request.precision == "float";
    report.peak_gflop_one_core =
        single ? math::fma_peak_gflops<float>(1, 0.02) : math::fma_peak_gflops<double>(1, 0.02);
    report.peak_gflop_threads = threads == 1 ? report.peak_gflop_one_core
                                             : (single ? math::fma_peak_gflops<float>(threads, 0.02)
                                                       : math::fma_peak_gflops<double>(threads, 0.02));
    for (BenchRow& row : report.rows)
        row.percent_of_peak = 100.0 * row.gflop_per_second / report.peak_gflop_threads;
    if (std::find(request.methods.begin(), request.methods.end(), "decode") != request.methods.end()) {
        report.copy_buffer_bytes = kBandwidthCopyBytes;
        report.copy_gb_per_second =
            math::copy_bandwidth_gbs(threads, kBandwidthCopyBytes, std::max(request.repeats, 3));
        for (BenchRow& row : report.rows)
            if (row.method == "decode") {
                row.copy_ratio = report.copy_gb_per_second / row.gb_per_second;
                row.percent_of_bandwidth = 100.0 * row.gb_per_second / report.copy_gb_per_second;
            }
    }
    fit_exponents(report);
    return report;
}

}  // namespace attn::course
