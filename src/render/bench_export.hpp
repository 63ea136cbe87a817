// `attn bench` results as JSON and CSV (docs/commands.md "attn bench"), and the progress bar shown on a
// terminal while it runs. Its text is course::bench_report through the one text writer.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "course/bench.hpp"

namespace attn::render {

// {"blas": {"name", "threads"}, "settings": {...}, "results": [{"method", "n", "d", "precision",
// "median_seconds", "working_bytes", "peak_rss_bytes"}], "exponents": {method: slope}}.
nlohmann::json bench_json(const course::BenchReport& report);

// Header "method,n,d,precision,median_seconds,working_bytes,peak_rss_bytes", one line per result,
// then "# exponent,METHOD,SLOPE" and "# blas,NAME,THREADS" comment lines.
std::string bench_csv(const course::BenchReport& report);

// "[#######.........]  7/15  full n = 4096" fitted to `width` columns (no newline).
std::string progress_bar(std::size_t done, std::size_t total, const std::string& label, int width,
                         bool unicode);

}  // namespace attn::render
