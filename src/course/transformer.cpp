#include "course/transformer.hpp"

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "inputs/csv_matrix.hpp"
#include "inputs/input_error.hpp"
#include "inputs/limits.hpp"
#include "inputs/transformer_weights.hpp"
#include "inputs/vocabulary.hpp"
#include "math/positional.hpp"
#include "math/random.hpp"
#include "math/shapes.hpp"

namespace attn::course {

namespace {

std::vector<std::string> row_names(const std::optional<std::string>& given, arma::uword n) {
    std::vector<std::string> names;
    if (given) {
        std::string words = *given;  // spaces or commas, as every list flag takes them
        std::replace(words.begin(), words.end(), ',', ' ');
        std::istringstream in(words);
        for (std::string w; in >> w;) names.push_back(w);
        if (names.size() != n)
            throw InputError("--labels names " + std::to_string(names.size()) + " tokens but X has " +
                             std::to_string(n) + " rows; give exactly one name per row");
        return names;
    }
    for (arma::uword i = 0; i < n; ++i) names.push_back("t" + std::to_string(i));
    return names;
}

// Fills tokens, dimensions, embeddings and the inputs note from the sentence or the CSV file.
void load_inputs(const TransformerRequest& r, TransformerRun& run) {
    if (r.x_csv) {
        if (r.sentence) throw InputError("give either --sentence or --x, not both");
        run.embeddings = load_matrix_csv(*r.x_csv);
        run.tokens = row_names(r.labels, run.embeddings.n_rows);
        run.inputs_note = "X from " + *r.x_csv;
        return;
    }
    if (r.labels) throw InputError("--labels names the rows of --x; a sentence names its own tokens");
    const Vocabulary vocab = load_vocabulary(r.vocab_path);
    if (!r.sentence && vocab.example_sentences.empty())
        throw InputError(vocab.path + " has no example sentence; give one with --sentence \"...\"");
    const std::string sentence = r.sentence ? *r.sentence : vocab.example_sentences.front();
    run.tokens = tokenize(sentence);
    run.embeddings = embed(vocab, run.tokens);
    run.dimensions = vocab.dimensions;
    run.inputs_note = "sentence \"" + sentence + "\" with vocabulary " + vocab.path;
}

std::string resolve_weights_file(const std::string& given, const std::string& data_dir) {
    std::error_code fs_error;  // a path too long, or a loop of links, counts as missing (no exception)
    if (std::filesystem::is_regular_file(given, fs_error)) return given;
    const std::filesystem::path in_data = std::filesystem::path(data_dir) / given;
    if (!data_dir.empty() && std::filesystem::is_regular_file(in_data, fs_error)) return in_data.string();
    throw InputError("--weights " + given + ": no such file (looked here and in the data folder " + data_dir +
                     "); give a weights TOML like transformer/encoder.toml, or 'random'");
}

arma::uword default_heads(arma::uword d_model) { return d_model % 2 == 0 ? 2 : 1; }

math::EncoderWeights choose_weights(const TransformerRequest& r, TransformerRun& run) {
    const arma::uword d_model = run.embeddings.n_cols;
    if (r.weights == "random") {
        run.d_ff = r.d_ff ? *r.d_ff : 2 * d_model;
        run.config.heads = r.heads ? *r.heads : default_heads(d_model);
        if (d_model % run.config.heads != 0)
            throw InputError(
                "d_model " + std::to_string(d_model) + " (the columns of X) is not divisible by " +
                std::to_string(run.config.heads) +
                " heads, so random weights cannot give each head the same d_k; choose --heads dividing " +
                std::to_string(d_model));
        const std::uint64_t seed = r.seed ? *r.seed : kDefaultSeed;
        run.weights_note = "random, seed " + std::to_string(seed) +
                           " (initialised like PyTorch: each W uniform in +-1/sqrt(fan_in), "
                           "attention biases 0, layer norm gamma = 1, beta = 0)";
        return random_encoder_weights(d_model, run.d_ff, seed);
    }
    if (r.seed) throw InputError("--seed chooses random weights; drop it, or use --weights random");
    if (r.d_ff)
        throw InputError("--d-ff sizes random weights; with --weights " + r.weights +
                         " the file's W_1 fixes d_ff");
    const std::string path = resolve_weights_file(r.weights, r.data_dir);
    const EncoderFile file = load_encoder_toml(path);
    run.d_ff = file.weights.ffn.w1.n_cols;
    run.config.heads = r.heads ? *r.heads : file.heads ? *file.heads : 1;
    if (file.activation) run.config.activation = *file.activation;
    if (file.norm) run.config.norm = *file.norm;
    if (file.eps) run.config.eps = *file.eps;
    run.weights_note = "from " + path;
    return file.weights;
}

void check_sizes(const TransformerRequest& r) {
    if (r.heads && (*r.heads < 1 || *r.heads > kMaxHeads))
        throw InputError("--heads " + std::to_string(*r.heads) + " is out of range; use 1 to " +
                         std::to_string(kMaxHeads));
    if (r.d_ff && (*r.d_ff < 1 || *r.d_ff > kMaxDff))
        throw InputError("--d-ff " + std::to_string(*r.d_ff) + " is out of range; use 1 to " +
                         std::to_string(kMaxDff));
}

arma::mat block_input(const TransformerRun& run, const arma::mat& embeddings) {
    if (!run.positions) return embeddings;
    arma::mat with_positions =
        embeddings + *run.positions;  // (n, d_model): position i's encoding goes to row i
    return with_positions;
}

PermutationCheck permuted_run(const TransformerRun& run, const math::EncoderWeights& w,
                              const std::string& spec) {
    PermutationCheck p;
    p.order = parse_order(spec, run.tokens.size());
    for (arma::uword i : p.order) p.tokens.push_back(run.tokens[i]);
    // Reorder the words, then add positions: position 0's encoding goes to whichever word is first now.
    p.trace =
        math::encoder_block(block_input(run, math::permute_rows(run.embeddings, p.order)), w, run.config);
    p.expected = math::permute_rows(run.trace.output, p.order);
    p.difference = p.trace.output - p.expected;
    p.max_abs_difference = p.difference.is_empty() ? 0.0 : arma::abs(p.difference).max();
    return p;
}

math::ProjectionWeights decoder_weights(arma::uword d_model, std::uint64_t seed) {
    math::ProjectionWeights w;
    w.wq = math::seeded_projection(d_model, d_model, seed);
    w.wk = math::seeded_projection(d_model, d_model, seed + 1);
    w.wv = math::seeded_projection(d_model, d_model, seed + 2);
    w.wo = math::seeded_projection(d_model, d_model, seed + 3);
    return w;
}

DecoderRun decoder_run(const TransformerRequest& r, const TransformerRun& run) {
    if (r.x_csv)
        throw InputError(
            "--decoder takes a target sentence of the vocabulary; use it with --sentence, not --x");
    DecoderRun d;
    d.tokens = tokenize(*r.decoder);
    if (d.tokens.empty())
        throw InputError("--decoder \"" + *r.decoder +
                         "\" has no words; give the target sentence the decoder reads");
    arma::mat target = embed(load_vocabulary(r.vocab_path), d.tokens);  // (T, d_model)
    if (run.positions) target += math::sinusoidal_encoding(target.n_rows, target.n_cols);
    const std::uint64_t seed = (r.seed ? *r.seed : kDefaultSeed) + 100;  // its own weights, not the encoder's
    d.trace = math::decoder_sketch(target, run.trace.output, decoder_weights(target.n_cols, seed),
                                   decoder_weights(target.n_cols, seed + 10), run.config.heads);
    return d;
}

}  // namespace

Experiment decoder_experiment(const TransformerRun& run, bool cross) {
    Experiment e;
    e.query_labels = run.decoder->tokens;
    e.key_labels = cross ? run.tokens : run.decoder->tokens;
    e.trace = cross ? run.decoder->trace.cross : run.decoder->trace.masked_self;
    return e;
}

std::vector<arma::uword> parse_order(const std::string& spec, arma::uword n) {
    std::vector<arma::uword> order;
    if (spec == "reverse") {
        for (arma::uword i = n; i-- > 0;) order.push_back(i);
        return order;
    }
    std::stringstream in(spec);
    for (std::string item; std::getline(in, item, ',');) {
        const bool digits =
            !item.empty() && item.size() < 9 && item.find_first_not_of("0123456789") == std::string::npos;
        if (!digits)
            throw InputError("--permute " + spec + ": '" + item +
                             "' is not an index; write 'reverse' or indices like 3,1,0,2");
        order.push_back(std::stoul(item));
    }
    std::vector<bool> seen(n, false);
    bool is_permutation = order.size() == n;
    for (arma::uword i : order) {
        is_permutation = is_permutation && i < n && !seen[i];
        if (is_permutation) seen[i] = true;
    }
    if (!is_permutation)
        throw InputError("--permute " + spec + " must list each index 0.." + std::to_string(n - 1) +
                         " exactly once (" + std::to_string(n) + " tokens), e.g. 'reverse'");
    return order;
}

TransformerRun run_transformer(const TransformerRequest& r) {
    check_sizes(r);
    TransformerRun run;
    load_inputs(r, run);
    try {
        const math::EncoderWeights w = choose_weights(r, run);
        check_score_cells(run.config.heads, run.embeddings.n_rows, run.embeddings.n_rows);
        if (r.activation) run.config.activation = parse_activation(*r.activation, "--activation");
        if (r.norm) run.config.norm = parse_norm(*r.norm, "--norm");
        run.norm_name = math::norm_name(run.config.norm);
        run.activation_name = math::activation_name(run.config.activation);
        if (r.positional)
            run.positions = math::sinusoidal_encoding(run.embeddings.n_rows, run.embeddings.n_cols);
        run.trace = math::encoder_block(block_input(run, run.embeddings), w, run.config);
        if (r.permute) run.permutation = permuted_run(run, w, *r.permute);
        if (r.decoder) run.decoder = decoder_run(r, run);
    } catch (const std::invalid_argument& shape_error) {
        throw InputError(std::string(shape_error.what()) + " (inputs: " + run.inputs_note +
                         "; weights: " + (run.weights_note.empty() ? r.weights : run.weights_note) + ")");
    }
    return run;
}

Experiment attention_experiment(const TransformerRun& run) {
    Experiment e;
    e.query_labels = run.tokens;
    e.key_labels = run.tokens;
    e.inputs_note = run.inputs_note;
    e.weights_note = run.weights_note;
    e.trace = run.trace.attention;
    return e;
}

}  // namespace attn::course
