// One decode step at benchmark scale: a single query against n cached keys and values. Every cached
// number is read once and used for one multiply-add, so the step is limited by how fast memory delivers
// the cache, not by arithmetic: `attn bench --methods decode` compares it with a plain memory copy.
#pragma once
#include <armadillo>
#include <cstddef>

namespace attn::math {

template <typename T>
struct DecodeWorkspace {
    arma::Col<T> weights;  // (n) scores, then the softmax numerators
    arma::Mat<T> partial;  // (d_v, parts) each part's unnormalised output
};

// out ← Vᵀ·softmax(K·q/√d_k) for one query q (d_k). The cache stores one token per column, as a model
// appends it: keys_t (d_k, n), values_t (d_v, n); out (d_v). Each key and value is read once, in order.
// With threads > 1 the cached tokens are split into one run per thread (split-K, as FlashDecoding does):
// each run has its own max, sum and output, merged at the end as the online softmax merges blocks.
template <typename T>
void decode_attention(const arma::Mat<T>& keys_t, const arma::Mat<T>& values_t, const arma::Col<T>& q,
                      DecodeWorkspace<T>& ws, arma::Col<T>& out, unsigned threads = 1);

// Bytes one step reads from the cache: every key and value once.
std::size_t decode_bytes_read(std::size_t n, std::size_t d_k, std::size_t d_v, std::size_t bytes_per_number);

}  // namespace attn::math
