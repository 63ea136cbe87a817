// attn scaling: why attention divides by √d_k, measured on random queries and keys.
#include "course/scaling.hpp"

#include <memory>

#include "cli/emit.hpp"
#include "cli/subcommands.hpp"
#include "course/reports.hpp"

namespace attn::cli {

namespace {

struct ScalingOptions {
    course::ScalingRequest request;
    int precision = 4;
    render::Format format = render::Format::text;
};

void run_scaling_command(const ScalingOptions& o, Context& ctx) {
    const course::ScalingReport report = course::run_scaling(o.request);
    emit(ctx, o.format, o.precision, [&] { return course::scaling_report(report); });
}

}  // namespace

void setup_scaling(CLI::App& app, Context& ctx) {
    auto opts = std::make_shared<ScalingOptions>();
    auto& r = opts->request;
    CLI::App* sub = app.add_subcommand(
        "scaling", "Why divide by sqrt(d_k): dot-product variance and softmax saturation, measured");
    sub->footer(
        "Random q and k with N(0, 1) entries. For each d_k: the variance of q·k (about d_k), and how peaked "
        "the\n"
        "softmax over the keys is (mean largest weight, mean entropy) without and with dividing by "
        "sqrt(d_k).\n"
        "The same seed always gives the same numbers.\n\n"
        "Examples:\n"
        "  attn scaling                                  d_k = 4, 64, 512, 10 keys, 500 queries\n"
        "  attn scaling --d-k 1,16,256 --keys 50\n"
        "  attn scaling --seed 7 --format json");
    sub->add_option("--d-k", r.d_ks, "Query/key sizes to measure, comma-separated")
        ->delimiter(',')
        ->capture_default_str();
    sub->add_option("--keys", r.keys, "Keys per query (N): the softmax is over N scores")
        ->capture_default_str();
    sub->add_option("--trials", r.trials, "Queries (rows) to average over")->capture_default_str();
    sub->add_option("--seed", r.seed, "Seed for the random numbers")->capture_default_str();
    sub->add_option("--precision", opts->precision, "Decimals in text output")
        ->capture_default_str()
        ->check(CLI::Range(0, 17));
    add_format_option(sub, opts->format);
    sub->callback([opts, &ctx]() { run_scaling_command(*opts, ctx); });
}

}  // namespace attn::cli
