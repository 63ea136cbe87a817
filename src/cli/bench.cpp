// attn bench: time full, local and streaming attention for growing n and show how the cost grows.
#include "course/bench.hpp"

#include <unistd.h>

#include <iostream>
#include <memory>

#include "cli/emit.hpp"
#include "cli/subcommands.hpp"
#include "course/bench_memory.hpp"
#include "course/reports.hpp"
#include "inputs/input_error.hpp"
#include "math/bench_blas.hpp"
#include "render/progress_bar.hpp"

namespace attn::cli {
namespace {

struct BenchOptions {
    course::BenchRequest request;
    std::optional<int> threads;
    render::Format format = render::Format::text;
};

void add_bench_options(CLI::App* sub, BenchOptions& o) {
    auto& r = o.request;
    sub->add_option("--sizes", r.sizes,
                    "Numbers of tokens n, comma-separated (default 256,512,1024,2048,4096)")
        ->delimiter(',');
    sub->add_option("--d", r.d, "Size of each query, key and value vector")->capture_default_str();
    sub->add_option("--dtype", r.precision, "Number type of the timed runs: float or double")
        ->check(CLI::IsMember({"float", "double"}))
        ->capture_default_str();
    // Its old name: everywhere else --precision is a count of decimals, so bench's is now --dtype.
    sub->add_option("--precision", r.precision, "Old name of --dtype (still accepted)")
        ->check(CLI::IsMember({"float", "double"}));
    sub->add_option("--methods", r.methods,
                    "Comma-separated: full (n x n weights), local (window), streaming (online "
                    "softmax), linear (phi = elu + 1, O(n d^2)), gemm (the two matrix products "
                    "alone), decode (one query, n cached rows)")
        ->delimiter(',')
        ->check(CLI::IsMember({"full", "local", "streaming", "linear", "gemm", "decode"}));
    sub->add_option("--window", r.window, "Keys each query sees in local attention")->capture_default_str();
    sub->add_flag("--causal", r.causal, "Each token attends only to itself and earlier tokens");
    sub->add_option("--repeats", r.repeats, "Timed runs per point (median, fastest and spread are shown)")
        ->capture_default_str();
    sub->add_option("--threads", o.threads, "BLAS threads (default: OPENBLAS_NUM_THREADS or all cores)")
        ->check(CLI::Range(1, 256));
    add_format_option(sub, o.format);
}

// A progress bar on stderr, redrawn in place, only when stderr is a terminal.
course::BenchProgress progress_on_terminal(const Context& ctx) {
    if (!isatty(STDERR_FILENO)) return nullptr;
    const render::Style style = ctx.style(4);
    return [style](std::size_t done, std::size_t total, const std::string& label) {
        if (done == total)
            std::cerr << "\r" << std::string(static_cast<size_t>(style.width - 1), ' ') << "\r" << std::flush;
        else
            std::cerr << "\r" << render::progress_bar(done, total, label, style.width, style.unicode)
                      << "\033[K" << std::flush;
    };
}

void run_bench_command(const BenchOptions& o, Context& ctx) {
    const auto available = course::available_memory_bytes();
    course::check_bench_request(o.request, available ? *available : static_cast<std::size_t>(-1));
    if (o.threads) math::set_blas_threads(*o.threads);
    const course::BenchReport report = course::run_bench(o.request, progress_on_terminal(ctx));
    emit(ctx, o.format, 4, [&] { return course::bench_report(report); });
}

}  // namespace

void setup_bench(CLI::App& app, Context& ctx) {
    auto opts = std::make_shared<BenchOptions>();
    CLI::App* sub = app.add_subcommand(
        "bench", "Time full, local and streaming attention as n grows: the cost of attention");
    sub->footer(
        "Examples:\n"
        "  attn bench                                   the default doubling series, a few seconds\n"
        "  attn bench --sizes 1024,2048,4096 --dtype float\n"
        "  attn bench --methods streaming --sizes 32768 --repeats 1   memory stays O(n)\n"
        "  attn bench --methods local --window 64 --causal\n"
        "  attn bench --methods decode --sizes 65536,262144 --d 128   decode against memory bandwidth\n"
        "  attn bench --methods full,linear --sizes 512,1024,2048,4096   linear grows like n\n"
        "  attn bench --format json > bench.json");
    add_bench_options(sub, *opts);
    sub->callback([opts, &ctx]() { run_bench_command(*opts, ctx); });
}

}  // namespace attn::cli
