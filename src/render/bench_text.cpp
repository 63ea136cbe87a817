#include "render/bench_text.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "render/chart_text.hpp"
#include "render/export.hpp"
#include "render/matrix_text.hpp"

namespace attn::render {
namespace {

std::string settings_line(const course::BenchRequest& r) {
    return fmt::format("d = {}, {}, {}, local window {} keys, median of {} run{} after a warm-up", r.d, r.precision,
                       r.causal ? "causal mask" : "no mask", r.window, r.repeats, r.repeats == 1 ? "" : "s");
}

std::string results_table(const course::BenchReport& report, const Style& style) {
    std::string out = fmt::format("{:<10} {:>8} {:>11} {:>16} {:>14}\n", "method", "n", "median", "working memory", "peak RSS");
    for (const auto& row : report.rows)
        out += fmt::format("{:<10} {:>8} {:>11} {:>16} {:>14}\n", row.method, row.n, format_seconds(row.median_seconds, style.unicode),
                           course::format_bytes(row.working_bytes), course::format_bytes(row.peak_rss_bytes));
    return out;
}

// What each slope means, so that the numbers teach something.
std::string exponent_lines(const course::BenchReport& report) {
    std::string out;
    for (const auto& [method, slope] : report.exponents) {
        const char* expected = method == "local"    ? "about 1: W keys per query"
                               : method == "linear" ? "about 1: a d x d summary of keys"
                                                    : "about 2: every key for every query";
        out += fmt::format("  {:<10} time grows as n^{:.2f} (expected {})\n", method, slope, expected);
    }
    return out;
}

course::Chart time_chart(const course::BenchReport& report) {
    course::Chart chart{"median time against n (log-log)", "n (tokens)", "seconds", true, true, {}};
    for (const auto& method : report.request.methods) {
        std::vector<std::pair<double, double>> points;
        for (const auto& row : report.rows)
            if (row.method == method) points.emplace_back(static_cast<double>(row.n), row.median_seconds);
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
    out += "\n" + results_table(report, style);
    if (!report.peak_rss_per_point) out += "(peak RSS could not be reset between points: it is the peak so far)\n";
    if (!report.exponents.empty()) out += "\nGrowth of time with n (slope on log-log axes):\n" + exponent_lines(report);
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
                                  {"median_seconds", row.median_seconds}, {"working_bytes", row.working_bytes},
                                  {"peak_rss_bytes", row.peak_rss_bytes}});
    doc["exponents"] = nlohmann::json::object();
    for (const auto& [method, slope] : report.exponents) doc["exponents"][method] = slope;
    return doc;
}

std::string bench_csv(const course::BenchReport& report) {
    std::string out = "method,n,d,precision,median_seconds,working_bytes,peak_rss_bytes\n";
    for (const auto& row : report.rows)
        out += fmt::format("{},{},{},{},{},{},{}\n", row.method, row.n, row.d, row.precision, exact_number(row.median_seconds),
                           row.working_bytes, row.peak_rss_bytes);
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
