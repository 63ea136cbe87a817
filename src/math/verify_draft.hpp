// Draft verification in speculative decoding (Leviathan et al. 2023, Chen et al. 2023): a small model
// drafts K tokens, and the large model checks them all in one pass, one chunk of K queries over its cache,
// causal within the chunk. The chunk's K outputs are exactly the K outputs of K single decode steps, so
// the check costs one read of the cache instead of K: decoding is bound by reading the cache, not by the
// multiply-adds, which are the same.
#pragma once
#include <armadillo>
#include <optional>
#include <vector>

#include "math/chunked_prefill.hpp"
#include "math/decode.hpp"

namespace attn::math {

struct DraftWork {
    double passes = 0;         // reads of the cache: K for the steps, 1 for the chunk
    double rows_read = 0;      // cached key/value rows read, in all
    double multiply_adds = 0;  // projections, scores of visible pairs, weighted values, W_O
};

struct DraftVerification {
    arma::uword prefix = 0, drafted = 0;  // tokens decoded before, tokens checked (K)
    DecodeTrace prefix_trace;             // the prefix, step by step
    PrefillChunk verify;                  // the K drafted tokens in one chunk over the prefix's cache
    std::vector<DecodeStep> steps;        // the same K tokens, one decode step each
    arma::mat verify_output;              // (K, d_out)  the chunk's outputs
    arma::mat steps_output;               // (K, d_out)  the steps' outputs stacked
    double max_abs_difference = 0;        // max |verify_output − steps_output|
    DraftWork one_pass, step_by_step;
};

// Decodes X's first n − K rows step by step, then verifies the last K both ways from copies of that cache.
DraftVerification verify_draft(const arma::mat& x, const ProjectionWeights& w, arma::uword n_heads,
                               arma::uword n_kv_heads, arma::uword drafted,
                               const std::optional<Window>& window = std::nullopt,
                               const Variant& variant = {});

}  // namespace attn::math
