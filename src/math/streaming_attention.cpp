#include "math/streaming_attention.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <limits>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "math/bench_blas.hpp"
#include "math/full_attention.hpp"
#include "math/full_attention_kernels.hpp"

namespace attn::math {
namespace {

// A non-owning (rows, cols) view of contiguous memory, to hand a block to BLAS without copying.
template <typename T>
arma::Mat<T> view(const arma::Mat<T>& m, arma::uword first_col, arma::uword cols) {
    return arma::Mat<T>(const_cast<T*>(m.colptr(first_col)), m.n_rows, cols, false, true);
}

// Which queries and keys one step covers.
struct Tile {
    arma::uword q0, nq, k0, nk;
};

// Folds one block of numerators into the running max and sum of each query; returns nothing, leaves
// the numerators (zero for causally hidden keys) in `s` and rescales the running outputs.
template <typename T>
void online_softmax_step(arma::Mat<T>& s, const Tile& t, bool causal, T scale, StreamingScratch<T>& ws,
                         arma::Mat<T>& out_block) {
    for (arma::uword c = 0; c < t.nq; ++c) {
        T* column = s.colptr(c);
        const arma::uword query = t.q0 + c;
        const arma::uword visible = !causal        ? t.nk
                                    : query < t.k0 ? 0
                                                   : std::min<arma::uword>(query - t.k0 + 1, t.nk);
        std::fill(column + visible, column + t.nk, T(0));
        if (visible == 0) continue;  // every key of this block is in the query's future
        const T m_new = std::max(ws.running_max(c), kernels::max_of(column, visible) * scale);
        const T correction = std::exp(ws.running_max(c) - m_new);  // exp(−∞) = 0 on the first block
        ws.running_sum(c) =
            ws.running_sum(c) * correction + kernels::exp_shifted_sum(column, visible, scale, m_new);
        ws.running_max(c) = m_new;
        if (correction != T(1)) kernels::scale_in_place(out_block.colptr(c), out_block.n_rows, correction);
    }
}

// All key blocks for one block of queries, then the division by the running sums.
template <typename T>
void query_block(arma::uword q0, arma::uword nq, bool causal, T scale, StreamingBlocks blocks,
                 StreamingWorkspace<T>& ws, StreamingScratch<T>& scratch) {
    arma::Mat<T> out_block = view(ws.out_t, q0, nq);  // (d_v, nq)
    out_block.zeros();
    scratch.running_max.fill(-std::numeric_limits<T>::infinity());
    scratch.running_sum.zeros();
    const arma::Mat<T> q_block = view(ws.q_t, q0, nq);  // (d_k, nq)
    const arma::uword n_k = causal ? std::min(ws.k_t.n_cols, q0 + nq) : ws.k_t.n_cols;
    for (arma::uword k0 = 0; k0 < n_k; k0 += blocks.keys) {
        const Tile tile{q0, nq, k0, std::min(blocks.keys, n_k - k0)};
        arma::Mat<T> s(scratch.scores.memptr(), tile.nk, nq, false, true);      // (nk, nq)
        arma::gemm<true, false>::apply(s, view(ws.k_t, k0, tile.nk), q_block);  // K_blockᵀᵀ·Q_blockᵀ
        online_softmax_step(s, tile, causal, scale, scratch, out_block);
        arma::gemm<false, false, false, true>::apply(out_block, view(ws.v_t, k0, tile.nk), s, T(1), T(1));
    }
    for (arma::uword c = 0; c < nq; ++c)
        kernels::scale_in_place(out_block.colptr(c), out_block.n_rows, T(1) / scratch.running_sum(c));
}

// Runs every query block, `threads` at a time. Blocks go out from the last one: with the causal mask the
// last blocks see the most keys, and handing them out first evens out the threads' finishing times.
template <typename T>
void all_query_blocks(arma::uword n_q, bool causal, T scale, StreamingBlocks blocks,
                      StreamingWorkspace<T>& ws) {
    const arma::uword n_blocks = (n_q + blocks.queries - 1) / blocks.queries;
    const auto run_block = [&](arma::uword b, StreamingScratch<T>& scratch) {
        const arma::uword q0 = (n_blocks - 1 - b) * blocks.queries;
        query_block(q0, std::min(blocks.queries, n_q - q0), causal, scale, blocks, ws, scratch);
    };
    if (ws.threads.size() == 1) {
        for (arma::uword b = 0; b < n_blocks; ++b) run_block(b, ws.threads[0]);
        return;
    }
    // Each thread calls the BLAS on its own block; a multi-threaded BLAS inside would oversubscribe the
    // cores.
    const int blas = blas_threads();
    set_blas_threads(1);
    std::atomic<arma::uword> next{0};
    std::exception_ptr failure;
    std::mutex failure_lock;
    std::vector<std::thread> pool;
    for (StreamingScratch<T>& scratch : ws.threads)
        pool.emplace_back([&, s = &scratch] {
            try {
                for (arma::uword b = next++; b < n_blocks; b = next++) run_block(b, *s);
            } catch (...) {
                const std::lock_guard<std::mutex> hold(failure_lock);
                failure = std::current_exception();
            }
        });
    for (std::thread& t : pool) t.join();
    set_blas_threads(blas);
    if (failure) std::rethrow_exception(failure);
}

}  // namespace

template <typename T>
void streaming_attention(const arma::Mat<T>& q, const arma::Mat<T>& k, const arma::Mat<T>& v, bool causal,
                         StreamingWorkspace<T>& ws, arma::Mat<T>& out, StreamingBlocks blocks) {
    require_attention_shapes(q, k, v, causal);
    if (blocks.queries == 0 || blocks.keys == 0)
        throw std::invalid_argument("streaming attention needs blocks of at least 1 query and 1 key");
    ws.q_t = q.t();  // reuses the workspace's memory when the size is unchanged
    ws.k_t = k.t();
    ws.v_t = v.t();
    ws.out_t.set_size(v.n_cols, q.n_rows);
    const arma::uword n_blocks = (q.n_rows + blocks.queries - 1) / blocks.queries;
    const unsigned wanted =
        blocks.threads ? blocks.threads : static_cast<unsigned>(std::max(1, blas_threads()));
    ws.threads.resize(std::max<arma::uword>(1, std::min<arma::uword>(wanted, n_blocks)));
    for (StreamingScratch<T>& scratch : ws.threads) {
        scratch.scores.set_size(std::min(blocks.keys, k.n_rows), std::min(blocks.queries, q.n_rows));
        scratch.running_max.set_size(scratch.scores.n_cols);
        scratch.running_sum.set_size(scratch.scores.n_cols);
    }
    all_query_blocks(q.n_rows, causal, T(1) / std::sqrt(T(q.n_cols)), blocks, ws);
    out = ws.out_t.t();
}

template <typename T>
arma::Mat<T> streaming_attention(const arma::Mat<T>& q, const arma::Mat<T>& k, const arma::Mat<T>& v,
                                 bool causal, StreamingBlocks blocks) {
    StreamingWorkspace<T> ws;
    arma::Mat<T> out;
    streaming_attention(q, k, v, causal, ws, out, blocks);
    return out;
}

template void streaming_attention<float>(const arma::fmat&, const arma::fmat&, const arma::fmat&, bool,
                                         StreamingWorkspace<float>&, arma::fmat&, StreamingBlocks);
template void streaming_attention<double>(const arma::mat&, const arma::mat&, const arma::mat&, bool,
                                          StreamingWorkspace<double>&, arma::mat&, StreamingBlocks);
template arma::fmat streaming_attention<float>(const arma::fmat&, const arma::fmat&, const arma::fmat&, bool,
                                               StreamingBlocks);
template arma::mat streaming_attention<double>(const arma::mat&, const arma::mat&, const arma::mat&, bool,
                                               StreamingBlocks);

}  // namespace attn::math
