#include "math/streaming_trace.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "math/shapes.hpp"

namespace attn::math {

namespace {
constexpr double kMinusInf = -std::numeric_limits<double>::infinity();

// Folds one block into the running state of query r (the online-softmax update).
void fold_query(StreamingBlockTrace& b, arma::uword r, const arma::mat& v_block) {
    const double m_before = b.running_max(r);
    const double m = std::max(m_before, b.block_max(r));
    // exp(−∞ − m) = 0: before the first visible key there is nothing to shrink.
    b.correction(r) = m == kMinusInf ? 1.0 : std::exp(m_before - m);
    double sum = 0.0;
    arma::rowvec mixed(v_block.n_cols, arma::fill::zeros);
    for (arma::uword c = 0; c < b.n_keys && m != kMinusInf; ++c) {
        const double e = std::exp(b.scaled(r, c) - m);  // 0 for a hidden key
        sum += e;
        mixed += e * v_block.row(c);
    }
    b.running_max(r) = m;
    b.running_sum(r) = b.running_sum(r) * b.correction(r) + sum;
    b.running_out.row(r) = b.running_out.row(r) * b.correction(r) + mixed;
}

}  // namespace

StreamingTrace trace_streaming(const arma::mat& q, const arma::mat& k, const arma::mat& v,
                               arma::uword keys_per_block, bool causal) {
    require(q.n_cols == k.n_cols && k.n_rows == v.n_rows && q.n_rows > 0 && k.n_rows > 0,
            "streaming attention needs Q (L, d_k), K (S, d_k) and V (S, d_v), got Q " + shape_of(q) + ", K " +
                shape_of(k) + " and V " + shape_of(v));
    require(keys_per_block >= 1, "a block holds at least 1 key, got 0");
    require(!causal || q.n_rows <= k.n_rows, "the causal mask needs at most as many queries as keys, got Q " +
                                                 shape_of(q) + " and K " + shape_of(k));
    const double scale = 1.0 / std::sqrt(static_cast<double>(q.n_cols));
    StreamingTrace t;
    StreamingBlockTrace state;  // before any block: m = −∞, l = 0, o = 0
    state.running_max = arma::vec(q.n_rows).fill(kMinusInf);
    state.running_sum = arma::vec(q.n_rows, arma::fill::zeros);
    state.running_out = arma::mat(q.n_rows, v.n_cols, arma::fill::zeros);
    for (arma::uword k0 = 0; k0 < k.n_rows; k0 += keys_per_block) {
        StreamingBlockTrace b = state;
        b.first_key = k0;
        b.n_keys = std::min(keys_per_block, k.n_rows - k0);
        const arma::uword last = k0 + b.n_keys - 1;
        b.scaled = q * k.rows(k0, last).t() * scale;  // (L, d_k)·(d_k, n_keys)
        b.block_max = arma::vec(q.n_rows).fill(kMinusInf);
        b.correction = arma::vec(q.n_rows, arma::fill::ones);
        for (arma::uword r = 0; r < q.n_rows; ++r) {
            for (arma::uword c = 0; c < b.n_keys; ++c) {
                if (causal && k0 + c > r) b.scaled(r, c) = kMinusInf;
                b.block_max(r) = std::max(b.block_max(r), b.scaled(r, c));
            }
            fold_query(b, r, v.rows(k0, last));
        }
        t.blocks.push_back(b);
        state = b;
    }
    t.output = state.running_out.each_col() / state.running_sum;  // o / l: the softmax-weighted average
    return t;
}

}  // namespace attn::math
