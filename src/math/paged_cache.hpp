// A paged KV cache, as vLLM's PagedAttention keeps one (Kwon et al. 2023): keys and values live in a pool
// of fixed-size blocks of B rows, and each sequence has a block table, its physical blocks in order. A
// token's row goes to slot (block_table[p / B], p mod B), so a sequence grows one block at a time wherever
// a free block is, and several sequences share one pool without reserving their longest length up front.
// Attention gathers a sequence's rows through its table: the same keys in the same order as a contiguous
// cache, so the outputs are decoding's.
#pragma once
#include <armadillo>
#include <optional>
#include <vector>

#include "math/cache_attention.hpp"

namespace attn::math {

struct Slot {
    arma::uword block = 0;   // physical block in the pool
    arma::uword offset = 0;  // row within the block, 0..B−1
};

struct PagedPool {
    arma::uword block_size = 1;  // B rows per block
    arma::mat keys;              // (blocks·B, g·d_k)  block b holds rows b·B..b·B+B−1
    arma::mat values;            // (blocks·B, g·d_v)
    std::vector<std::optional<arma::uword>>
        owner;  // (blocks) the sequence each block belongs to; empty = free
};

struct PagedSequence {
    std::vector<arma::uword> block_table;  // its physical blocks, in token order
    arma::uword length = 0;                // tokens written
};

// Blocks needed for `tokens` tokens: ⌈tokens / B⌉.
arma::uword blocks_for(arma::uword tokens, arma::uword block_size);

PagedPool empty_pool(arma::uword blocks, arma::uword block_size, arma::uword kv_key_columns,
                     arma::uword kv_value_columns);

// The pool's free blocks, lowest first.
std::vector<arma::uword> free_blocks(const PagedPool& pool);

// Writes the sequence's next key k (1, g·d_k) and value v (1, g·d_v) to its slot: the next row of its last
// block, or row 0 of the lowest free block, which joins its table, when that block is full. Throws when the
// pool has no free block.
Slot paged_append(const arma::mat& k, const arma::mat& v, arma::uword sequence, PagedSequence& seq,
                  PagedPool& pool);

// The sequence's keys (length, g·d_k) and values (length, g·d_v) read through its block table, in token
// order: row p from slot (block_table[p / B], p mod B).
struct Gathered {
    arma::mat keys, values;
    std::vector<arma::uword> positions;  // (length) 0..length−1
};
Gathered gather_sequence(const PagedPool& pool, const PagedSequence& seq);

// One step of one sequence on the server: its next C tokens (C = 1 when decoding), written to their slots,
// then attended over the sequence's rows gathered from the pool.
struct PagedStep {
    arma::uword sequence = 0;              // which sequence
    arma::uword first = 0;                 // position of its first new token
    NewRows rows;                          // (C, ...)
    std::vector<Slot> slots;               // (C) where each new row went
    std::vector<arma::uword> block_table;  // the sequence's table after the step
    std::vector<arma::uword> free;         // the pool's free blocks after the step
    RowsAttention attention;               // keys: the sequence's rows 0..first+C−1, gathered
};

struct PagedTrace {
    arma::uword block_size = 1, pool_blocks = 0, chunk = 1;
    arma::uword n_heads = 1, n_kv_heads = 1;
    std::vector<PagedStep> steps;          // in the order the server ran them: round-robin over sequences
    std::vector<arma::mat> outputs;        // per sequence (n_i, d_out): its steps' outputs stacked
    std::vector<PagedSequence> sequences;  // the block tables at the end
    PagedPool pool;
};

// Decodes each X in `xs` (n_i, d_model) through one shared pool of `pool_blocks` blocks of `block_size`
// rows, round-robin: step 0 of every sequence, then step 1, ...; each step takes `chunk` tokens (chunked
// prefill; 1 = token by token). With a window the blocks are kept and the window is the mask. Throws when
// the pool cannot hold every sequence (Σ ⌈n_i / B⌉ blocks).
PagedTrace paged_decode(const std::vector<arma::mat>& xs, const ProjectionWeights& w, arma::uword n_heads,
                        arma::uword n_kv_heads, arma::uword block_size, arma::uword pool_blocks,
                        arma::uword chunk = 1, const std::optional<Window>& window = std::nullopt,
                        const Variant& variant = {});

}  // namespace attn::math
