// attn bench's documented JSON and CSV (docs/commands.md) as data blocks.
#include <cstdint>

#include "course/data_blocks.hpp"

namespace attn::course {

using report::Facts;
using report::Value;
using report::words;

namespace {

void add_settings_data(report::Report& report, const BenchReport& b) {
    const BenchRequest& r = b.request;
    report.data("blas", Facts{"", {{"name", b.blas}, {"threads", b.blas_threads}}});
    report.data("", Facts{"", {{"streaming_kernel", b.streaming_kernel}, {"results", Value::List{}}}});
    report.data("fma_peak", Facts{"",
                                  {{"gflop_per_second_one_core", b.peak_gflop_one_core},
                                   {"gflop_per_second", b.peak_gflop_threads},
                                   {"threads", b.blas_threads},
                                   {"precision", r.precision}}});
    report.data("settings", Facts{"",
                                  {{"d", r.d},
                                   {"precision", r.precision},
                                   {"causal", r.causal},
                                   {"window", r.window},
                                   {"repeats", r.repeats},
                                   {"methods", words(r.methods)},
                                   {"vectorised_exp", b.vectorised_exp}}});
}

Facts row_facts(const BenchRow& row) {
    Facts f{"",
            {{"method", row.method},
             {"n", row.n},
             {"d", row.d},
             {"precision", row.precision},
             {"median_seconds", row.median_seconds},
             {"min_seconds", row.min_seconds},
             {"cpu_seconds", row.cpu_seconds},
             {"spread", row.spread},
             {"gflop_per_second", row.gflop_per_second},
             {"percent_of_peak", row.percent_of_peak},
             {"operations", static_cast<std::uint64_t>(row.operations)},
             {"working_bytes", row.working_bytes},
             {"peak_rss_bytes", row.peak_rss_bytes}}};
    if (row.method == "decode")
        f.items.insert(f.items.end(), {{"bytes_read", row.bytes_read},
                                       {"gb_per_second", row.gb_per_second},
                                       {"percent_of_bandwidth", row.percent_of_bandwidth}});
    return f;
}

void add_fits_data(report::Report& report, const BenchReport& b) {
    report.data("", Facts{"", {{"scaling", Value::List{}}}});
    for (size_t i = 0; i < b.scaling.size(); ++i) {
        const BenchScaling& s = b.scaling[i];
        report.data("scaling." + std::to_string(i), Facts{"",
                                                          {{"threads", s.threads},
                                                           {"min_seconds", s.min_seconds},
                                                           {"speedup", s.speedup},
                                                           {"efficiency", s.efficiency}}});
    }
    Facts exponents, unfitted;
    for (const auto& [method, slope] : b.exponents) exponents.items.push_back({method, slope});
    for (const auto& [method, why] : b.unfitted) unfitted.items.push_back({method, why});
    report.data("exponents", std::move(exponents));
    report.data("unfitted", std::move(unfitted));
    report.data("slopes", Facts{});
    for (const BenchSlope& s : b.slopes)
        report.data("slopes." + s.method,
                    Facts{"", {{"fastest", s.fastest}, {"cpu", s.cpu}, {"operations", s.operations}}});
}

// One line per point under a header, then "# memory_bandwidth", "# exponent" and "# blas" lines.
void add_csv(report::Report& report, const BenchReport& b) {
    report::Table lines{"",
                        {"method", "n", "d", "precision", "median_seconds", "working_bytes", "peak_rss_bytes",
                         "min_seconds", "cpu_seconds", "spread", "bytes_read", "gb_per_second"},
                        {}};
    for (const BenchRow& row : b.rows)
        lines.rows.push_back({row.method, static_cast<double>(row.n), static_cast<double>(row.d),
                              row.precision, row.median_seconds, static_cast<double>(row.working_bytes),
                              static_cast<double>(row.peak_rss_bytes), row.min_seconds, row.cpu_seconds,
                              row.spread, static_cast<double>(row.bytes_read), row.gb_per_second});
    report.csv("results", std::move(lines));
    if (b.copy_gb_per_second > 0)
        report.csv("memory_bandwidth",
                   report::Note{"memory_bandwidth," + report::value_text(b.copy_gb_per_second) + "," +
                                std::to_string(b.copy_buffer_bytes)});
    for (const auto& [method, slope] : b.exponents)
        report.csv("exponent", report::Note{"exponent," + method + "," + report::value_text(slope)});
    report.csv("blas", report::Note{"blas,\"" + b.blas + "\"," + std::to_string(b.blas_threads)});
}

}  // namespace

void add_bench_data(report::Report& report, const BenchReport& b) {
    add_settings_data(report, b);
    for (size_t i = 0; i < b.rows.size(); ++i)
        report.data("results." + std::to_string(i), row_facts(b.rows[i]));
    if (b.copy_gb_per_second > 0)
        report.data("memory_bandwidth", Facts{"",
                                              {{"gb_per_second", b.copy_gb_per_second},
                                               {"copy_bytes", b.copy_buffer_bytes},
                                               {"threads", b.blas_threads}}});
    add_fits_data(report, b);
    add_csv(report, b);
}

}  // namespace attn::course
