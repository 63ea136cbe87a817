// Streaming (online-softmax) attention on a toy example, one block of keys at a time, keeping every
// intermediate: the lesson "Why FlashAttention is fast" shows how each query's running max m, running
// sum l and running output o update as the blocks go by. The fast kernel is streaming_attention.hpp.
#pragma once
#include <armadillo>
#include <vector>

namespace attn::math {

// The state after one block of keys. Rows are queries.
struct StreamingBlockTrace {
    arma::uword first_key = 0, n_keys = 0;  // this block: keys [first_key, first_key + n_keys)
    arma::mat scaled;  // (L, n_keys)  this block's scores / √d_k; −∞ where the causal mask hides a key
    arma::vec block_max;    // (L)  largest visible score of this block (−∞ when the block is all hidden)
    arma::vec running_max;  // (L)  m = max(m_before, block_max)
    arma::vec correction;   // (L)  exp(m_before − m): how much the earlier sums shrink (1 when m holds)
    arma::vec running_sum;  // (L)  l = l_before·correction + Σ exp(scaled − m)
    arma::mat running_out;  // (L, d_v)  o = o_before·correction + Σ exp(scaled − m)·v
};

struct StreamingTrace {
    std::vector<StreamingBlockTrace> blocks;
    arma::mat output;  // (L, d_v)  o / l after the last block
};

// Q (L, d_k), K (S, d_k), V (S, d_v), blocks of `keys_per_block` keys. With `causal`, query i sees keys
// j ≤ i (needs L ≤ S). Throws std::invalid_argument naming the shapes.
StreamingTrace trace_streaming(const arma::mat& q, const arma::mat& k, const arma::mat& v,
                               arma::uword keys_per_block, bool causal);

}  // namespace attn::math
