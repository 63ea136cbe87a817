#include "math/paged_cache.hpp"

#include <algorithm>
#include <string>

#include "math/shapes.hpp"

namespace attn::math {

arma::uword blocks_for(arma::uword tokens, arma::uword block_size) {
    return (tokens + block_size - 1) / block_size;
}

PagedPool empty_pool(arma::uword blocks, arma::uword block_size, arma::uword kv_key_columns,
                     arma::uword kv_value_columns) {
    require(block_size >= 1, "a block holds at least 1 row, got --block-size 0");
    PagedPool pool;
    pool.block_size = block_size;
    pool.keys.zeros(blocks * block_size, kv_key_columns);
    pool.values.zeros(blocks * block_size, kv_value_columns);
    pool.owner.assign(blocks, std::nullopt);
    return pool;
}

std::vector<arma::uword> free_blocks(const PagedPool& pool) {
    std::vector<arma::uword> free;
    for (arma::uword b = 0; b < pool.owner.size(); ++b)
        if (!pool.owner[b]) free.push_back(b);
    return free;
}

Slot paged_append(const arma::mat& k, const arma::mat& v, arma::uword sequence, PagedSequence& seq,
                  PagedPool& pool) {
    const arma::uword b = pool.block_size;
    if (seq.length % b == 0) {  // the last block is full (or there is none): take the lowest free one
        const std::vector<arma::uword> free = free_blocks(pool);
        require(!free.empty(), "the pool's " + std::to_string(pool.owner.size()) + " blocks of " +
                                   std::to_string(b) + " rows are all taken");
        pool.owner[free.front()] = sequence;
        seq.block_table.push_back(free.front());
    }
    const Slot slot{seq.block_table[seq.length / b], seq.length % b};
    pool.keys.row(slot.block * b + slot.offset) = k;
    pool.values.row(slot.block * b + slot.offset) = v;
    ++seq.length;
    return slot;
}

Gathered gather_sequence(const PagedPool& pool, const PagedSequence& seq) {
    Gathered g;
    g.keys.set_size(seq.length, pool.keys.n_cols);      // (length, g·d_k)
    g.values.set_size(seq.length, pool.values.n_cols);  // (length, g·d_v)
    const arma::uword b = pool.block_size;
    for (arma::uword p = 0; p < seq.length; ++p) {
        const arma::uword row = seq.block_table[p / b] * b + p % b;  // slot (table[p / B], p mod B)
        g.keys.row(p) = pool.keys.row(row);
        g.values.row(p) = pool.values.row(row);
    }
    g.positions = position_range(0, seq.length);
    return g;
}

namespace {

// Sequence i's next `count` tokens: written to their slots, then attended over its gathered rows.
PagedStep paged_step(const arma::mat& x_rows, arma::uword i, const ProjectionWeights& w, arma::uword n_heads,
                     arma::uword n_kv_heads, PagedSequence& seq, PagedPool& pool,
                     const std::optional<Window>& window, const Variant& variant) {
    PagedStep s;
    s.sequence = i;
    s.first = seq.length;
    s.rows = project_new_rows(x_rows, w, n_heads, n_kv_heads, s.first, variant);
    // Written first, as vLLM writes the new keys into the cache before its attention kernel reads it.
    for (arma::uword r = 0; r < x_rows.n_rows; ++r)
        s.slots.push_back(paged_append(s.rows.k.row(r), s.rows.v.row(r), i, seq, pool));
    s.block_table = seq.block_table;
    s.free = free_blocks(pool);
    const Gathered g = gather_sequence(pool, seq);
    s.attention = attend_new_rows(x_rows, s.rows, s.first, g.keys, g.values, g.positions, w, n_heads,
                                  n_kv_heads, window, variant);
    return s;
}

}  // namespace

PagedTrace paged_decode(const std::vector<arma::mat>& xs, const ProjectionWeights& w, arma::uword n_heads,
                        arma::uword n_kv_heads, arma::uword block_size, arma::uword pool_blocks,
                        arma::uword chunk, const std::optional<Window>& window, const Variant& variant) {
    require(!xs.empty(), "paged decoding needs at least one sequence");
    require(chunk >= 1, "a step takes at least 1 token, got 0");
    PagedTrace t;
    t.block_size = block_size;
    t.pool_blocks = pool_blocks;
    t.chunk = chunk;
    t.n_heads = n_heads;
    t.n_kv_heads = n_kv_heads == 0 ? n_heads : n_kv_heads;
    t.pool = empty_pool(pool_blocks, block_size, w.wk.n_cols, w.wv.n_cols);
    t.sequences.resize(xs.size());
    t.outputs.resize(xs.size());
    arma::uword needed = 0, longest = 0;
    for (const arma::mat& x : xs) {
        require(x.n_rows >= 1, "every sequence needs at least one token");
        needed += blocks_for(x.n_rows, block_size);
        longest = std::max(longest, x.n_rows);
    }
    require(needed <= pool_blocks, "the sequences need " + std::to_string(needed) + " blocks of " +
                                       std::to_string(block_size) + " rows, but the pool has " +
                                       std::to_string(pool_blocks));
    for (arma::uword first = 0; first < longest; first += chunk)  // one round: each sequence's next step
        for (arma::uword i = 0; i < xs.size(); ++i) {
            if (first >= xs[i].n_rows) continue;
            const arma::uword last = std::min(first + chunk, xs[i].n_rows) - 1;
            t.steps.push_back(paged_step(xs[i].rows(first, last), i, w, n_heads, t.n_kv_heads, t.sequences[i],
                                         t.pool, window, variant));
            t.outputs[i] = arma::join_cols(t.outputs[i], t.steps.back().attention.output);
        }
    return t;
}

}  // namespace attn::math
