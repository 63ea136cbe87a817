// attn softmax: one row of logits through the naive and the stable softmax, temperature and masking.
#include <algorithm>
#include <memory>

#include "cli/emit.hpp"
#include "cli/subcommands.hpp"
#include "course/reports.hpp"
#include "course/softmax_demo.hpp"
#include "inputs/input_error.hpp"

namespace attn::cli {

namespace {

struct SoftmaxOptions {
    course::SoftmaxRequest request;
    int precision = 4;
    render::Format format = render::Format::text;
    std::vector<std::string> show;    // parts of the text output; all when empty
    std::vector<std::string> labels;  // --labels, split at commas and spaces as every list flag is
};

void run_softmax_command(SoftmaxOptions& o, Context& ctx) {
    if (!o.labels.empty()) {
        std::string joined;
        for (const std::string& label : o.labels) joined += (joined.empty() ? "" : ",") + label;
        o.request.labels = joined;
    }
    const course::SoftmaxDemo demo = course::run_softmax_demo(o.request);
    if (std::find(o.show.begin(), o.show.end(), "mask") != o.show.end() && !demo.mask)
        throw course::InputError("--show mask needs a mask: add --mask, e.g. --mask 1,1,0");
    emit(ctx, o.format, o.precision, [&] { return course::softmax_report(demo, o.show, o.precision); });
}

}  // namespace

void setup_softmax(CLI::App& app, Context& ctx) {
    auto opts = std::make_shared<SoftmaxOptions>();
    auto& r = opts->request;
    CLI::App* sub = app.add_subcommand(
        "softmax", "Softmax step by step: naive overflow, the stable fix, temperature, masking");
    sub->footer(
        "Examples:\n"
        "  attn softmax --logits 2,1,0.1                       the weights, step by step\n"
        "  attn softmax --logits 1000,999,998                  naive exp overflows to inf; the stable one "
        "does not\n"
        "  attn softmax --logits 2,1,0.1 --temperature 0.5,1,2,10\n"
        "  attn softmax --logits 2,1,0.1 --mask 1,1,0          -inf against -1e9 for a blocked entry\n"
        "  attn softmax --logits 2,1,0.1 --show stable         only the logits and the stable softmax\n"
        "  attn softmax --logits 2,1 --mask 0,0                a fully masked row: nan against uniform\n"
        "  attn softmax --logits=-3,0,3 --format json");
    sub->add_option("--logits", r.logits, "The row of scores, comma-separated")->capture_default_str();
    sub->add_option("--temperature", r.temperatures, "Temperatures T > 0, comma-separated: softmax(z / T)")
        ->delimiter(',');
    sub->add_option("--mask", r.mask, "1 (may attend) or 0 (blocked) per logit, comma-separated, e.g. 1,1,0");
    sub->add_option("--labels", opts->labels,
                    "Names of the positions, comma- or space-separated, e.g. I,ate,the,apple")
        ->delimiter(',');
    sub->add_option("--show", opts->show,
                    "Parts to print, comma-separated: naive, stable, temperature, mask (default: all "
                    "four), or weights (the result only)")
        ->delimiter(',')
        ->check(CLI::IsMember({"naive", "stable", "temperature", "mask", "weights"}));
    sub->add_option("--precision", opts->precision, "Decimals in text output")
        ->capture_default_str()
        ->check(CLI::Range(0, 17));
    add_format_option(sub, opts->format, {render::Format::csv});
    sub->callback([opts, &ctx]() { run_softmax_command(*opts, ctx); });
}

}  // namespace attn::cli
