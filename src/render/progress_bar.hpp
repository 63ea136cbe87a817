// The progress bar `attn bench` shows on a terminal while it runs (its results are course::bench_report,
// written by the report writers).
#pragma once
#include <cstddef>
#include <string>

namespace attn::render {

// "[#######.........]  7/15  full n = 4096" fitted to `width` columns (no newline).
std::string progress_bar(std::size_t done, std::size_t total, const std::string& label, int width,
                         bool unicode);

}  // namespace attn::render
