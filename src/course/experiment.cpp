#include "course/experiment.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <sstream>

#include "course/word_flag.hpp"
#include "inputs/csv_matrix.hpp"
#include "inputs/input_error.hpp"
#include "inputs/limits.hpp"
#include "inputs/weights_file.hpp"
#include "math/kv_sharing.hpp"
#include "math/random.hpp"
#include "math/shapes.hpp"

namespace attn::course {

namespace {

std::vector<std::string> split_words(const std::string& text) {
    std::istringstream in(text);
    std::vector<std::string> words;
    for (std::string w; in >> w;) words.push_back(w);
    return words;
}

std::vector<std::string> default_labels(const std::string& prefix, arma::uword n) {
    std::vector<std::string> labels;
    for (arma::uword i = 0; i < n; ++i) labels.push_back(prefix + std::to_string(i));
    return labels;
}

std::vector<std::string> labels_for(const std::optional<std::string>& given, const std::string& flag,
                                    const std::string& prefix, arma::uword n) {
    if (!given) return default_labels(prefix, n);
    // Spaces or commas, as every list flag takes them ("I ate the apple" or I,ate,the,apple).
    std::string words = *given;
    std::replace(words.begin(), words.end(), ',', ' ');
    std::vector<std::string> labels = split_words(words);
    if (labels.size() != n)
        throw InputError(flag + " names " + std::to_string(labels.size()) + " tokens but the matrix has " +
                         std::to_string(n) + " rows; give exactly one name per row");
    return labels;
}

std::string describe_inputs(const RunRequest& r) {
    if (r.sentence) return "the sentence and " + r.vocab_path + ", weights " + r.weights.text();
    std::string files;
    for (const auto& f : {r.x_csv, r.wq_csv, r.wk_csv, r.wv_csv, r.wo_csv, r.q_csv, r.k_csv, r.v_csv})
        if (f) files += (files.empty() ? "" : ", ") + *f;
    return files;
}

}  // namespace

arma::uword kv_heads_of(const RunRequest& r) { return r.kv_heads ? *r.kv_heads : r.heads; }

namespace {

void check_sizes(const RunRequest& r) {
    if (r.heads < 1 || r.heads > kMaxHeads)
        throw InputError("--heads " + std::to_string(r.heads) + " is out of range; use 1 to " +
                         std::to_string(kMaxHeads));
    if (r.d_k && (*r.d_k < 1 || *r.d_k > kMaxDk))
        throw InputError("--d-k " + std::to_string(*r.d_k) + " is out of range; use 1 to " +
                         std::to_string(kMaxDk));
    // Random weights are (d_model, heads·d_k): bound them before they are allocated.
    if (r.d_k && r.heads * *r.d_k > kMaxMatrixSide)
        throw InputError("--heads " + std::to_string(r.heads) + " x --d-k " + std::to_string(*r.d_k) + " = " +
                         std::to_string(r.heads * *r.d_k) + " columns per weight matrix; at most " +
                         std::to_string(kMaxMatrixSide) + ": use fewer heads or a smaller --d-k");
    const arma::uword g = r.kv_heads ? *r.kv_heads : r.heads;
    if (g < 1 || g > r.heads || r.heads % g != 0) {
        std::string divisors;
        for (arma::uword d = 1; d <= r.heads; ++d)
            if (r.heads % d == 0) divisors += (divisors.empty() ? "" : ", ") + std::to_string(d);
        throw InputError(
            "--kv-heads " + std::to_string(g) + " does not fit --heads " + std::to_string(r.heads) +
            ": the query heads share the key/value heads in equal groups, so --kv-heads must divide "
            "--heads; choose one of " +
            divisors);
    }
}

// Multi-head W_K and W_V turned into g shared key/value heads by mean-pooling each group (Ainslie et al.
// 2023), so that --kv-heads changes only the sharing, not the weights a learner compares against.
void share_kv_heads(math::ProjectionWeights& w, const RunRequest& r, std::string& note) {
    const arma::uword g = kv_heads_of(r);
    if (g == r.heads || w.wk.n_cols != w.wq.n_cols) return;  // a weights file may already hold g heads
    w.wk = math::mean_pool_heads(w.wk, r.heads, g);
    w.wv = math::mean_pool_heads(w.wv, r.heads, g);
    note += "; " + std::to_string(r.heads) + " query heads share " + std::to_string(g) + " key/value head" +
            (g > 1 ? "s" : "") + " (W_K, W_V mean-pooled per group)";
}

// A 0/1 keep-matrix from CSV, checked for shape and for values other than 0 and 1.
arma::umat load_keep_csv(const std::string& path, arma::uword n_queries, arma::uword n_keys) {
    const arma::mat m = load_matrix_csv(path);
    if (m.n_rows != n_queries || m.n_cols != n_keys)
        throw InputError(path + ": the mask is " + math::shape_of(m) + " but the scores are (" +
                         std::to_string(n_queries) + ", " + std::to_string(n_keys) +
                         "); write one row per query and one column per key");
    for (arma::uword r = 0; r < m.n_rows; ++r)
        for (arma::uword c = 0; c < m.n_cols; ++c)
            if (m(r, c) != 0.0 && m(r, c) != 1.0)
                throw InputError(path + ": row " + std::to_string(r) + ", column " + std::to_string(c) +
                                 " is " + std::to_string(m(r, c)) +
                                 "; a mask holds 1 (may attend) or 0 (blocked)");
    arma::umat keep = arma::conv_to<arma::umat>::from(m);
    return keep;
}

// `query_labels` name the rows (the queries), `key_labels` the columns; they differ in cross-attention.
std::optional<arma::umat> build_keep(const std::vector<MaskChoice>& masks,
                                     const std::vector<std::string>& query_labels,
                                     const std::vector<std::string>& key_labels, arma::uword n_queries,
                                     const std::string& pad_token) {
    using Kind = MaskChoice::Kind;
    std::optional<arma::umat> keep;
    for (const MaskChoice& mask : masks) {
        arma::umat next;
        if (mask.kind == Kind::none) continue;
        if (mask.kind == Kind::causal) {
            next = math::causal_keep(n_queries, key_labels.size());
        } else if (mask.kind == Kind::padding) {
            std::vector<bool> is_pad;
            for (const std::string& label : key_labels) is_pad.push_back(lower(label) == lower(pad_token));
            next = math::padding_keep(n_queries, is_pad);
        } else {
            next = load_keep_csv(mask.path, n_queries, key_labels.size());
        }
        keep = keep ? math::combine_keep(*keep, next) : next;
    }
    for (arma::uword row = 0; keep && row < keep->n_rows; ++row)
        if (arma::accu(keep->row(row)) == 0)
            throw InputError("query " + std::to_string(row) + " ('" +
                             (row < query_labels.size() ? query_labels[row] : "?") +
                             "') may attend to no key under this mask, so its softmax would be 0/0; "
                             "allow at least one key in that row");
    return keep;
}

}  // namespace

// The variant's fit to d_k is checked in math (variant_misfit); here it gains how to get a d_k that fits.
void check_variant_fits(const RunRequest& r, arma::uword qk_columns) {
    if (r.heads == 0 || qk_columns % r.heads != 0) return;  // the math reports bad splits
    const arma::uword d_k = qk_columns / r.heads;
    const math::Variant v = variant_of(r);
    if (v.sink_logits && v.sink_logits->n_elem != r.heads)
        throw InputError("--sink-logits " + *r.sink_logits + ": " + std::to_string(v.sink_logits->n_elem) +
                         " numbers for " + std::to_string(r.heads) +
                         " query heads; give one row of one learned sink logit per query head (--heads)");
    const std::string misfit = math::variant_misfit(v, d_k);
    if (misfit.empty()) return;
    const std::string fit = std::to_string(math::fitting_d_k(v, d_k));
    throw InputError(misfit + " with these weights; use random weights with --d-k " + fit +
                     ", or weights with " + fit + " columns per head");
}

// The one reading of --mask's text: a name, else a CSV file.
MaskChoice::MaskChoice(const std::string& text) {
    const std::array<std::pair<const char*, Kind>, 3> names{
        {{"none", Kind::none}, {"causal", Kind::causal}, {"padding", Kind::padding}}};
    kind = Kind::file;
    for (const auto& [name, named] : names)
        if (text == name) kind = named;
    if (kind == Kind::file) path = text;
}

// The one reading of --weights' text: a choice, else a TOML file.
WeightsChoice::WeightsChoice(const std::string& text) {
    const std::array<std::pair<const char*, Kind>, 3> names{
        {{"auto", Kind::automatic}, {"preset", Kind::preset}, {"random", Kind::random}}};
    kind = Kind::file;
    for (const auto& [name, named] : names)
        if (text == name) kind = named;
    if (kind == Kind::file) path = text;
}

std::string WeightsChoice::text() const {
    switch (kind) {
        case Kind::automatic:
            return "auto";
        case Kind::preset:
            return "preset";
        case Kind::random:
            return "random";
        default:
            return path;
    }
}

std::ostream& operator<<(std::ostream& out, const WeightsChoice& w) { return out << w.text(); }

math::Variant variant_of(const RunRequest& r) {
    bool causal = false, other_masks = false;
    for (const MaskChoice& m : r.masks) {
        causal = causal || m.kind == MaskChoice::Kind::causal;
        other_masks = other_masks || m.kind == MaskChoice::Kind::padding || m.kind == MaskChoice::Kind::file;
    }
    return variant_with_files(r, causal, other_masks);
}

namespace {
// A QK-norm weight file: one row of numbers, one per dimension of a head.
arma::rowvec norm_weight(const std::string& path, const char* flag) {
    const arma::mat m = load_matrix_csv(path);
    if (m.n_rows != 1)
        throw InputError(std::string(flag) + " " + path + ": " + std::to_string(m.n_rows) +
                         " rows; a QK-norm weight is one row of d_k numbers (one per dimension of a head)");
    return m.row(0);
}

// A learned-sink file: one row of finite numbers, one logit per query head.
arma::rowvec sink_logits(const std::string& path) {
    const arma::mat m = load_matrix_csv(path);
    if (m.n_rows != 1)
        throw InputError("--sink-logits " + path + ": " + std::to_string(m.n_rows) +
                         " rows; learned sinks are one row of H numbers, one logit per query head");
    return m.row(0);
}
}  // namespace

math::Variant variant_with_files(const math::VariantFlags& flags, bool causal, bool other_masks) {
    math::Variant v;
    try {
        v = math::make_variant(flags, causal, other_masks);
    } catch (const std::invalid_argument& e) {
        throw InputError(e.what());
    }
    if ((flags.q_norm_weight || flags.k_norm_weight) && !v.qk_norm)
        throw InputError("--q-norm-weight and --k-norm-weight set up QK-norm; add --qk-norm");
    if (flags.sink_logits) v.sink_logits = sink_logits(*flags.sink_logits);
    if (flags.wg) v.output_gate = load_matrix_csv(*flags.wg);  // its shape is checked against X and W_V
    if (flags.q_norm_weight) v.qk_norm->q_weight = norm_weight(*flags.q_norm_weight, "--q-norm-weight");
    if (flags.k_norm_weight) v.qk_norm->k_weight = norm_weight(*flags.k_norm_weight, "--k-norm-weight");
    return v;
}

// The request's variant with its key/value heads (grouped-query attention).
static math::Variant variant_with_kv(const RunRequest& r) {
    math::Variant v = variant_of(r);
    v.kv_heads = kv_heads_of(r);
    return v;
}

arma::uword find_token(const std::vector<std::string>& labels, const std::string& token,
                       const std::string& what) {
    for (arma::uword i = 0; i < labels.size(); ++i)
        if (lower(labels[i]) == lower(token)) return i;
    // At most 9 digits, so that stoull cannot overflow; no sentence is that long anyway.
    const bool numeric =
        !token.empty() && token.size() <= 9 && token.find_first_not_of("0123456789") == std::string::npos;
    if (numeric && std::stoull(token) < labels.size()) return std::stoull(token);
    std::string listed;
    for (arma::uword i = 0; i < labels.size(); ++i)
        listed += (i ? ", " : "") + std::to_string(i) + "=" + labels[i];
    throw InputError(what + " '" + token + "' is neither a token nor an index here; choose from " + listed);
}

namespace {

// --wq/--wk/--wv/--wo CSV files replace those matrices of the chosen weights (the rest stay).
void replace_from_csv(const RunRequest& r, math::ProjectionWeights& w, std::string& note) {
    std::string replaced;
    if (r.wq_csv) w.wq = load_matrix_csv(*r.wq_csv), replaced += ", W_Q from " + *r.wq_csv;
    if (r.wk_csv) w.wk = load_matrix_csv(*r.wk_csv), replaced += ", W_K from " + *r.wk_csv;
    if (r.wv_csv) w.wv = load_matrix_csv(*r.wv_csv), replaced += ", W_V from " + *r.wv_csv;
    if (r.wo_csv) w.wo = load_matrix_csv(*r.wo_csv), replaced += ", W_O from " + *r.wo_csv;
    note += replaced;
}

// `qk_names`: the file's names of the columns of W_Q and W_K, when the weights come from a file.
math::ProjectionWeights choose_base_weights(const RunRequest& r, const Vocabulary& vocab, std::string& note,
                                            std::vector<std::string>& qk_names) {
    const arma::uword d_model = vocab.dimensions.size();
    using Kind = WeightsChoice::Kind;
    if (r.weights.kind == Kind::file) {
        note = "weights from " + r.weights.path;
        qk_names = load_qk_column_names(r.weights.path);
        return load_weights_toml(r.weights.path);
    }
    if (r.weights.kind == Kind::preset && !vocab.preset_weights)
        throw InputError(vocab.path +
                         ": this vocabulary has no preset_weights; use --weights random or a weights file");
    if (r.weights.kind != Kind::random && vocab.preset_weights) {
        const std::string preset = r.data.fall_through(*vocab.preset_weights);
        math::ProjectionWeights w = load_weights_toml(preset);
        const bool fits = !r.d_k && !r.seed && w.wq.n_cols % r.heads == 0 && w.wv.n_cols % r.heads == 0;
        if (fits || r.weights.kind == Kind::preset) {
            note = "preset weights from " + preset;
            qk_names = load_qk_column_names(preset);
            if (r.heads > 1 && !w.wo) {
                w.wo = arma::eye(w.wv.n_cols, w.wv.n_cols);  // keeps the output in the named dimensions
                note += " (W_O = identity, so outputs keep the named dimensions)";
            }
            return w;
        }
    }
    if (!r.d_k && d_model % r.heads != 0)
        throw InputError("d_model " + std::to_string(d_model) +
                         " (the vocabulary's dimensions) is not divisible by " + std::to_string(r.heads) +
                         " heads; choose --heads dividing " + std::to_string(d_model) + " or give --d-k");
    const arma::uword d_k = r.d_k ? *r.d_k : d_model / r.heads;
    const std::uint64_t seed = r.seed ? *r.seed : kDefaultSeed;
    math::ProjectionWeights w;
    // Different seeds per matrix so that W_Q and W_K are not equal (which would make Q·Kᵀ symmetric).
    w.wq = math::seeded_projection(d_model, r.heads * d_k, seed);
    w.wk = math::seeded_projection(d_model, r.heads * d_k, seed + 1);
    w.wv = math::seeded_projection(d_model, r.heads * d_k, seed + 2);
    if (r.heads > 1) w.wo = math::seeded_projection(r.heads * d_k, d_model, seed + 3);
    note = "random weights, seed " + std::to_string(seed) + ", d_k = " + std::to_string(d_k);
    return w;
}

// Chooses W_Q/W_K/W_V: a weights file, or the vocabulary's preset when it fits, else seeded random.
math::ProjectionWeights choose_weights(const RunRequest& r, const Vocabulary& vocab, std::string& note,
                                       std::vector<std::string>& qk_names) {
    math::ProjectionWeights w = choose_base_weights(r, vocab, note, qk_names);
    if (r.wq_csv || r.wk_csv) qk_names.clear();  // the names belong to the file's W_Q and W_K
    replace_from_csv(r, w, note);
    if (qk_names.size() != w.wq.n_cols || qk_names.size() != w.wk.n_cols) qk_names.clear();
    return w;
}

SelfAttentionInputs sentence_inputs(const RunRequest& r) {
    Vocabulary vocab = load_vocabulary(r.vocab_path);
    add_word_definitions(vocab, r.word_definitions);
    SelfAttentionInputs in;
    in.labels = tokenize(*r.sentence);
    in.dimensions = vocab.dimensions;
    in.pad_token = vocab.pad_token;
    in.x = embed(vocab, in.labels);  // (n, d_model)
    in.inputs_note = "sentence \"" + *r.sentence + "\" with vocabulary " + vocab.path;
    math::ProjectionWeights w = choose_weights(r, vocab, in.weights_note, in.qk_dimensions);
    share_kv_heads(w, r, in.weights_note);
    // Identity W_V (and W_O) keep the named dimensions, so the outputs can be read by name.
    const arma::uword d = in.x.n_cols;
    const bool named =
        w.wv.is_square() && w.wv.n_rows == d && arma::approx_equal(w.wv, arma::eye(d, d), "absdiff", 0.0) &&
        (!w.wo || (w.wo->is_square() &&
                   arma::approx_equal(*w.wo, arma::eye(w.wo->n_rows, w.wo->n_rows), "absdiff", 0.0)));
    if (named) in.value_dimensions = vocab.dimensions;
    in.weights = std::move(w);
    return in;
}

// X from CSV with W_Q/W_K/W_V from --weights (the vocabulary's preset, a TOML file, random) where
// no --wq/--wk/--wv CSV gives them.
math::ProjectionWeights weights_for_x(const RunRequest& r, const arma::mat& x, SelfAttentionInputs& e) {
    if (r.wq_csv && r.wk_csv && r.wv_csv) {
        math::ProjectionWeights w{
            load_matrix_csv(*r.wq_csv), load_matrix_csv(*r.wk_csv), load_matrix_csv(*r.wv_csv), {}};
        e.weights_note = "weights from " + *r.wq_csv + ", " + *r.wk_csv + ", " + *r.wv_csv;
        if (r.wo_csv) w.wo = load_matrix_csv(*r.wo_csv), e.weights_note += ", " + *r.wo_csv;
        return w;
    }
    const bool from_vocab = r.weights.from_vocabulary();
    if (from_vocab && r.vocab_path.empty())
        throw InputError(
            "--x needs weights: --wq, --wk and --wv (one CSV each), or --weights preset|random|FILE.toml");
    Vocabulary vocab;
    if (!r.vocab_path.empty()) vocab = load_vocabulary(r.vocab_path);
    if (r.weights.kind == WeightsChoice::Kind::preset && vocab.dimensions.size() != x.n_cols)
        throw InputError(*r.x_csv + " has " + std::to_string(x.n_cols) +
                         " columns but the preset weights of " + vocab.path + " expect " +
                         std::to_string(vocab.dimensions.size()) +
                         " (one per dimension); fix X or use --weights random");
    if (vocab.dimensions.size() == x.n_cols)
        e.dimensions = vocab.dimensions;
    else if (from_vocab)
        vocab.preset_weights.reset();       // the vocabulary's preset cannot fit this X
    vocab.dimensions.resize(x.n_cols, "");  // random weights take d_model from X
    if (vocab.path.empty()) vocab.path = *r.x_csv;
    return choose_weights(r, vocab, e.weights_note, e.qk_dimensions);
}

SelfAttentionInputs projection_inputs(const RunRequest& r) {
    SelfAttentionInputs in;
    in.x = load_matrix_csv(*r.x_csv);  // (n_tokens, d_model)
    in.labels = labels_for(r.labels, "--labels", "t", in.x.n_rows);
    in.pad_token = "<pad>";
    math::ProjectionWeights w = weights_for_x(r, in.x, in);
    share_kv_heads(w, r, in.weights_note);
    const arma::uword concat_cols = w.wv.n_cols / kv_heads_of(r) * r.heads;  // h·d_v
    if (!w.wo && r.heads > 1) {
        w.wo = arma::eye(concat_cols, concat_cols);
        in.weights_note += " (no --wo: W_O = identity)";
    }
    in.inputs_note = "X from " + *r.x_csv;
    in.weights = std::move(w);
    return in;
}

Experiment self_attention_experiment(const RunRequest& r) {
    SelfAttentionInputs in = load_self_attention_inputs(r);
    Experiment e;
    e.query_labels = in.labels;
    e.key_labels = in.labels;
    e.dimensions = in.dimensions;
    e.value_dimensions = in.value_dimensions;
    e.qk_dimensions = in.qk_dimensions;
    e.inputs_note = in.inputs_note;
    e.weights_note = in.weights_note;
    const std::optional<arma::umat> keep =
        build_keep(r.masks, e.query_labels, e.key_labels, in.x.n_rows, in.pad_token);
    check_score_cells(r.heads, in.x.n_rows, in.x.n_rows);
    check_variant_fits(r, in.weights.wq.n_cols);
    e.trace = math::self_attention(in.x, in.weights, r.heads, keep, variant_with_kv(r));
    e.projection = std::move(in.weights);
    return e;
}

Experiment qkv_experiment(const RunRequest& r) {
    if (!r.q_csv || !r.k_csv || !r.v_csv)
        throw InputError("--q, --k and --v go together; give all three CSV files");
    Experiment e;
    const arma::mat q = load_matrix_csv(*r.q_csv), k = load_matrix_csv(*r.k_csv),
                    v = load_matrix_csv(*r.v_csv);
    e.query_labels = labels_for(r.labels, "--labels", "q", q.n_rows);
    e.key_labels = labels_for(r.key_labels, "--key-labels", "k", k.n_rows);
    std::optional<arma::mat> wo;
    if (r.wo_csv)
        wo = load_matrix_csv(*r.wo_csv);
    else if (r.heads > 1)
        wo = arma::eye(v.n_cols / kv_heads_of(r) * r.heads, v.n_cols / kv_heads_of(r) * r.heads);
    e.inputs_note = "Q, K, V from " + *r.q_csv + ", " + *r.k_csv + ", " + *r.v_csv;
    e.weights_note = r.wo_csv ? "W_O from " + *r.wo_csv : (r.heads > 1 ? "no --wo: W_O = identity" : "");
    const std::optional<arma::umat> keep =
        build_keep(r.masks, e.query_labels, e.key_labels, q.n_rows, "<pad>");
    check_score_cells(r.heads, q.n_rows, k.n_rows);
    check_variant_fits(r, q.n_cols);
    e.trace = math::attention_from_qkv(q, k, v, r.heads, keep, wo, variant_with_kv(r));
    return e;
}

}  // namespace

SelfAttentionInputs load_self_attention_inputs(const RunRequest& r) {
    check_sizes(r);
    if (r.sentence) return sentence_inputs(r);
    if (!r.x_csv)
        throw InputError("give a sentence (--sentence) or X with its weights (--x, --wq, --wk, --wv)");
    return projection_inputs(r);
}

Experiment run_experiment(const RunRequest& request) {
    check_sizes(request);
    variant_of(request);  // flags that do not go together fail before any file is read
    const int modes = (request.sentence ? 1 : 0) + (request.x_csv ? 1 : 0) +
                      (request.q_csv || request.k_csv || request.v_csv ? 1 : 0);
    if (modes != 1)
        throw InputError("give exactly one input: --sentence, or --x with --wq/--wk/--wv, or --q/--k/--v");
    try {
        if (request.sentence || request.x_csv) return self_attention_experiment(request);
        return qkv_experiment(request);
    } catch (const std::invalid_argument& shape_error) {
        // The math names the shapes; say where the inputs came from so the learner knows what to fix.
        throw InputError(std::string(shape_error.what()) + " (inputs: " + describe_inputs(request) + ")");
    }
}

}  // namespace attn::course
