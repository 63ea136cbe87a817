// One attention computation as a learner asks for it: from a sentence and a vocabulary, or from CSV
// matrices. Builds the inputs, runs the math, and keeps the labels needed to show the result.
#pragma once
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "course/data_layers.hpp"
#include "inputs/vocabulary.hpp"
#include "math/attention.hpp"

namespace attn::course {

constexpr arma::uword kMaxHeads = 256;
constexpr arma::uword kMaxDk = 4096;
constexpr arma::uword kMaxRunWindow = 1000000;  // attn run --window and --sinks: far beyond any sentence
constexpr std::uint64_t kDefaultSeed = 42;

// --mask: a keep-mask by name or a CSV keep-matrix. Parsed from its text once, where the command line
// (or a test, or a lesson's command) gives it, and typed from there on.
struct MaskChoice {
    enum class Kind { none, causal, padding, file };
    Kind kind = Kind::none;
    std::string path;  // Kind::file: the CSV file (1 = may attend)
    MaskChoice() = default;
    MaskChoice(const std::string& text);  // NOLINT: implicit, so that {"causal"} reads as a choice
    MaskChoice(const char* text) : MaskChoice(std::string(text)) {}  // NOLINT
};

// Every --mask given, combined by AND. Built from texts as from choices, so that a list of names
// ({"causal"}, or a std::vector<std::string>) reads as the choices it names.
struct MaskChoices : std::vector<MaskChoice> {
    using std::vector<MaskChoice>::vector;
    MaskChoices() = default;
    MaskChoices(const std::vector<std::string>& texts)  // NOLINT: implicit, as MaskChoice
        : std::vector<MaskChoice>(texts.begin(), texts.end()) {}
};

// --weights: auto (the vocabulary's preset when it fits), preset, random, or a TOML file; typed once.
struct WeightsChoice {
    enum class Kind { automatic, preset, random, file };
    Kind kind = Kind::automatic;
    std::string path;  // Kind::file
    WeightsChoice() = default;
    WeightsChoice(const std::string& text);                                // NOLINT: implicit, as MaskChoice
    WeightsChoice(const char* text) : WeightsChoice(std::string(text)) {}  // NOLINT
    std::string text() const;  // as the learner wrote it: "auto", "random", "w.toml"
    // auto or preset: W_Q/W_K/W_V come from the vocabulary when no CSV gives them.
    bool from_vocabulary() const { return kind == Kind::automatic || kind == Kind::preset; }
};
std::ostream& operator<<(std::ostream& out, const WeightsChoice& w);  // for --help's default

// The variant's flags (math::VariantFlags: RoPE, the bias, window and sinks, kernel, temperature) are
// the base, filled by cli/variant_options.cpp and checked once by variant_of.
struct RunRequest : math::VariantFlags {
    // Sentence mode.
    std::optional<std::string> sentence;
    std::string vocab_path;  // resolved by the caller
    DataLayers data;         // where a preset weights file missing beside the vocabulary falls through
    WeightsChoice weights;   // auto | preset | random | FILE.toml
    std::optional<arma::uword> d_k;             // per head; default d_model / heads for random weights
    std::optional<std::uint64_t> seed;          // random weights; default kDefaultSeed
    std::vector<std::string> word_definitions;  // --word NAME=N,N,...: words added for this run
    // Matrix mode: X and the projections, or Q, K, V directly.
    std::optional<std::string> x_csv, wq_csv, wk_csv, wv_csv, wo_csv;
    std::optional<std::string> q_csv, k_csv, v_csv;
    std::optional<std::string> labels, key_labels;  // space-separated token names for matrix mode
    // Both modes.
    arma::uword heads = 1;
    std::optional<arma::uword> kv_heads;  // key/value heads shared by the query heads; default = heads
    MaskChoices masks;                    // combined by AND
};

// The math variant a request asks for, checked once (math::make_variant): throws InputError naming
// the flags that do not go together (linear with a mask other than causal, a window of 0, ...).
math::Variant variant_of(const RunRequest& request);

// make_variant(flags, ...) with the files its flags name read in: --q-norm-weight and --k-norm-weight,
// one row of d_k numbers each. Throws InputError naming the file and what it should hold.
math::Variant variant_with_files(const math::VariantFlags& flags, bool causal, bool other_masks);

// Throws InputError when the request's variant does not fit heads of its weights' d_k (qk_columns /
// heads), with math's reason (variant_misfit) and the --d-k that would fit.
void check_variant_fits(const RunRequest& request, arma::uword qk_columns);

struct Experiment {
    std::vector<std::string> query_labels;      // one per row of Q
    std::vector<std::string> key_labels;        // one per row of K
    std::vector<std::string> dimensions;        // names of X's columns, when the vocabulary has them
    std::vector<std::string> value_dimensions;  // names of V's and the output's columns, when they keep X's
    std::vector<std::string>
        qk_dimensions;         // names of Q's and K's columns (all heads), when the weights have them
    std::string inputs_note;   // "sentence ... with vocabulary ..." or the CSV files
    std::string weights_note;  // which W_Q/W_K/W_V were used and why
    std::optional<math::ProjectionWeights> projection;  // W_Q, W_K, W_V (W_O) when X was projected
    math::AttentionTrace trace;
};

// Self-attention's inputs, loaded from a sentence (with its vocabulary and weights) or from --x CSVs:
// what attn run and attn decode share.
struct SelfAttentionInputs {
    std::vector<std::string> labels;            // one per token (row of X)
    std::vector<std::string> dimensions;        // names of X's columns, when the vocabulary has them
    std::vector<std::string> value_dimensions;  // names of the output's columns, when they keep X's
    std::vector<std::string>
        qk_dimensions;  // names of Q's and K's columns, from the weights file's qk_columns
    std::string inputs_note, weights_note, pad_token;
    arma::mat x;                      // (n, d_model)
    math::ProjectionWeights weights;  // W_K and W_V already hold the shared key/value heads
};

// Key/value heads the request asks for: --kv-heads, else one per query head.
arma::uword kv_heads_of(const RunRequest& request);

// Checks the sizes (heads, d_k, kv-heads) and loads the sentence or the --x files. Throws InputError.
SelfAttentionInputs load_self_attention_inputs(const RunRequest& request);

// Validates the request, loads every file, and computes. Throws InputError for anything the learner
// can fix (message names the file, line, word or shape) and never returns a partial result.
Experiment run_experiment(const RunRequest& request);

// Index of `token` among `labels` (case-insensitive) or a 0-based index written as a number.
// Throws InputError listing the labels when neither matches.
arma::uword find_token(const std::vector<std::string>& labels, const std::string& token,
                       const std::string& what);

}  // namespace attn::course
