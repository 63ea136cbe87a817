// attn seq2seq: encoder–decoder attention on the toy translation pair or on CSV states.
#include "course/seq2seq.hpp"

#include <memory>

#include "cli/emit.hpp"
#include "cli/subcommands.hpp"
#include "course/data_blocks.hpp"
#include "course/data_layers.hpp"
#include "course/experiment.hpp"
#include "course/explain.hpp"
#include "course/reports.hpp"
#include "course/seq2seq_views.hpp"
#include "inputs/input_error.hpp"

namespace attn::cli {

namespace {

struct Seq2SeqOptions {
    course::Seq2SeqRequest request;
    std::vector<std::string> show;
    std::optional<std::string> explain;  // STEP: a 0-based index or a target word
    int precision = 3;
    render::Format format = render::Format::text;
};

void add_input_options(CLI::App* sub, Seq2SeqOptions& o) {
    auto& r = o.request;
    sub->add_option("--source", r.source, "Source sentence (toy vocabulary), or names of the --encoder rows");
    sub->add_option("--target", r.target,
                    "Its translation, read by the decoder; or names of the --decoder rows");
    sub->add_option("--encoder", r.encoder_csv, "Encoder states h̄_s as CSV: S rows, d_s columns");
    sub->add_option("--decoder", r.decoder_csv,
                    "Decoder states as CSV: T rows; row t is the query of step t (s_(t-1) for additive)");
    sub->add_option("--score", r.score, "dot, general, concat or additive (Bahdanau)")
        ->check(CLI::IsMember({"dot", "general", "concat", "additive"}))
        ->capture_default_str();
    sub->add_option("--wa", r.wa_csv,
                    "W_a as CSV: general (d_t, d_s); concat (d_a, d_t + d_s); additive (d_a, d_t)");
    sub->add_option("--ua", r.ua_csv, "U_a as CSV for additive: (d_a, d_s)");
    sub->add_option("--va", r.va_csv, "v_a as CSV for concat/additive: d_a numbers, one row or one column");
    sub->add_option("--wc", r.wc_csv, "W_c as CSV: (d_out, d_s + d_t), for h~_t = tanh(W_c [c_t; h_t])");
}

void add_attention_options(CLI::App* sub, Seq2SeqOptions& o) {
    auto& r = o.request;
    sub->add_option("--attention", r.attention, "global, local-m, local-p or hard")
        ->check(CLI::IsMember({"global", "local-m", "local-p", "hard"}))
        ->capture_default_str();
    sub->add_option("--window", r.window, "D: local attention looks at positions p_t-D..p_t+D")
        ->capture_default_str();
    sub->add_option("--wp", r.wp_csv, "W_p as CSV for local-p: (d_p, d_t)");
    sub->add_option("--vp", r.vp_csv, "v_p as CSV for local-p: d_p numbers, one row or one column");
    sub->add_option("--seed", r.seed, "Seed of hard attention's draws")->capture_default_str();
    sub->add_option("--samples", r.samples, "Draws per step for hard attention's average")
        ->capture_default_str();
    sub->add_option("--sizes", r.sizes, "Source lengths S for the cost table, comma-separated")
        ->delimiter(',');
    sub->add_option("--show", o.show,
                    "Sections: inputs,scores,local,alignment,contexts,attentional,hard,cost")
        ->delimiter(',');
    sub->add_option("--explain", o.explain,
                    "Recompute one decoder step by hand: its 0-based index or its target word");
    sub->add_option("--precision", o.precision, "Decimals in text output")
        ->capture_default_str()
        ->check(CLI::Range(0, 17));
    add_format_option(sub, o.format);
}

void run_seq2seq_command(Seq2SeqOptions o, Context& ctx) {
    course::check_seq2seq_sections(o.show);
    if (!o.request.encoder_csv && !o.request.decoder_csv) {
        const course::DataLayers data = ctx.data_layers();
        o.request.data_dir = data.layers.back().path;
        o.request.vocab_file = data.find("seq2seq/vocab.toml").value_or("");
        o.request.weights_file = data.find("seq2seq/weights.toml").value_or("");
    }
    const course::Seq2SeqRun run = course::run_seq2seq(o.request);
    std::optional<arma::uword> step;
    if (o.explain) step = course::find_token(run.target_labels, *o.explain, "--explain step");
    // --explain is computed before any output, whatever the format.
    std::optional<course::Seq2SeqStepDetail> detail;
    if (step) detail = course::explain_seq2seq_step(run, *step);
    emit(ctx, o.format, o.precision, [&] {
        report::Report report = course::seq2seq_report(run, o.show, o.request.data_dir, detail, o.precision);
        course::add_seq2seq_data(report, run);
        if (detail) course::add_seq2seq_explain_data(report, run, *detail);
        return report;
    });
}

}  // namespace

void setup_seq2seq(CLI::App& app, Context& ctx) {
    auto opts = std::make_shared<Seq2SeqOptions>();
    CLI::App* sub = app.add_subcommand(
        "seq2seq", "Encoder-decoder attention in translation: global, local (m/p) and hard");
    sub->footer(
        "Examples:\n"
        "  attn seq2seq                                    the toy pair, global attention, dot score\n"
        "  attn seq2seq --score general --show alignment --explain noir\n"
        "  attn seq2seq --source \"a white dog eats\" --attention local-p --window 1\n"
        "  attn seq2seq --attention hard --seed 7 --samples 10000 --show hard\n"
        "  attn seq2seq --encoder HS.csv --decoder HT.csv --score general --wa WA.csv --format json");
    add_input_options(sub, *opts);
    add_attention_options(sub, *opts);
    sub->callback([opts, &ctx]() { run_seq2seq_command(*opts, ctx); });
}

}  // namespace attn::cli
