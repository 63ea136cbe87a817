// attn decode: generation one token at a time with a KV cache, checked against causal attention.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "course/experiment.hpp"
#include "math/decode.hpp"

namespace attn::course {

// Stacked step outputs equal causal self-attention to this tolerance, in double.
constexpr double kDecodeTolerance = 1e-12;

struct DecodeReport {
    std::vector<std::string> tokens;            // one per step
    std::vector<std::string> value_dimensions;  // names of the output's columns, when they keep X's
    std::string inputs_note, weights_note;
    arma::uword d_model = 0;
    math::DecodeTrace trace;
    std::optional<math::Window> window;  // --window W --sinks S: the cache is a rolling buffer of S + W rows
    arma::mat causal_output;  // (n, d_out): attn run --mask causal (--window W --sinks S), same input
    double causal_max_abs_difference = 0;  // max |stacked step outputs − causal_output|
};

// Loads the sentence or --x inputs as attn run does, decodes them token by token (through a rolling
// buffer with --window), and runs causal self-attention with the same window on the same inputs to check
// the steps. Throws InputError for anything the learner can fix.
DecodeReport run_decode(const RunRequest& request);

// The blocks of attn decode's text report that --show picks, in the order they are printed: each step's
// new q, k, v rows, K cache, V cache, scores and weights, output; then the check against causal
// attention and the work table with what the cache costs.
const std::vector<std::string>& decode_block_names();

// What the text report prints: `show` the blocks (empty = all), `steps` the steps t (empty = all).
struct DecodeView {
    std::vector<std::string> show;
    std::vector<arma::uword> steps;
};

// Throws InputError naming the valid blocks for an unknown --show name.
void check_decode_blocks(const std::vector<std::string>& show);
// Throws InputError for a --step past the last token, naming the steps there are.
void check_decode_steps(const std::vector<arma::uword>& steps, const DecodeReport& r);

}  // namespace attn::course
