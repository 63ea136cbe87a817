// One attention computation as a learner asks for it: from a sentence and a vocabulary, or from CSV
// matrices. Builds the inputs, runs the math, and keeps the labels needed to show the result.
#pragma once
#include <cstdint>
#include <optional>
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

struct RunRequest {
    // Sentence mode.
    std::optional<std::string> sentence;
    std::string vocab_path;        // resolved by the caller
    DataLayers data;               // where a preset weights file missing beside the vocabulary falls through
    std::string weights = "auto";  // auto | preset | random | FILE.toml
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
    std::vector<std::string> masks;       // each none | causal | padding | FILE.csv; combined by AND
    // Variants (see math/attention.hpp): positions inside attention, cheaper attention.
    bool rope = false;
    double rope_base = 10000.0;
    double rope_offset = 0.0;  // position of the first token
    bool alibi = false;
    std::optional<arma::uword> window;  // sliding window of this many keys
    arma::uword sinks = 0;              // with window: the first keys every query keeps
    std::string kernel = "softmax";     // softmax | linear
    double temperature = 1.0;           // softmax(logits / T); T > 0 and finite
};

// The math variant a request asks for, checked: throws InputError naming the flags that do not go
// together (linear with a mask other than causal, a window of 0, ...).
math::Variant variant_of(const RunRequest& request);

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
