// `attn bench` results as text (a table, the fitted exponents and a log–log chart), JSON and CSV,
// and the progress bar shown on a terminal while it runs.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "course/bench.hpp"
#include "render/style.hpp"

namespace attn::render {

// Settings line, BLAS line, a table (method, n, median time, working memory, peak RSS), the growth
// exponents and a log–log chart of time against n.
std::string bench_text(const course::BenchReport& report, const Style& style);

// {"blas": {"name", "threads"}, "settings": {...}, "results": [{"method", "n", "d", "precision",
// "median_seconds", "working_bytes", "peak_rss_bytes"}], "exponents": {method: slope}}.
nlohmann::json bench_json(const course::BenchReport& report);

// Header "method,n,d,precision,median_seconds,working_bytes,peak_rss_bytes", one line per result,
// then "# exponent,METHOD,SLOPE" and "# blas,NAME,THREADS" comment lines.
std::string bench_csv(const course::BenchReport& report);

// "[#######.........]  7/15  full n = 4096" fitted to `width` columns (no newline).
std::string progress_bar(std::size_t done, std::size_t total, const std::string& label, int width, bool unicode);

// "1.23 ms", "45.6 µs" (or "us" in ASCII), "2.50 s".
std::string format_seconds(double seconds, bool unicode);

}  // namespace attn::render
