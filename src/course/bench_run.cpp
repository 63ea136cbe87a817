// The timing loop of `attn bench`: inputs per size, one warm-up and `repeats` timed runs per method.
#include <algorithm>
#include <armadillo>
#include <chrono>

#include "course/bench.hpp"
#include "course/bench_memory.hpp"
#include "math/bench_blas.hpp"
#include "math/bench_fit.hpp"
#include "math/full_attention.hpp"
#include "math/full_attention_kernels.hpp"
#include "math/linear_attention_kernel.hpp"
#include "math/local_attention.hpp"
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

// Median seconds of `repeats` calls after one untimed call (which pays for first-touch page faults).
template <typename F>
double median_seconds(int repeats, F&& call) {
    call();
    std::vector<double> seconds;
    for (int i = 0; i < repeats; ++i) {
        const auto start = std::chrono::steady_clock::now();
        call();
        seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    return median(seconds);
}

// One method at one size, with its own workspace, freed before the next point.
template <typename T>
BenchRow measure(const std::string& method, const Inputs<T>& x, const BenchRequest& r) {
    BenchRow row{method, static_cast<long>(x.q.n_rows), r.d, r.precision, 0.0, 0, 0};
    arma::Mat<T> out;
    if (method == "full") {
        math::FullWorkspace<T> ws;
        row.median_seconds = median_seconds(r.repeats, [&] { math::full_attention(x.q, x.k, x.v, r.causal, ws, out); });
        row.working_bytes = ws.largest_buffer_bytes();
    } else if (method == "local") {
        math::LocalWorkspace<T> ws;
        const auto w = static_cast<arma::uword>(r.window);
        row.median_seconds = median_seconds(r.repeats, [&] { math::local_attention(x.q, x.k, x.v, w, r.causal, ws, out); });
        row.working_bytes = ws.largest_buffer_bytes();
    } else if (method == "linear") {
        math::LinearWorkspace<T> ws;
        row.median_seconds = median_seconds(r.repeats, [&] { math::linear_attention_kernel(x.q, x.k, x.v, r.causal, ws, out); });
        row.working_bytes = ws.largest_buffer_bytes();
    } else {
        math::StreamingWorkspace<T> ws;
        row.median_seconds = median_seconds(r.repeats, [&] { math::streaming_attention(x.q, x.k, x.v, r.causal, ws, out); });
        row.working_bytes = ws.largest_buffer_bytes();
    }
    row.peak_rss_bytes = peak_rss_bytes();
    return row;
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
                x = Inputs<T>{arma::Mat<T>(un, ud, arma::fill::randn), arma::Mat<T>(un, ud, arma::fill::randn),
                              arma::Mat<T>(un, ud, arma::fill::randn)};
            }
            report.peak_rss_per_point = reset_peak_rss() && report.peak_rss_per_point;
            report.rows.push_back(measure(method, x, r));
        }
    }
    if (progress) progress(total, total, "done");
}

void fit_exponents(BenchReport& report) {
    for (const auto& method : report.request.methods) {
        std::vector<double> n, seconds;
        for (const auto& row : report.rows)
            if (row.method == method) {
                n.push_back(static_cast<double>(row.n));
                seconds.push_back(std::max(row.median_seconds, 1e-9));
            }
        if (n.size() >= 2) report.exponents.emplace_back(method, math::loglog_slope(n, seconds));
    }
}

}  // namespace

BenchReport run_bench(const BenchRequest& request, const BenchProgress& progress) {
    BenchReport report;
    report.request = request;
    report.blas = math::blas_name();
    report.blas_threads = math::blas_threads();
    report.vectorised_exp = math::kernels::vectorised_exp();
    if (request.precision == "float") run_all<float>(request, progress, report);
    else run_all<double>(request, progress, report);
    fit_exponents(report);
    return report;
}

}  // namespace attn::course
