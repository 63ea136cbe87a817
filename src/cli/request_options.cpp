#include "cli/request_options.hpp"

#include "course/data_layers.hpp"
#include "inputs/input_error.hpp"

namespace attn::cli {

void add_self_attention_inputs(CLI::App* sub, course::RunRequest& r, std::string& vocab) {
    sub->add_option("-s,--sentence", r.sentence, "Sentence to attend over, e.g. \"I love my apple phone\"");
    sub->add_option("--vocab", vocab, "Vocabulary: a TOML file, or a name in the data folder")
        ->capture_default_str();
    sub->add_option("--weights", r.weights,
                    "W_Q/W_K/W_V: auto (preset if the vocabulary has one), preset, random, or a TOML file")
        ->capture_default_str();
    sub->add_option("--d-k", r.d_k, "Query/key size per head for random weights (default d_model / heads)");
    sub->add_option("--seed", r.seed,
                    "Seed for random weights (default 42; giving one picks random weights)");
    sub->add_option("--x", r.x_csv, "X as CSV: one row per token, one column per embedding dimension");
    sub->add_option("--wq", r.wq_csv, "W_Q as CSV (d_model rows, heads*d_k columns)");
    sub->add_option("--wk", r.wk_csv, "W_K as CSV (d_model rows, kv-heads*d_k columns)");
    sub->add_option("--wv", r.wv_csv, "W_V as CSV (d_model rows, kv-heads*d_v columns)");
    sub->add_option("--wo", r.wo_csv, "W_O as CSV (heads*d_v rows); default identity with several heads");
    sub->add_option("--labels", r.labels, "Names of the CSV rows (tokens), space- or comma-separated");
}

void add_head_options(CLI::App* sub, course::RunRequest& r) {
    sub->add_option("--heads", r.heads, "Number of query heads; head i uses columns [i*d_k, (i+1)*d_k)")
        ->capture_default_str()
        ->check(CLI::Range(arma::uword(1), course::kMaxHeads));
    sub->add_option("--kv-heads", r.kv_heads,
                    "Key/value heads shared by the query heads (grouped-query attention); "
                    "must divide --heads; 1 = multi-query (default: --heads)");
}

std::string sentence_or_words(const std::optional<std::string>& sentence,
                              const std::vector<std::string>& words, const std::string& what) {
    if (sentence && !words.empty()) throw course::InputError("give either --sentence or --words, not both");
    if (!sentence && words.empty())
        throw course::InputError("give " + what +
                                 ": --sentence \"I ate the apple\" or --words apple,banana,phone");
    if (sentence) return *sentence;
    std::string out;
    for (const std::string& w : words) out += (out.empty() ? "" : " ") + w;
    return out;
}

void add_word_inputs(CLI::App* sub, WordInputs& in, course::RunRequest& run, const std::string& verb,
                     const std::string& weights_help) {
    sub->add_option("-s,--sentence", in.sentence, verb + " the tokens of this sentence");
    sub->add_option("--words", in.words, verb + " these words, comma-separated")->delimiter(',');
    sub->add_option("--vocab", in.vocab, "Vocabulary: a TOML file, or a name in the data folder")
        ->capture_default_str();
    sub->add_option("--weights", run.weights, weights_help)->capture_default_str();
    sub->add_option("--seed", run.seed, "Seed for random weights (giving one picks random weights)");
    sub->add_option("--word", run.word_definitions,
                    "NAME=N,N,...: add a word for this command (repeat for more)");
}

void resolve_word_inputs(const WordInputs& in, course::RunRequest& run, const course::DataLayers& data,
                         const std::string& what) {
    run.sentence = sentence_or_words(in.sentence, in.words, what);
    run.data = data;
    run.vocab_path = course::resolve_vocab(in.vocab, run.data);
}

}  // namespace attn::cli
