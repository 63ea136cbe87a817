#include "render/bench_export.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

#include "render/export.hpp"
#include "render/matrix_text.hpp"  // abbreviate

namespace attn::render {
nlohmann::json bench_json(const course::BenchReport& report) {
    const auto& r = report.request;
    nlohmann::json doc;
    doc["blas"] = {{"name", report.blas}, {"threads", report.blas_threads}};
    doc["streaming_kernel"] = report.streaming_kernel;
    doc["fma_peak"] = {{"gflop_per_second_one_core", report.peak_gflop_one_core},
                       {"gflop_per_second", report.peak_gflop_threads},
                       {"threads", report.blas_threads},
                       {"precision", r.precision}};
    doc["settings"] = {{"d", r.d},
                       {"precision", r.precision},
                       {"causal", r.causal},
                       {"window", r.window},
                       {"repeats", r.repeats},
                       {"methods", r.methods},
                       {"vectorised_exp", report.vectorised_exp}};
    doc["results"] = nlohmann::json::array();
    for (const auto& row : report.rows)
        doc["results"].push_back({{"method", row.method},
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
                                  {"peak_rss_bytes", row.peak_rss_bytes}});
    for (size_t i = 0; i < report.rows.size(); ++i)
        if (report.rows[i].method == "decode") {
            doc["results"][i]["bytes_read"] = report.rows[i].bytes_read;
            doc["results"][i]["gb_per_second"] = report.rows[i].gb_per_second;
            doc["results"][i]["percent_of_bandwidth"] = report.rows[i].percent_of_bandwidth;
        }
    if (report.copy_gb_per_second > 0)
        doc["memory_bandwidth"] = {{"gb_per_second", report.copy_gb_per_second},
                                   {"copy_bytes", report.copy_buffer_bytes},
                                   {"threads", report.blas_threads}};
    doc["scaling"] = nlohmann::json::array();
    for (const auto& s : report.scaling)
        doc["scaling"].push_back({{"threads", s.threads},
                                  {"min_seconds", s.min_seconds},
                                  {"speedup", s.speedup},
                                  {"efficiency", s.efficiency}});
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
    std::string out =
        "method,n,d,precision,median_seconds,working_bytes,peak_rss_bytes,min_seconds,cpu_seconds,spread,"
        "bytes_read,gb_per_second\n";
    for (const auto& row : report.rows)
        out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{}\n", row.method, row.n, row.d, row.precision,
                           exact_number(row.median_seconds), row.working_bytes, row.peak_rss_bytes,
                           exact_number(row.min_seconds), exact_number(row.cpu_seconds),
                           exact_number(row.spread), row.bytes_read, exact_number(row.gb_per_second));
    if (report.copy_gb_per_second > 0)
        out += fmt::format("# memory_bandwidth,{},{}\n", exact_number(report.copy_gb_per_second),
                           report.copy_buffer_bytes);
    for (const auto& [method, slope] : report.exponents)
        out += fmt::format("# exponent,{},{}\n", method, exact_number(slope));
    out += fmt::format("# blas,\"{}\",{}\n", report.blas, report.blas_threads);
    return out;
}

std::string progress_bar(std::size_t done, std::size_t total, const std::string& label, int width,
                         bool unicode) {
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
