#include "render/bench_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

#include "render/chart_text.hpp"
#include "render/export.hpp"
#include "render/matrix_text.hpp"

namespace attn::render {
namespace {

std::string settings_line(const course::BenchRequest& r) {
    return fmt::format("d = {}, {}, {}, local window {} keys, {} run{} after a warm-up", r.d, r.precision,
                       r.causal ? "causal mask" : "no mask", r.window, r.repeats, r.repeats == 1 ? "" : "s");
}

std::string results_table(const course::BenchReport& report, const Style& style) {
    const char* row_format = "{:<9} {:>7} {:>9} {:>9} {:>9} {:>6} {:>10} {:>10}\n";
    std::string out = fmt::format(row_format, "method", "n", "median", "fastest", "CPU", "spread", "working", "peak RSS");
    for (const auto& row : report.rows)
        out += fmt::format(row_format, row.method, row.n, format_seconds(row.median_seconds, style.unicode),
                           format_seconds(row.min_seconds, style.unicode), format_seconds(row.cpu_seconds, style.unicode),
                           fmt::format("{:.2f}x", row.spread), course::format_bytes(row.working_bytes),
                           course::format_bytes(row.peak_rss_bytes));
    return out;
}

// Decode reads the whole cache once per step: its speed is a bandwidth, set beside a plain copy's.
std::string decode_table(const course::BenchReport& report, const Style& style) {
    std::string out = fmt::format("\nDecode: one query against n cached keys and values (fastest run)\n"
                                  "{:>8} {:>12} {:>10} {:>10} {:>16}\n", "n", "cache read", "time", "GB/s", "copy / decode");
    for (const auto& row : report.rows)
        if (row.method == "decode")
            out += fmt::format("{:>8} {:>12} {:>10} {:>10.2f} {:>16}\n", row.n, course::format_bytes(row.bytes_read),
                               format_seconds(row.min_seconds, style.unicode), row.gb_per_second,
                               fmt::format("{:.2f}x", row.copy_ratio));
    out += wrap(fmt::format("Memory bandwidth in this run: {:.2f} GB/s, a plain copy of {} (bytes read + written, "
                            "fastest of the runs). copy / decode near 1: decode runs as fast as memory delivers the "
                            "cache.", report.copy_gb_per_second, course::format_bytes(report.copy_buffer_bytes)),
                style.width, 0) + "\n";
    return out;
}

// What each slope means, so that the numbers teach something.
std::string exponent_lines(const course::BenchReport& report, int width) {
    std::string out;
    for (const auto& [method, slope] : report.exponents) {
        const char* expected = method == "local"    ? "about 1: W keys per query"
                               : method == "linear" ? "about 1: a d x d summary of keys"
                               : method == "decode" ? "about 1: one query reads n cached rows"
                                                    : "about 2: every key for every query";
        out += wrap(fmt::format("  {:<10} time grows as n^{:.2f} (expected {})", method, slope, expected), width, 4) + "\n";
    }
    return out;
}

course::Chart time_chart(const course::BenchReport& report) {
    course::Chart chart{"fastest time against n (log-log)", "n (tokens)", "seconds", true, true, {}};
    for (const auto& method : report.request.methods) {
        std::vector<std::pair<double, double>> points;
        for (const auto& row : report.rows)
            if (row.method == method) points.emplace_back(static_cast<double>(row.n), row.min_seconds);
        chart.series.emplace_back(method, points);
    }
    return chart;
}

}  // namespace

std::string format_seconds(double seconds, bool unicode) {
    if (seconds >= 1.0) return fmt::format("{:.2f} s", seconds);
    if (seconds >= 1e-3) return fmt::format("{:.2f} ms", seconds * 1e3);
    return fmt::format("{:.1f} {}s", seconds * 1e6, unicode ? "µ" : "u");
}

std::string bench_text(const course::BenchReport& report, const Style& style) {
    const std::string header = wrap("attn bench: " + settings_line(report.request), style.width, 2);
    std::string out = bold(style, "attn bench") + header.substr(std::string("attn bench").size()) + "\n";
    out += fmt::format("BLAS: {}, {} thread{}; softmax exp: {}\n", report.blas, report.blas_threads,
                       report.blas_threads == 1 ? "" : "s", report.vectorised_exp ? "AVX2+FMA" : "scalar std::exp");
    // OpenBLAS picks its kernels by processor model; one it does not know falls back to Prescott's (SSE3).
    if (report.vectorised_exp && report.blas.find("Prescott") != std::string::npos)
        out += wrap("(this processor has AVX2 and FMA, but OpenBLAS fell back to its Prescott kernels: it does not "
                    "know the model. Every matrix product below runs at SSE3 speed; OPENBLAS_CORETYPE=Haswell "
                    "before the command picks the AVX2 kernels.)", style.width, 1) + "\n";
    out += "\n" + results_table(report, style);
    if (!report.peak_rss_per_point) out += "(peak RSS could not be reset between points: it is the peak so far)\n";
    out += wrap("(fastest: the least disturbed run; CPU: the process's CPU time, all threads; spread: slowest / "
                "fastest)", style.width, 1) + "\n";
    out += "\nOperations (FLOP: 2 per multiply-add) beside the fastest time, largest n:\n";
    for (const auto& method : report.request.methods) {
        const course::BenchRow* largest = nullptr;
        for (const auto& row : report.rows)
            if (row.method == method && (!largest || row.n > largest->n)) largest = &row;
        if (largest) {
            const std::string line = fmt::format("  {:<10} n = {:<6} {:>7} FLOP in {:>9}: {:.2f} GFLOP/s", method, largest->n,
                                                 compact_number(largest->operations),
                                                 format_seconds(largest->min_seconds, style.unicode), largest->gflop_per_second);
            // Aligned when it fits; wrapped (the columns given up) on a narrow screen.
            out += (display_width(line) <= static_cast<size_t>(style.width) ? line : wrap(line, style.width, 4)) + "\n";
        }
    }
    if (report.copy_gb_per_second > 0) out += decode_table(report, style);
    if (!report.exponents.empty())
        out += "\nGrowth of the fastest time with n (slope on log-log axes):\n" + exponent_lines(report, style.width);
    if (!report.slopes.empty()) {
        out += "\nSlopes of the fastest time, the CPU time and the count of operations:\n";
        for (const auto& s : report.slopes)
            out += fmt::format("  {:<10} time n^{:.2f}, CPU n^{:.2f}, operations n^{:.2f}\n", s.method, s.fastest, s.cpu,
                               s.operations);
    }
    for (const auto& [method, why] : report.unfitted)
        out += wrap(fmt::format("No growth exponent for {}: {}.", method, why), style.width, 2) + "\n";
    if (report.rows.size() > 1) out += "\n" + render_chart(time_chart(report), style);
    return out;
}

nlohmann::json bench_json(const course::BenchReport& report) {
    const auto& r = report.request;
    nlohmann::json doc;
    doc["blas"] = {{"name", report.blas}, {"threads", report.blas_threads}};
    doc["settings"] = {{"d", r.d}, {"precision", r.precision}, {"causal", r.causal}, {"window", r.window},
                       {"repeats", r.repeats}, {"methods", r.methods}, {"vectorised_exp", report.vectorised_exp}};
    doc["results"] = nlohmann::json::array();
    for (const auto& row : report.rows)
        doc["results"].push_back({{"method", row.method}, {"n", row.n}, {"d", row.d}, {"precision", row.precision},
                                  {"median_seconds", row.median_seconds}, {"min_seconds", row.min_seconds},
                                  {"cpu_seconds", row.cpu_seconds}, {"spread", row.spread},
                                  {"gflop_per_second", row.gflop_per_second},
                                  {"operations", static_cast<std::uint64_t>(row.operations)},
                                  {"working_bytes", row.working_bytes}, {"peak_rss_bytes", row.peak_rss_bytes}});
    for (size_t i = 0; i < report.rows.size(); ++i)
        if (report.rows[i].method == "decode") {
            doc["results"][i]["bytes_read"] = report.rows[i].bytes_read;
            doc["results"][i]["gb_per_second"] = report.rows[i].gb_per_second;
        }
    if (report.copy_gb_per_second > 0)
        doc["memory_bandwidth"] = {{"gb_per_second", report.copy_gb_per_second}, {"copy_bytes", report.copy_buffer_bytes}};
    doc["exponents"] = nlohmann::json::object();
    for (const auto& [method, slope] : report.exponents) doc["exponents"][method] = slope;
    doc["slopes"] = nlohmann::json::object();
    for (const auto& s : report.slopes)
        doc["slopes"][s.method] = {{"fastest", s.fastest}, {"cpu", s.cpu}, {"operations", s.operations}};
    doc["unfitted"] = nlohmann::json::object();
    for (const auto& [method, why] : report.unfitted) doc["unfitted"][method] = why;
    return doc;
}

std::string bench_csv(const course::BenchReport& report) {
    std::string out = "method,n,d,precision,median_seconds,working_bytes,peak_rss_bytes,min_seconds,cpu_seconds,spread,"
                      "bytes_read,gb_per_second\n";
    for (const auto& row : report.rows)
        out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{}\n", row.method, row.n, row.d, row.precision,
                           exact_number(row.median_seconds), row.working_bytes, row.peak_rss_bytes,
                           exact_number(row.min_seconds), exact_number(row.cpu_seconds), exact_number(row.spread),
                           row.bytes_read, exact_number(row.gb_per_second));
    if (report.copy_gb_per_second > 0)
        out += fmt::format("# memory_bandwidth,{},{}\n", exact_number(report.copy_gb_per_second), report.copy_buffer_bytes);
    for (const auto& [method, slope] : report.exponents) out += fmt::format("# exponent,{},{}\n", method, exact_number(slope));
    out += fmt::format("# blas,\"{}\",{}\n", report.blas, report.blas_threads);
    return out;
}

std::string progress_bar(std::size_t done, std::size_t total, const std::string& label, int width, bool unicode) {
    const std::string counter = fmt::format(" {}/{} ", done, total);
    const int bar = std::clamp(width / 3, 10, 40);
    const int filled = total == 0 ? bar : static_cast<int>(bar * done / total);
    std::string out = "[";
    for (int i = 0; i < bar; ++i) out += i < filled ? (unicode ? "█" : "#") : (unicode ? "·" : ".");
    out += "]" + counter;
    const int room = width - 1 - (bar + 2) - static_cast<int>(counter.size());
    if (room > 3) out += abbreviate(label, static_cast<size_t>(room), unicode);
    return out;
}

}  // namespace attn::render
