// Streaming (online-softmax, tiled) attention: the same answer as full attention without ever holding
// the n_q × n_k weight matrix. For each block of queries it walks the blocks of keys, keeping for
// every query a running maximum m, a running sum l of exp(score − m) and a running output o:
//   m' = max(m, block max),  c = exp(m − m'),  l ← c·l + Σ exp(s − m'),  o ← c·o + exp(s − m')·V_block,
// and divides o by l at the end. Memory: O(n·d) plus one block of scores per thread.
// Query blocks are independent (each has its own m, l and o), so threads take them in turn. It runs on
// attn's own SIMD kernel, not on BLAS.
#pragma once
#include <algorithm>
#include <armadillo>
#include <vector>

#include "math/fused_attention_kernel.hpp"

namespace attn::math {

struct StreamingBlocks {
    // Kept for the interface (both must be ≥ 1): the fused kernel (fused_attention_kernel.hpp) picks its
    // own tiles, 8 queries × 2 vectors of keys in registers and blocks of 64 × 256 in L2.
    arma::uword queries = 512;  // queries per block: the columns of one block of scores
    arma::uword keys = 1024;    // keys per block: the rows of one block of scores
    // Threads working on query blocks at once; 0 = as many as the BLAS uses (OPENBLAS_NUM_THREADS, or
    // --threads). While they run, each matrix product is single-threaded: the threads are the parallelism.
    unsigned threads = 0;
};

// What one thread needs for the query block it works on.
template <typename T>
struct StreamingScratch {
    arma::Mat<T> scores;       // (keys, queries): one block of scores, then its numerators
    arma::Col<T> running_max;  // (queries) m, in scaled units
    arma::Col<T> running_sum;  // (queries) l
};

template <typename T>
struct StreamingWorkspace {
    arma::Mat<T> q_t, k_t, v_t;  // (d_k, n_q), (d_k, n_k), (d_v, n_k): a block of tokens is a run of columns
    arma::Mat<T> out_t;          // (d_v, n_q) running outputs; each query block writes only its columns
    std::vector<StreamingScratch<T>> threads;  // one per thread
    FusedWorkspace<T> fused;                   // K and V packed for attn's fused kernel

    std::size_t largest_buffer_bytes() const {
        std::size_t largest = std::max({q_t.n_elem, k_t.n_elem, v_t.n_elem, out_t.n_elem});
        for (const StreamingScratch<T>& s : threads)
            largest = std::max<std::size_t>(largest, s.scores.n_elem);
        return std::max(largest * sizeof(T), std::max(fused.k.size(), fused.v.size()) * sizeof(T));
    }
};

// out ← softmax(Q·Kᵀ/√d_k)·V computed block by block. Q (n_q, d_k), K (n_k, d_k), V (n_k, d_v) →
// out (n_q, d_v). With `causal`, query i sees keys j ≤ i, and key blocks wholly after a query block are
// skipped (half the work).
template <typename T>
void streaming_attention(const arma::Mat<T>& q, const arma::Mat<T>& k, const arma::Mat<T>& v, bool causal,
                         StreamingWorkspace<T>& ws, arma::Mat<T>& out, StreamingBlocks blocks = {});

// The same with a fresh workspace, returning the output (n_q, d_v).
template <typename T>
arma::Mat<T> streaming_attention(const arma::Mat<T>& q, const arma::Mat<T>& k, const arma::Mat<T>& v,
                                 bool causal, StreamingBlocks blocks = {});

}  // namespace attn::math
