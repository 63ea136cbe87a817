// attn similarity: how alike the tokens are, as embeddings or after projecting to queries, keys, values.
#include "course/similarity.hpp"

#include <memory>

#include "cli/emit.hpp"
#include "cli/request_options.hpp"
#include "cli/subcommands.hpp"
#include "course/data_layers.hpp"
#include "course/reports.hpp"
#include "inputs/input_error.hpp"

namespace attn::cli {

namespace {

struct SimilarityOptions {
    course::SimilarityRequest request;
    WordInputs words;
    int precision = 3;
    render::Format format = render::Format::text;
};

void run_similarity(SimilarityOptions o, Context& ctx) {
    resolve_word_inputs(o.words, o.request.run, ctx.data_layers(), "the tokens to compare");
    const course::Similarity s = course::compute_similarity(o.request);
    emit(ctx, o.format, o.precision,
         [&] { return course::similarity_report(s, o.request.run.data.layers.back().path); });
}

void add_options(CLI::App* sub, SimilarityOptions& o) {
    auto& r = o.request;
    add_word_inputs(sub, o.words, r.run, "Compare",
                    "W_Q/W_K/W_V for q, k, v, qk: auto, preset, random, or a TOML file");
    sub->add_option("--space", r.space,
                    "x (embeddings), q, k or v (each projection against itself), qk (queries against keys)")
        ->check(CLI::IsMember(course::similarity_spaces()))
        ->capture_default_str();
    sub->add_option("--measure", r.measure, "cosine (direction only) or dot (what attention scores use)")
        ->check(CLI::IsMember({"cosine", "dot"}))
        ->capture_default_str();
    sub->add_option("--precision", o.precision, "Decimals in text output")
        ->capture_default_str()
        ->check(CLI::Range(0, 17));
    add_format_option(sub, o.format);
}

}  // namespace

void setup_similarity(CLI::App& app, Context& ctx) {
    auto opts = std::make_shared<SimilarityOptions>();
    CLI::App* sub = app.add_subcommand(
        "similarity", "Token x token similarity of embeddings, or of their queries, keys and values");
    sub->footer(
        "Examples:\n"
        "  attn similarity --words apple,banana,phone,ate        cosine of the embeddings\n"
        "  attn similarity -s \"I ate the apple\" --measure dot\n"
        "  attn similarity -s \"I ate the apple\" --space qk --measure dot    what attention scores (Q·Kᵀ)\n"
        "  attn similarity -s \"I ate the apple\" --space k                   keys against keys\n"
        "  attn similarity --words apple,phone --space qk --weights random --seed 7 --format json");
    add_options(sub, *opts);
    sub->callback([opts, &ctx]() { run_similarity(*opts, ctx); });
}

}  // namespace attn::cli
