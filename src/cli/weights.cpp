// attn weights: the preset (or a file's) W_Q, W_K, W_V, to read or to write out as CSV or TOML files to edit.
#include <memory>

#include "cli/emit.hpp"
#include "cli/subcommands.hpp"
#include "course/data_layers.hpp"
#include "course/reports.hpp"
#include "course/weights_view.hpp"
#include "inputs/input_error.hpp"
#include "render/export.hpp"

namespace attn::cli {

namespace {

struct WeightsOptions {
    std::string vocab = "apple";
    std::string weights = "preset";
    std::optional<std::string> matrix;  // wq | wk | wv | wo; default all (CSV needs one)
    int precision = 2;
    std::string format = "text";
};

void run_weights(const WeightsOptions& o, Context& ctx) {
    const course::DataLayers data = ctx.data_layers();
    const course::WeightsView view =
        course::weights_view(course::resolve_vocab(o.vocab, data), o.weights, data);
    if (o.format == "csv" && !o.matrix)
        throw course::InputError(
            "a CSV file holds one matrix: add --matrix wq (or wk, wv), e.g. "
            "attn weights --format csv --matrix wk > WK.csv");
    std::vector<size_t> chosen;
    for (size_t i = 0; i < view.keys.size(); ++i)
        if (!o.matrix || *o.matrix == view.keys[i]) chosen.push_back(i);
    if (chosen.empty())
        throw course::InputError("--matrix " + *o.matrix + ": " + view.source + " has no W_O");
    // TOML is not a view of a report but a file to edit and read back (attn run --weights FILE).
    if (o.format == "toml") {
        std::vector<std::pair<std::string, arma::mat>> matrices;
        for (size_t i : chosen) matrices.push_back({"w_" + view.keys[i].substr(1), view.matrices[i].values});
        ctx.out = course::weights_toml_text("W_Q, W_K, W_V from " + view.source +
                                                "\nEdit any number, then: attn run --weights THIS_FILE "
                                                "--sentence \"I ate the apple\"",
                                            matrices);
        return;
    }
    emit(ctx, render::format_names().at(o.format), o.precision,
         [&] { return course::weights_report(view, chosen, data.layers.back().path); });
}

}  // namespace

void setup_weights(CLI::App& app, Context& ctx) {
    auto opts = std::make_shared<WeightsOptions>();
    CLI::App* sub = app.add_subcommand(
        "weights", "Show the projection weights W_Q, W_K, W_V, or write them as CSV/TOML to edit");
    sub->footer(
        "Examples:\n"
        "  attn weights                                 the apple vocabulary's preset W_Q, W_K, W_V\n"
        "  attn weights --format csv --matrix wk > WK.csv     then: attn run -s \"I ate the apple\" --wk "
        "WK.csv\n"
        "  attn weights --format toml > mine.toml           then: attn run -s \"I ate the apple\" --weights "
        "mine.toml\n"
        "  attn vocab --words i,ate,the,apple --format csv > X.csv\n"
        "  attn run --x X.csv --weights preset --labels \"I ate the apple\"");
    sub->add_option("--vocab", opts->vocab, "Vocabulary whose preset weights to show: a TOML file or a name")
        ->capture_default_str();
    sub->add_option("--weights", opts->weights, "preset, or a weights TOML file")->capture_default_str();
    sub->add_option("--matrix", opts->matrix, "Only this matrix: wq, wk, wv or wo")
        ->check(CLI::IsMember({"wq", "wk", "wv", "wo"}));
    sub->add_option("--precision", opts->precision, "Decimals in text output")
        ->capture_default_str()
        ->check(CLI::Range(0, 17));
    std::vector<std::string> formats = {"toml"};  // every report format, and TOML: a file to edit
    for (const auto& [name, format] : render::format_names()) formats.push_back(name);
    sub->add_option("--format", opts->format,
                    "text, csv (one --matrix), toml (a file to edit), json, md, svg or html")
        ->check(CLI::IsMember(formats, CLI::ignore_case))
        ->capture_default_str();
    sub->callback([opts, &ctx]() { run_weights(*opts, ctx); });
}

}  // namespace attn::cli
