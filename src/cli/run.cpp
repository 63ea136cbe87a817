// attn run: compute attention on a sentence or on CSV matrices and show every stage.
#include <memory>

#include "cli/emit.hpp"
#include "cli/explain_option.hpp"
#include "cli/request_options.hpp"
#include "cli/subcommands.hpp"
#include "cli/variant_options.hpp"
#include "course/compare.hpp"
#include "course/data_blocks.hpp"
#include "course/data_layers.hpp"
#include "course/experiment.hpp"
#include "course/explain.hpp"
#include "course/mla.hpp"
#include "course/reports.hpp"
#include "course/stages.hpp"
#include "course/word_flag.hpp"
#include "inputs/input_error.hpp"
#include "math/stage_table.hpp"
#include "render/markdown_text.hpp"

namespace attn::cli {

namespace {

struct RunOptions {
    course::RunRequest request;
    std::string vocab = "apple";
    std::vector<std::string> compare;  // two or more sentences; the default with no other input
    std::vector<std::string> words;    // the word compared across them, and NAME=N,... words added
    std::vector<std::string> show;
    int precision = 4;
    std::optional<std::string> explain;  // "ROW,COL": indices or token names
    std::optional<arma::uword> head;     // which head to explain; default all
    bool show_code = false;              // each stage's lines of NumPy beside it
    render::Format format = render::Format::text;
};

void add_input_options(CLI::App* sub, RunOptions& o) {
    auto& r = o.request;
    add_self_attention_inputs(sub, r, o.vocab);
    sub->add_option("--compare", o.compare,
                    "Compare one word across these sentences (default: the vocabulary's example)");
    sub->add_option("--word", o.words,
                    "The word to compare across sentences (default: the vocabulary's focus word); "
                    "NAME=N,N,... adds a word for this command (repeat for more)");
    sub->add_option("--q", r.q_csv, "Q as CSV (L rows); with --k and --v instead of --x");
    sub->add_option("--k", r.k_csv, "K as CSV (S rows)");
    sub->add_option("--v", r.v_csv, "V as CSV (S rows)");
    sub->add_option("--key-labels", r.key_labels,
                    "Names of the key rows for --q/--k/--v, space- or comma-separated");
}

void add_shape_options(CLI::App* sub, RunOptions& o) {
    auto& r = o.request;
    add_head_options(sub, r);
    sub->add_option("--mask", r.masks,
                    "none, causal, padding (hides <pad> keys) or a CSV keep-matrix (1 = may attend); "
                    "repeat to combine with AND")
        ->take_all();
    sub->add_option("--show", o.show,
                    "Stages to show, comma-separated: " + math::stage_list(math::run_stages()))
        ->delimiter(',');
    sub->add_flag("--show-code", o.show_code,
                  "Show each stage's one or few lines of NumPy beside it (text, md, html; json: \"code\")");
    sub->add_option("--precision", o.precision, "Decimals in text output")
        ->capture_default_str()
        ->check(CLI::Range(0, 17));
    sub->add_option("--explain", o.explain,
                    "Explain one weight, ROW,COL as token names or 0-based indices, e.g. apple,ate");
    sub->add_option("--head", o.head,
                    "With --explain and several heads: which head (0-based); default every head");
    add_format_option(sub, o.format);
}

void run_single(const RunOptions& o, Context& ctx, const std::string& data_dir) {
    const course::Experiment e = course::run_experiment(o.request);
    course::check_stages_computed(e, o.show);
    // --explain is checked before any output, whatever the format.
    std::vector<course::HeadExplanation> explained;
    if (o.explain) explained = explain_heads(*o.explain, o.head, e);
    emit(ctx, o.format, o.precision, [&] {
        report::Report report =
            course::experiment_report(e, o.show, data_dir, explained, o.precision, o.show_code);
        course::add_experiment_data(report, e, o.show, o.show_code);
        // The JSON explains the weight in every head, whatever --head shows.
        if (o.explain) course::add_explain_data(report, e, explain_heads(*o.explain, std::nullopt, e));
        return report;
    });
}

void run_compare(const RunOptions& o, Context& ctx, const course::Vocabulary& vocab,
                 const std::string& data_dir) {
    const std::vector<std::string> sentences = o.compare.empty() ? vocab.example_sentences : o.compare;
    std::string word = vocab.focus_word;
    for (const std::string& w : o.words)
        if (!course::is_word_definition(w)) word = w;
    const course::FocusComparison c = course::compare_focus(o.request, sentences, word);
    for (const course::Experiment& e : c.runs) course::check_stages_computed(e, o.show);
    emit(ctx, o.format, o.precision, [&] {
        report::Report report = course::comparison_report(c, o.show, data_dir, o.precision);
        course::add_comparison_data(report, c, o.show);
        return report;
    });
}

// --mla: one sentence (the vocabulary's first example without one) or --x, through the MLA file's layer.
void run_mla(RunOptions& o, Context& ctx) {
    std::string data_dir;
    for (const std::string& w : o.words)
        if (!course::is_word_definition(w))
            throw course::InputError(
                "--word with --mla only adds words (NAME=N,...); there is no comparison");
    o.request.word_definitions = o.words;
    if (!o.request.x_csv) {
        o.request.data = ctx.data_layers();
        o.request.vocab_path = course::resolve_vocab(o.vocab, o.request.data);
        data_dir = o.request.data.layers.back().path;
        if (!o.request.sentence) {
            const course::Vocabulary vocab = course::load_vocabulary(o.request.vocab_path);
            if (vocab.example_sentences.empty())
                throw course::InputError(vocab.path + " has no example sentences; give one with --sentence");
            o.request.sentence = vocab.example_sentences.front();
        }
    }
    if (o.request.data.layers.empty()) o.request.data = ctx.data_layers();
    o.request.mla = course::resolve_mla(*o.request.mla, o.request.data);
    const course::MlaRun run = course::run_mla(o.request);
    emit(ctx, o.format, o.precision, [&] { return course::mla_run_report(run, data_dir); });
}

void run_run(RunOptions o, Context& ctx, const CLI::App& sub) {
    course::check_stage_names(o.show);
    check_variant_flags(o.request, sub);
    if (o.request.mla) return run_mla(o, ctx);
    const bool matrices = o.request.x_csv || o.request.q_csv || o.request.k_csv || o.request.v_csv;
    std::string data_dir;  // paths on screen are shown relative to the shipped data folder
    size_t focus_words = 0;
    for (const std::string& w : o.words)
        course::is_word_definition(w) ? o.request.word_definitions.push_back(w) : void(++focus_words);
    if (focus_words > 1)
        throw course::InputError(
            "--word names the one word to compare; give it once (NAME=N,... adds words)");
    // --x takes W_Q/W_K/W_V from the vocabulary's preset unless all three CSV files are given.
    const bool x_needs_vocab = o.request.x_csv &&
                               !(o.request.wq_csv && o.request.wk_csv && o.request.wv_csv) &&
                               o.request.weights.from_vocabulary();
    if (!matrices || x_needs_vocab) {
        o.request.data = ctx.data_layers();
        o.request.vocab_path = course::resolve_vocab(o.vocab, o.request.data);
        data_dir = o.request.data.layers.back().path;
    }
    if (o.request.sentence || matrices) {
        if (!o.compare.empty())
            throw course::InputError("--compare takes its own sentences; drop --sentence/--x/--q");
        return run_single(o, ctx, data_dir);
    }
    if (o.explain) throw course::InputError("--explain needs one sentence; add --sentence \"...\"");
    run_compare(o, ctx, course::load_vocabulary(o.request.vocab_path), data_dir);
}

}  // namespace

void setup_run(CLI::App& app, Context& ctx) {
    auto opts = std::make_shared<RunOptions>();
    CLI::App* sub = app.add_subcommand(
        "run", "Compute attention on a sentence or on your own matrices, every stage shown");
    sub->footer(
        "Examples:\n"
        "  attn run                                     'apple' in two sentences, compared\n"
        "  attn run -s \"I ate the apple\"                every stage for one sentence\n"
        "  attn run -s \"I ate the apple\" --show weights --explain apple,ate\n"
        "  attn run -s \"I love my apple phone\" --format json\n"
        "  attn run -s \"she ate a banana\" --heads 2 --mask causal\n"
        "  attn run --x X.csv --wq WQ.csv --wk WK.csv --wv WV.csv --heads 2 --mask causal --format json\n"
        "  attn run --x X.csv --weights preset          your X, the apple vocabulary's W_Q/W_K/W_V\n"
        "  attn run -s \"I ate the mango\" --word mango=1,0,0,0,1,0   a word added for one command\n"
        "  attn run --q Q.csv --k K.csv --v V.csv --mask keep.csv --format csv\n" +
        variant_examples("attn run") +
        "  attn run -s \"I ate the apple\" --show scores,weights --show-code   the NumPy beside them");
    add_input_options(sub, *opts);
    add_shape_options(sub, *opts);
    add_variant_options(sub, opts->request);
    sub->callback([opts, &ctx, sub]() { run_run(*opts, ctx, *sub); });
}

}  // namespace attn::cli
