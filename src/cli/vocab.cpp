// attn vocab: the toy vocabulary's embedding table, rows = words, columns = named dimensions.
#include <memory>

#include "cli/emit.hpp"
#include "cli/subcommands.hpp"
#include "course/data_layers.hpp"
#include "course/reports.hpp"
#include "course/vocab_table.hpp"
#include "course/word_flag.hpp"
#include "inputs/input_error.hpp"

namespace attn::cli {

namespace {

struct VocabOptions {
    std::string vocab = "apple";
    std::vector<std::string> words;  // empty = every word
    std::vector<std::string> added;  // --word NAME=N,N,...
    int precision = 2;
    render::Format format = render::Format::text;
};

void run_vocab(const VocabOptions& o, Context& ctx) {
    const course::DataLayers data = ctx.data_layers();
    course::Vocabulary vocab = course::load_vocabulary(course::resolve_vocab(o.vocab, data));
    course::add_word_definitions(vocab, o.added);
    const course::VocabTable table = course::vocab_table(vocab, o.words);
    emit(ctx, o.format, o.precision, [&] { return course::vocab_report(table, data.layers.back().path); });
}

}  // namespace

void setup_vocab(CLI::App& app, Context& ctx) {
    auto opts = std::make_shared<VocabOptions>();
    CLI::App* sub =
        app.add_subcommand("vocab", "Show a vocabulary: its named dimensions and every word's embedding");
    sub->footer(
        "Examples:\n"
        "  attn vocab                                   every word of the apple vocabulary\n"
        "  attn vocab --words apple,banana,phone        just these rows\n"
        "  attn vocab --format json                     dimensions, words and embeddings as JSON\n"
        "  attn vocab --vocab my-vocab.toml             your own vocabulary file");
    sub->add_option("--vocab", opts->vocab, "Vocabulary: a TOML file, or a name in the data folder")
        ->capture_default_str();
    sub->add_option("--words", opts->words, "Only these words, comma-separated, in this order")
        ->delimiter(',');
    sub->add_option("--word", opts->added, "NAME=N,N,...: add a word for this command (repeat for more)");
    sub->add_option("--precision", opts->precision, "Decimals in text output")
        ->capture_default_str()
        ->check(CLI::Range(0, 17));
    add_format_option(sub, opts->format);
    sub->callback([opts, &ctx]() { run_vocab(*opts, ctx); });
}

}  // namespace attn::cli
