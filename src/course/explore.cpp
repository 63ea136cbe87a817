#include "course/explore.hpp"

#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

#include "inputs/input_error.hpp"
#include "inputs/weights_file.hpp"
#include "math/random.hpp"
#include "math/shapes.hpp"

namespace attn::course {

namespace {

constexpr size_t kMaxHistory = 1000;

std::optional<arma::umat> keep_for(const ExploreWorld& w, const std::vector<std::string>& tokens) {
    if (w.mask == "causal") return math::causal_keep(tokens.size(), tokens.size());
    if (w.mask != "padding") return std::nullopt;
    std::vector<bool> is_pad;
    for (const std::string& t : tokens) is_pad.push_back(lower(t) == lower(w.vocab.pad_token));
    return math::padding_keep(tokens.size(), is_pad);
}

// Seeded random W_Q, W_K, W_V (and W_O with several heads) exactly as `attn run --seed` makes them.
math::ProjectionWeights random_weights(arma::uword d_model, arma::uword heads, arma::uword d_k,
                                       std::uint64_t seed) {
    math::ProjectionWeights w;
    w.wq = math::seeded_projection(d_model, heads * d_k, seed);
    w.wk = math::seeded_projection(d_model, heads * d_k, seed + 1);
    w.wv = math::seeded_projection(d_model, heads * d_k, seed + 2);
    if (heads > 1) w.wo = math::seeded_projection(heads * d_k, d_model, seed + 3);
    return w;
}

std::string toml_key(const std::string& word) {
    return nlohmann::json(word).dump();  // a quoted key: any word, "<pad>" included
}

// The shortest text that parses back to exactly the same double, so a saved world computes the same.
std::string exact(double value) {
    char buffer[32];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
    std::string text(buffer, end);
    if (text.find_first_of(".en") == std::string::npos) text += ".0";  // TOML: keep it a float
    return text;
}

std::string toml_numbers(const arma::rowvec& row) {
    std::string out = "[";
    for (arma::uword c = 0; c < row.n_elem; ++c) out += (c ? ", " : "") + exact(row(c));
    return out + "]";
}

std::string toml_matrix(const std::string& key, const arma::mat& m) {
    std::string out = key + " = [\n";
    for (arma::uword r = 0; r < m.n_rows; ++r) out += "  " + toml_numbers(m.row(r)) + ",\n";
    return out + "]\n";
}

std::string quoted_for_shell(const std::string& text) {
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

}  // namespace

Explorer::Explorer(const std::string& vocab_path, const std::string& sentence, const DataLayers& data) {
    ExploreWorld w;
    w.sentence = sentence;
    w.vocab = load_vocabulary(vocab_path);
    if (!w.vocab.preset_weights)
        throw InputError(vocab_path + ": attn explore needs a vocabulary with preset_weights");
    w.weights_source = data.fall_through(*w.vocab.preset_weights);
    w.weights = load_weights_toml(w.weights_source);
    w.compare_word = w.vocab.focus_word;
    preset_ = w.weights;
    preset_source_ = w.weights_source;
    current_ = compute(w);
    history_.push_back(std::move(w));
}

Experiment Explorer::compute(const ExploreWorld& w) {
    Experiment e;
    e.query_labels = tokenize(w.sentence);
    e.key_labels = e.query_labels;
    e.dimensions = w.vocab.dimensions;
    const arma::mat x = embed(w.vocab, e.query_labels);  // (n, d_model)
    math::ProjectionWeights pw = w.weights;
    if (w.heads > 1 && !pw.wo) pw.wo = arma::eye(pw.wv.n_cols, pw.wv.n_cols);  // keeps the named dimensions
    if (pw.wq.n_cols % w.heads != 0 || pw.wv.n_cols % w.heads != 0)
        throw InputError(std::to_string(w.heads) + " heads do not divide W_Q's " +
                         std::to_string(pw.wq.n_cols) + " and W_V's " + std::to_string(pw.wv.n_cols) +
                         " columns; choose another number of heads, or random weights with d_k");
    // As attn run: identity W_V (and W_O) keep the named dimensions, so outputs are read by name.
    const arma::uword d = x.n_cols;
    const auto identity = [](const arma::mat& m) {
        return m.is_square() && arma::approx_equal(m, arma::eye(m.n_rows, m.n_rows), "absdiff", 0.0);
    };
    if (pw.wv.n_rows == d && identity(pw.wv) && (!pw.wo || identity(*pw.wo)))
        e.value_dimensions = w.vocab.dimensions;
    const std::optional<arma::umat> keep = keep_for(w, e.key_labels);
    for (arma::uword r = 0; keep && r < keep->n_rows; ++r)
        if (arma::accu(keep->row(r)) == 0)
            throw InputError("query " + std::to_string(r) + " may attend to no key under this mask");
    math::VariantFlags flags = w.variant;
    flags.temperature = w.temperature;
    try {
        // Checked as attn run checks it; the explorer's stages cannot show the linear kernel's.
        const math::Variant variant = variant_with_files(flags, w.mask == "causal", w.mask == "padding");
        math::require_path_takes(variant, math::AttentionPath::explore);
        e.trace = math::self_attention(x, pw, w.heads, keep, variant);
    } catch (const std::invalid_argument& shape_error) {
        throw InputError(shape_error.what());
    }
    e.inputs_note = "sentence \"" + w.sentence + "\" with vocabulary " + w.vocab.path + " (as edited)";
    e.weights_note = w.seed ? "random weights, seed " + std::to_string(*w.seed)
                            : "preset weights from " + w.weights_source;
    return e;
}

std::optional<FocusComparison> Explorer::compare(const ExploreWorld& w, const Experiment& first) {
    if (!w.compare) return std::nullopt;
    ExploreWorld second = w;
    second.sentence = *w.compare;
    return compare_runs(w.compare_word, {w.sentence, *w.compare}, {first, compute(second)});
}

void Explorer::apply(ExploreWorld next) {
    Experiment e = compute(next);  // throws before anything changes
    std::optional<FocusComparison> c = compare(next, e);
    comparison_ = std::move(c);
    history_.resize(at_ + 1);
    history_.push_back(std::move(next));
    if (history_.size() > kMaxHistory) history_.erase(history_.begin());
    at_ = history_.size() - 1;
    previous_ = std::move(current_);
    current_ = std::move(e);
    ++version_;
}

arma::mat Explorer::matrix(EditMatrix m) const {
    const ExploreWorld& w = world();
    switch (m) {
        case EditMatrix::x:
            return embed(w.vocab, current_.query_labels);
        case EditMatrix::wq:
            return w.weights.wq;
        case EditMatrix::wk:
            return w.weights.wk;
        case EditMatrix::wv:
            return w.weights.wv;
    }
    return {};
}

void Explorer::set_cell(EditMatrix m, arma::uword row, arma::uword col, double value) {
    if (!std::isfinite(value)) throw InputError("a cell holds a finite number");
    const arma::mat current = matrix(m);
    if (row >= current.n_rows || col >= current.n_cols)
        throw InputError("no cell (" + std::to_string(row) + ", " + std::to_string(col) + ") in a " +
                         math::shape_of(current) + " matrix");
    ExploreWorld next = world();
    if (m == EditMatrix::x) next.vocab.embeddings[lower(current_.query_labels[row])](col) = value;
    if (m == EditMatrix::wq) next.weights.wq(row, col) = value;
    if (m == EditMatrix::wk) next.weights.wk(row, col) = value;
    if (m == EditMatrix::wv) next.weights.wv(row, col) = value;
    apply(std::move(next));
}

void Explorer::nudge(EditMatrix m, arma::uword row, arma::uword col, double delta) {
    set_cell(m, row, col, cell(m, row, col) + delta);
}

void Explorer::set_sentence(const std::string& sentence) {
    ExploreWorld next = world();
    next.sentence = sentence;
    apply(std::move(next));
}

void Explorer::set_mask(const std::string& mask) {
    if (mask != "none" && mask != "causal" && mask != "padding")
        throw InputError("mask " + mask + ": none, causal or padding");
    ExploreWorld next = world();
    next.mask = mask;
    apply(std::move(next));
}

void Explorer::set_heads(arma::uword heads) {
    if (heads < 1 || heads > kMaxHeads) throw InputError("heads: 1 to " + std::to_string(kMaxHeads));
    ExploreWorld next = world();
    next.heads = heads;
    if (next.seed) {
        const arma::uword d_model = next.vocab.dimensions.size();
        if (!next.d_k && d_model % heads != 0)
            throw InputError(std::to_string(heads) + " heads do not divide d_model " +
                             std::to_string(d_model) + "; set d_k first");
        next.weights = random_weights(d_model, heads, next.d_k ? *next.d_k : d_model / heads, *next.seed);
    }
    apply(std::move(next));
}

std::vector<arma::uword> Explorer::head_counts() const {
    const ExploreWorld& w = world();
    std::vector<arma::uword> counts;
    for (arma::uword h = 1; h <= kMaxHeads; ++h) {
        const bool fits = w.d_k    ? true
                          : w.seed ? w.vocab.dimensions.size() % h == 0
                                   : w.weights.wq.n_cols % h == 0 && w.weights.wv.n_cols % h == 0;
        if (fits) counts.push_back(h);
    }
    return counts;
}

void Explorer::set_seed(std::optional<std::uint64_t> seed) {
    ExploreWorld next = world();
    next.seed = seed;
    const arma::uword d_model = next.vocab.dimensions.size();
    if (seed) {
        const arma::uword d_k = next.d_k ? *next.d_k : d_model / next.heads;
        if (d_k == 0) throw InputError("d_k would be 0; set d_k");
        next.weights = random_weights(d_model, next.heads, d_k, *seed);
    } else {
        next.weights = preset_;  // back to the preset as loaded (before any edit)
        next.weights_source = preset_source_;
        next.d_k.reset();
    }
    apply(std::move(next));
}

void Explorer::set_d_k(std::optional<arma::uword> d_k) {
    if (d_k && (*d_k < 1 || *d_k > kMaxDk)) throw InputError("d_k: 1 to " + std::to_string(kMaxDk));
    ExploreWorld next = world();
    next.d_k = d_k;
    if (!next.seed) next.seed = kDefaultSeed;  // d_k shapes random weights; the preset's is fixed
    const arma::uword d_model = next.vocab.dimensions.size();
    next.weights = random_weights(d_model, next.heads, d_k ? *d_k : d_model / next.heads, *next.seed);
    apply(std::move(next));
}

void Explorer::set_variant(const math::VariantFlags& variant) {
    ExploreWorld next = world();
    next.variant = variant;
    apply(std::move(next));
}

void Explorer::set_temperature(double temperature) {
    if (!std::isfinite(temperature) || temperature <= 0)
        throw InputError("temperature " + math::number_text(temperature) +
                         ": the softmax divides the scores by T, so T is a positive number such as 0.5 or 2");
    ExploreWorld next = world();
    next.temperature = temperature;
    apply(std::move(next));
}

void Explorer::set_compare(std::optional<std::string> second) {
    ExploreWorld next = world();
    next.compare = std::move(second);
    apply(std::move(next));
}

void Explorer::set_compare_word(const std::string& word) {
    if (word.empty()) throw InputError("give the word to compare, e.g. apple");
    ExploreWorld next = world();
    next.compare_word = word;
    apply(std::move(next));
}

std::string Explorer::default_compare_sentence() const {
    for (const std::string& s : world().vocab.example_sentences)
        if (lower(s) != lower(world().sentence)) return s;
    return world().sentence;
}

bool Explorer::undo() {
    if (at_ == 0) return false;
    previous_ = current_;
    current_ = compute(history_[--at_]);
    comparison_ = compare(history_[at_], current_);
    ++version_;
    return true;
}

bool Explorer::redo() {
    if (at_ + 1 >= history_.size()) return false;
    previous_ = current_;
    current_ = compute(history_[++at_]);
    comparison_ = compare(history_[at_], current_);
    ++version_;
    return true;
}

std::string Explorer::run_command(const std::string& vocab_file, const std::string& weights_file) const {
    const ExploreWorld& w = world();
    std::string cmd =
        "attn run --vocab " + quoted_for_shell(vocab_file) + " --weights " + quoted_for_shell(weights_file);
    if (w.compare)
        cmd += " --compare " + quoted_for_shell(w.sentence) + " " + quoted_for_shell(*w.compare) +
               " --word " + quoted_for_shell(w.compare_word);
    else
        cmd += " -s " + quoted_for_shell(w.sentence);
    if (w.heads > 1) cmd += " --heads " + std::to_string(w.heads);
    if (w.mask != "none") cmd += " --mask " + w.mask;
    cmd += math::variant_flags_text(w.variant);
    if (w.temperature != 1.0) cmd += " --temperature " + exact(w.temperature);
    return cmd;
}

std::string Explorer::vocab_toml() const {
    const ExploreWorld& w = world();
    std::string out = "# Saved by attn explore from " + w.vocab.path + " (with the learner's edits).\n";
    out += "description = " + toml_key(w.vocab.description) + "\ndimensions = [";
    for (size_t i = 0; i < w.vocab.dimensions.size(); ++i)
        out += (i ? ", " : "") + toml_key(w.vocab.dimensions[i]);
    out += "]\npad = " + toml_key(w.vocab.pad_token) + "\n\n[example]\nsentences = [" + toml_key(w.sentence);
    out +=
        (w.compare ? ", " + toml_key(*w.compare) : "") + "]\n";  // attn run with no sentence compares these
    out += "focus = " + toml_key(w.compare_word) + "\n\n[words]\n";
    for (const std::string& word : w.vocab.words)
        out += toml_key(word) + " = " + toml_numbers(w.vocab.embeddings.at(lower(word))) + "\n";
    return out;
}

std::string Explorer::weights_toml() const {
    const ExploreWorld& w = world();
    std::string out = "# Saved by attn explore: " + current_.weights_note + ", with the learner's edits.\n\n";
    out += toml_matrix("w_q", w.weights.wq) + "\n" + toml_matrix("w_k", w.weights.wk) + "\n" +
           toml_matrix("w_v", w.weights.wv);
    // With several heads attn run needs the same W_O: the random one, or the identity the preset implies.
    if (w.weights.wo)
        out += "\n" + toml_matrix("w_o", *w.weights.wo);
    else if (w.heads > 1)
        out += "\n" + toml_matrix("w_o", arma::eye(w.weights.wv.n_cols, w.weights.wv.n_cols));
    return out;
}

}  // namespace attn::course
