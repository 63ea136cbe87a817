// The report of attn bench: the settings, the timings, the operations and bandwidth beside them, the
// fitted growth of time with n and a log–log chart. Every number is formatted here, as a table shows it.
#include <fmt/format.h>

#include <algorithm>

#include "course/data_blocks.hpp"
#include "course/reports.hpp"

namespace attn::course {

std::string format_seconds(double seconds) {
    if (seconds >= 1.0) return fmt::format("{:.2f} s", seconds);
    if (seconds >= 1e-3) return fmt::format("{:.2f} ms", seconds * 1e3);
    return fmt::format("{:.1f} µs", seconds * 1e6);
}

namespace {

report::Facts bench_settings(const BenchReport& b) {
    const BenchRequest& r = b.request;
    const std::string settings =
        fmt::format("d = {}, {}, {}, local window {} keys, {} run{} after a warm-up", r.d, r.precision,
                    r.causal ? "causal mask" : "no mask", r.window, r.repeats, r.repeats == 1 ? "" : "s");
    report::Facts f{
        "",
        {{"settings", settings},
         {"BLAS", fmt::format("{}, {} thread{}", b.blas, b.blas_threads, b.blas_threads == 1 ? "" : "s")},
         {"softmax exp", b.vectorised_exp ? "AVX2+FMA" : "scalar std::exp"},
         {"streaming", "attn's fused kernel, " + b.streaming_kernel + " (ATTN_SIMD lowers it)"},
         {"FMA peak", fmt::format("{:.1f} GFLOP/s on one core, {:.1f} on {} thread{} ({}, measured now)",
                                  b.peak_gflop_one_core, b.peak_gflop_threads, b.blas_threads,
                                  b.blas_threads == 1 ? "" : "s", r.precision)}}};
    return f;
}

report::Table results_table(const BenchReport& b) {
    report::Table t{"", {"method", "n", "median", "fastest", "CPU", "spread", "working", "peak RSS"}, {}};
    for (const BenchRow& row : b.rows)
        t.rows.push_back({row.method, std::to_string(row.n), format_seconds(row.median_seconds),
                          format_seconds(row.min_seconds), format_seconds(row.cpu_seconds),
                          fmt::format("{:.2f}x", row.spread), format_bytes(row.working_bytes),
                          format_bytes(row.peak_rss_bytes)});
    return t;
}

// Each method at its largest n: the operations of one run beside the fastest time.
report::Table operations_table(const BenchReport& b) {
    report::Table t{"operations (FLOP: 2 per multiply-add) beside the fastest time, largest n",
                    {"method", "n", "FLOP", "fastest", "GFLOP/s", "of peak"},
                    {}};
    for (const std::string& method : b.request.methods) {
        const BenchRow* largest = nullptr;
        for (const BenchRow& row : b.rows)
            if (row.method == method && (!largest || row.n > largest->n)) largest = &row;
        if (largest)
            t.rows.push_back({method, std::to_string(largest->n),
                              largest->operations < 1e5 ? fmt::format("{:.0f}", largest->operations)
                                                        : fmt::format("{:.2e}", largest->operations),
                              format_seconds(largest->min_seconds),
                              fmt::format("{:.2f}", largest->gflop_per_second),
                              fmt::format("{:.0f}%", largest->percent_of_peak)});
    }
    return t;
}

// Streaming on 1, 2 and all threads; a count that was slower than a smaller one is said, not hidden.
void scaling_blocks(report::Report& report, const BenchReport& b) {
    const long n =
        b.request.sizes.empty() ? 0 : *std::max_element(b.request.sizes.begin(), b.request.sizes.end());
    report::Table t{fmt::format("streaming at n = {} on more threads (fastest run)", n),
                    {"threads", "fastest", "speedup", "efficiency"},
                    {}};
    for (const BenchScaling& s : b.scaling)
        t.rows.push_back({std::to_string(s.threads), format_seconds(s.min_seconds),
                          fmt::format("{:.2f}x", s.speedup), fmt::format("{:.0f}%", 100 * s.efficiency)});
    report.table("scaling", std::move(t));
    for (size_t i = 1; i < b.scaling.size(); ++i)
        if (b.scaling[i].min_seconds > b.scaling[i - 1].min_seconds)
            report.paragraph(fmt::format(
                "Streaming was slower on {} threads than on {} here: more threads than cores, or a busy "
                "machine. Give fewer with --threads (or OPENBLAS_NUM_THREADS).",
                b.scaling[i].threads, b.scaling[i - 1].threads));
}

// Decode reads the whole cache once per step: its speed is a bandwidth, set beside a plain copy's.
void decode_blocks(report::Report& report, const BenchReport& b) {
    report::Table t{"decode: one query against n cached keys and values (fastest run)",
                    {"n", "cache read", "time", "GB/s", "of copy"},
                    {}};
    for (const BenchRow& row : b.rows)
        if (row.method == "decode")
            t.rows.push_back({std::to_string(row.n), format_bytes(row.bytes_read),
                              format_seconds(row.min_seconds), fmt::format("{:.2f}", row.gb_per_second),
                              fmt::format("{:.0f}%", row.percent_of_bandwidth)});
    report.table("decode", std::move(t));
    report.paragraph(
        fmt::format("Memory bandwidth in this run: {:.2f} GB/s, a plain copy of {} by {} thread{} at "
                    "once (bytes read + written, fastest of the runs). Near 100% of the copy: decode "
                    "runs as fast as memory delivers the cache.",
                    b.copy_gb_per_second, format_bytes(b.copy_buffer_bytes), b.blas_threads,
                    b.blas_threads == 1 ? "" : "s"));
}

// What each slope means, so that the numbers teach something.
void growth_blocks(report::Report& report, const BenchReport& b) {
    report::Facts growth{"growth of the fastest time with n (slope on log-log axes)", {}};
    for (const auto& [method, slope] : b.exponents) {
        const char* expected = method == "local"    ? "about 1: W keys per query"
                               : method == "linear" ? "about 1: a d × d summary of keys"
                               : method == "decode" ? "about 1: one query reads n cached rows"
                                                    : "about 2: every key for every query";
        growth.items.push_back(
            {method, fmt::format("time grows as n^{:.2f} (expected {})", slope, expected)});
    }
    if (!growth.items.empty()) report.facts("exponents", std::move(growth));
    report::Facts slopes{"slopes of the fastest time, the CPU time and the count of operations", {}};
    for (const BenchSlope& s : b.slopes)
        slopes.items.push_back({s.method, fmt::format("time n^{:.2f}, CPU n^{:.2f}, operations n^{:.2f}",
                                                      s.fastest, s.cpu, s.operations)});
    if (!slopes.items.empty()) report.facts("slopes", std::move(slopes));
    for (const auto& [method, why] : b.unfitted)
        report.paragraph(fmt::format("No growth exponent for {}: {}.", method, why));
}

// The fastest run, as the fitted slopes use: what other processes inflate least.
report::Chart time_chart(const BenchReport& b) {
    report::Chart chart;
    chart.title = "fastest time against n (log-log)", chart.x_label = "n (tokens)", chart.y_label = "seconds";
    chart.log_x = chart.log_y = true;
    for (const std::string& method : b.request.methods) {
        std::vector<std::pair<double, double>> points;
        for (const BenchRow& row : b.rows)
            if (row.method == method) points.emplace_back(static_cast<double>(row.n), row.min_seconds);
        chart.series.emplace_back(method, points);
    }
    return chart;
}

}  // namespace

report::Report bench_report(const BenchReport& b) {
    report::Report report{"attn bench: the cost of attention as n grows", "", {}};
    add_bench_data(report, b);
    report.facts("settings", bench_settings(b));
    // OpenBLAS picks its kernels by processor model; one it does not know falls back to Prescott's (SSE3).
    if (b.vectorised_exp && b.blas.find("Prescott") != std::string::npos)
        report.paragraph(
            "This processor has AVX2 and FMA, but OpenBLAS fell back to its Prescott kernels: "
            "it does not know the model. Every matrix product below runs at SSE3 speed; "
            "`OPENBLAS_CORETYPE=Haswell` before the command picks the AVX2 kernels.");
    report.table("results", results_table(b));
    const std::string rss =
        b.peak_rss_per_point ? "" : "Peak RSS could not be reset between points: it is the peak so far. ";
    report.paragraph(rss +
                     "Fastest: the least disturbed run; CPU: the process's CPU time, all threads; "
                     "spread: slowest / fastest.");
    report.table("operations", operations_table(b));
    if (!b.scaling.empty()) scaling_blocks(report, b);
    if (b.copy_gb_per_second > 0) decode_blocks(report, b);
    growth_blocks(report, b);
    if (b.rows.size() > 1) report.chart("time", time_chart(b));
    return report;
}

}  // namespace attn::course
