// One encoder block as a learner asks for it: on a sentence of a vocabulary or on a CSV matrix, with
// chosen or random weights, optional positional encodings, and optionally the same tokens reordered
// to show what attention can and cannot see.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "course/experiment.hpp"
#include "math/transformer.hpp"

namespace attn::course {

constexpr arma::uword kMaxDff = 4096;  // W_1 is (d_model, d_ff): at most 1024 x 4096 numbers

struct TransformerRequest {
    std::optional<std::string> sentence;  // default: the vocabulary's first example sentence
    std::string vocab_path;               // resolved by the caller
    std::optional<std::string> x_csv;     // instead of a sentence: X, one row per token
    std::optional<std::string> labels;    // names of the CSV rows, space-separated
    std::string data_dir;                 // where a weights name like transformer/encoder.toml is looked up
    std::string weights = "random";       // random | FILE.toml
    std::optional<arma::uword> heads, d_ff;
    std::optional<std::string> activation, norm;  // override the file's settings
    std::optional<std::uint64_t> seed;
    bool positional = false;             // add sinusoidal positional encodings to X
    std::optional<std::string> permute;  // "reverse" or indices "3,1,0,2": also run the reordered tokens
    std::optional<std::string>
        decoder;  // a target sentence: sketch the decoder's two attentions over the output
};

// The decoder sketch on a target sentence, attending over the encoder block's output.
struct DecoderRun {
    std::vector<std::string> tokens;  // the target sentence's tokens
    math::DecoderSketchTrace trace;
};

// The same block on the tokens in another order, compared with the original.
struct PermutationCheck {
    std::vector<arma::uword> order;   // row i of the reordered input is token order[i]
    std::vector<std::string> tokens;  // the tokens in that order
    math::EncoderTrace trace;         // the block on the reordered tokens
    arma::mat expected;               // (n, d_model) the original output, rows reordered the same way
    arma::mat difference;             // (n, d_model) trace.output − expected
    double max_abs_difference = 0;
};

struct TransformerRun {
    std::vector<std::string> tokens;
    std::vector<std::string> dimensions;  // names of X's columns when the vocabulary has them
    std::string inputs_note, weights_note;
    math::EncoderConfig config;
    std::string norm_name, activation_name;  // "post" or "pre"; "relu" or "gelu": as JSON and text name them
    arma::uword d_ff = 0;
    arma::mat embeddings;                // (n, d_model) X before positions
    std::optional<arma::mat> positions;  // (n, d_model) sinusoidal encodings, when added
    math::EncoderTrace trace;            // trace.input = embeddings (+ positions)
    std::optional<PermutationCheck> permutation;
    std::optional<DecoderRun> decoder;
};

// Validates, loads every file, computes. Throws InputError (file, line, shape, what to do).
TransformerRun run_transformer(const TransformerRequest& request);

// The attention sublayer as an attn-run Experiment, so that its stages and --explain read the same.
Experiment attention_experiment(const TransformerRun& run);

// The decoder's masked self-attention (keys = target tokens) or cross-attention (keys = source tokens)
// as an attn-run Experiment, for rendering.
Experiment decoder_experiment(const TransformerRun& run, bool cross);

// "reverse" or comma-separated 0-based indices; InputError unless it reorders exactly n tokens.
std::vector<arma::uword> parse_order(const std::string& spec, arma::uword n);

}  // namespace attn::course
