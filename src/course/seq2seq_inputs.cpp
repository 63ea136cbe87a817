#include "course/seq2seq_inputs.hpp"

#include <filesystem>

#include "course/labels.hpp"
#include "inputs/csv_matrix.hpp"
#include "inputs/input_error.hpp"
#include "inputs/seq2seq_model.hpp"
#include "inputs/vocabulary.hpp"

namespace attn::course {

namespace {

// The words of --source/--target as labels for n CSV rows, or s0, s1, … when not given.
std::vector<std::string> row_labels(const std::optional<std::string>& words, const std::string& flag,
                                    arma::uword n, const std::string& file_flag, const std::string& prefix) {
    if (!words) return numbered_labels(prefix, n);
    std::vector<std::string> tokens = tokenize(*words);
    if (tokens.size() != n)
        throw InputError(flag + " has " + std::to_string(tokens.size()) + " words but " + file_flag +
                         " has " + std::to_string(n) + " rows; give one word per row, or leave " + flag +
                         " out");
    return tokens;
}

void check_networks(const Seq2SeqWeights& w, arma::uword d_e) {
    try {
        math::check_recurrent(w.encoder, d_e, "encoder");
        math::check_recurrent(w.decoder, d_e, "decoder");
    } catch (const std::invalid_argument& e) {
        throw InputError(w.path + ": " + e.what());
    }
    if (w.decoder.w_h.n_rows != w.encoder.w_h.n_rows)
        throw InputError(w.path +
                         ": the decoder starts from the encoder's last state, so both need the same number "
                         "of hidden units (" +
                         std::to_string(w.encoder.w_h.n_rows) + " vs " +
                         std::to_string(w.decoder.w_h.n_rows) + ")");
    if (w.hidden.size() != w.encoder.w_h.n_rows)
        throw InputError(w.path + ": 'hidden' names " + std::to_string(w.hidden.size()) +
                         " units but the networks have " + std::to_string(w.encoder.w_h.n_rows));
}

std::string choose_target(const Seq2SeqRequest& r, const Seq2SeqVocab& vocab, const std::string& source) {
    if (r.target) return *r.target;
    if (!r.source) return vocab.pairs.front().second;
    const std::string paired = paired_target(vocab, source);
    if (paired.empty())
        throw InputError("--source \"" + source + "\" is not one of the pairs in " + vocab.path +
                         "; give its translation with --target \"...\" (the decoder reads it word by word)");
    return paired;
}

// The toy's weights for the chosen score become the run's; W_p/v_p and W_c always come along.
void take_toy_weights(const Seq2SeqWeights& w, Seq2SeqRun& run) {
    const math::ScoreKind s = run.config.score;
    if (s == math::ScoreKind::general) run.config.weights = w.general;
    if (s == math::ScoreKind::concat) run.config.weights = w.concat;
    if (s == math::ScoreKind::additive) run.config.weights = w.additive;
    run.config.position = w.position;
    run.config.wc = w.wc;
    run.attentional_units = w.attentional;
    run.weights_note = w.path;
}

}  // namespace

void load_toy_inputs(const Seq2SeqRequest& r, Seq2SeqRun& run) {
    const std::filesystem::path dir = std::filesystem::path(r.data_dir) / "seq2seq";
    const Seq2SeqVocab vocab =
        load_seq2seq_vocab(r.vocab_file.empty() ? (dir / "vocab.toml").string() : r.vocab_file);
    const Seq2SeqWeights w =
        load_seq2seq_weights(r.weights_file.empty() ? (dir / "weights.toml").string() : r.weights_file);
    check_networks(w, vocab.dimensions.size());
    const std::string source = r.source ? *r.source : vocab.pairs.front().first;
    const std::string target = choose_target(r, vocab, source);
    run.source_labels = tokenize(source);
    run.target_labels = tokenize(target);
    // The decoder is fed <s> then every target word but the last: it needs at least one word.
    if (run.source_labels.empty())
        throw InputError("--source \"" + source + "\" has no words; give a sentence to translate");
    if (run.target_labels.empty())
        throw InputError("--target \"" + target +
                         "\" has no words; give the translation the decoder reads, word by word");
    const arma::mat x = embed_words(vocab.source, run.source_labels, "--source", vocab.path);  // (S, d_e)
    std::vector<std::string> fed = {vocab.start};  // teacher forcing: <s>, y_0, …, y_(T−2)
    fed.insert(fed.end(), run.target_labels.begin(), run.target_labels.end() - 1);
    const arma::mat y = embed_words(vocab.target, fed, "--target", vocab.path);  // (T, d_e)
    run.encoder = math::recurrent_states(x, w.encoder, arma::rowvec(w.encoder.w_h.n_rows, arma::fill::zeros));
    const arma::rowvec initial = run.encoder.row(run.encoder.n_rows - 1);
    run.states = math::recurrent_states(y, w.decoder, initial);
    run.queries = run.states;
    run.query_note = "h_t, the decoder state at step t";
    if (run.config.score == math::ScoreKind::additive) {
        run.queries = arma::join_cols(arma::mat(initial), run.states);  // [s_(−1); h_0; …; h_(T−1)]
        run.queries.shed_row(run.queries.n_rows - 1);                   // step t uses row t = s_(t−1)
        run.query_note = "s_(t-1), the PREVIOUS decoder state (the encoder's last state at t = 0)";
    }
    run.encoder_units = run.decoder_units = w.hidden;
    take_toy_weights(w, run);
    run.toy = true;
    run.inputs_note = "\"" + source + "\" -> \"" + target + "\" (" + vocab.path + ")";
}

void load_matrix_inputs(const Seq2SeqRequest& r, Seq2SeqRun& run) {
    if (!r.encoder_csv || !r.decoder_csv)
        throw InputError(std::string(r.encoder_csv ? "--encoder" : "--decoder") + " needs " +
                         (r.encoder_csv ? "--decoder" : "--encoder") +
                         " too: the encoder states h̄_s (S rows) and the decoder states h_t (T rows)");
    run.encoder = load_matrix_csv(*r.encoder_csv);
    run.states = load_matrix_csv(*r.decoder_csv);
    run.queries = run.states;
    run.source_labels =
        row_labels(r.source, "--source", run.encoder.n_rows, "--encoder " + *r.encoder_csv, "s");
    run.target_labels =
        row_labels(r.target, "--target", run.states.n_rows, "--decoder " + *r.decoder_csv, "t");
    run.encoder_units = numbered_labels("d", run.encoder.n_cols);
    run.decoder_units = numbered_labels("d", run.states.n_cols);
    run.query_note = run.config.score == math::ScoreKind::additive ? "row t of --decoder, taken as s_(t-1)"
                                                                   : "row t of --decoder";
    run.inputs_note = "--encoder " + *r.encoder_csv + ", --decoder " + *r.decoder_csv;
}

}  // namespace attn::course
