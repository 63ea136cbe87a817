// attn decode: generation one token at a time with a KV cache, checked against causal attention.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "course/experiment.hpp"
#include "math/chunked_prefill.hpp"
#include "math/decode.hpp"
#include "math/paged_cache.hpp"
#include "math/split_decode.hpp"
#include "math/verify_draft.hpp"

namespace attn::course {

// Stacked step outputs equal causal self-attention to this tolerance, in double.
constexpr double kDecodeTolerance = 1e-12;

// The four ways a server runs the same decoding (docs/commands.md, attn decode): each is checked against
// the causal run, as the plain steps are.
struct ServeOptions {
    std::optional<arma::uword> block_size;   // --block-size B: a paged KV cache of blocks of B rows
    std::optional<arma::uword> pool_blocks;  // --pool-blocks N: the pool's size; default what all need
    std::vector<std::string> sequences;      // --sequences S1 S2 ...: decoded round-robin in one pool
    std::optional<arma::uword> chunk;        // --chunk C: chunked prefill, C queries at a time
    std::optional<arma::uword> splits;       // --splits S: flash-decoding, each step's keys in S parts
    std::optional<arma::uword> verify;       // --verify K: the last K tokens checked in one pass
};

// One sequence of --sequences: its tokens, the causal run on it and how far the paged outputs are from it.
struct ServedSequence {
    std::vector<std::string> tokens;
    arma::mat causal_output;  // (n_i, d_out)
    double max_abs_difference = 0;
};

struct DecodeReport {
    std::vector<std::string> tokens;            // one per step
    std::vector<std::string> value_dimensions;  // names of the output's columns, when they keep X's
    std::string inputs_note, weights_note;
    arma::uword d_model = 0;
    math::DecodeTrace trace;
    std::optional<math::Window> window;  // --window W --sinks S: the cache is a rolling buffer of S + W rows
    arma::mat causal_output;  // (n, d_out): attn run --mask causal (--window W --sinks S), same input
    double causal_max_abs_difference = 0;  // max |stacked step outputs − causal_output|
    ServeOptions serve;
    // --block-size: the paged run, its sequences (one unless --sequences) and the largest difference from
    // their causal runs.
    std::optional<math::PagedTrace> paged;
    std::vector<ServedSequence> sequences;
    double paged_max_abs_difference = 0;
    // --chunk without --block-size: the chunks over a contiguous (or rolling) cache.
    std::optional<math::PrefillTrace> prefill;
    double chunk_max_abs_difference = 0;  // max |stacked chunk outputs − causal_output|
    // --splits: each step split and merged; the largest difference from the plain steps' outputs.
    std::vector<math::SplitStep> splits;
    std::vector<math::SplitStep> paged_splits;  // with --block-size: each paged step split, in server order
    double split_max_abs_difference = 0;        // the plain steps' and the paged steps' alike
    std::optional<math::DraftVerification> verify;  // --verify
    double verify_causal_max_abs_difference = 0;    // the chunk's outputs against the causal run's rows
};

// Loads the sentence or --x inputs as attn run does, decodes them token by token (through a rolling
// buffer with --window), and runs causal self-attention with the same window on the same inputs to check
// the steps. Throws InputError for anything the learner can fix.
DecodeReport run_decode(const RunRequest& request, const ServeOptions& serve = {});

// Runs what r.serve asks for on the inputs run_decode loaded (and, with --sequences, on each sentence),
// filling r's paged, sequences, prefill, splits and verify parts. Throws std::invalid_argument from math.
void serve_decode(DecodeReport& r, const SelfAttentionInputs& in, const RunRequest& request,
                  const math::Variant& variant, arma::uword kv_heads);

// Throws InputError naming the reason when the options do not go together (--splits with --chunk, ...).
void check_serve_options(const ServeOptions& serve, const RunRequest& request);

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
