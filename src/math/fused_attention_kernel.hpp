// attn's own fused attention kernel: streaming (online-softmax) attention in SIMD registers, for float
// and double, written once with Highway and compiled for every instruction set Highway targets
// (AVX-512, AVX2+FMA, SSE4, a portable fallback; NEON on arm64). At run time it takes the best one the
// CPU has, from the CPU's feature bits: no CPU model table, nothing read from OPENBLAS_CORETYPE.
//
// For a group of 8 queries and a tile of 2 vectors of keys it keeps the 16 partial dot products
// Q·Kᵀ in registers, walks d, then folds the tile's scores into each query's running max m and sum l
// with a vectorised exp of its own (see fused_exp), and accumulates exp(s − m)·V into the outputs,
// again 4 queries × 4 vectors of d_v in registers. Keys go in blocks of 256 that a block of 64 queries
// shares while they sit in L2. On targets with 16 vector registers (AVX2, SSE4) the tiles are 4
// queries high, so that the accumulators never spill.
#pragma once
#include <armadillo>
#include <string>
#include <vector>

namespace attn::math {

// Which keys a query may see. With neither, all of them.
struct FusedMask {
    bool causal = false;     // query i sees keys j ≤ i
    arma::uword window = 0;  // > 0: only the window of local_window() (needs n_q = n_k)
};

// K and V packed for the kernel. Kept between calls: the buffers only grow, so repeated calls of one
// size allocate nothing (the page faults of fresh buffers cost up to a fifth of a run on a VM).
template <typename T>
struct FusedWorkspace {
    std::vector<T> k, v;
    std::size_t bytes() const { return (k.size() + v.size()) * sizeof(T); }
};

// out ← softmax(Q·Kᵀ/√d_k with the mask)·V. Q (n_q, d_k), K (n_k, d_k), V (n_k, d_v) → out (n_q, d_v).
// `threads` (≥ 1) threads take blocks of 64 queries in turn.
template <typename T>
void fused_attention(const arma::Mat<T>& q, const arma::Mat<T>& k, const arma::Mat<T>& v, FusedMask mask,
                     unsigned threads, arma::Mat<T>& out);

// The same in a workspace kept between calls.
template <typename T>
void fused_attention(const arma::Mat<T>& q, const arma::Mat<T>& k, const arma::Mat<T>& v, FusedMask mask,
                     unsigned threads, FusedWorkspace<T>& ws, arma::Mat<T>& out);

// exp(x) element by element with the kernel's vectorised exp: k = round(x / ln 2), r = x − k·ln 2, a
// polynomial for exp(r) (Cephes' expf in float, the Taylor series to r¹² in double), 2^k put into the
// exponent bits. Tested at ≤ 2 ulp from std::exp over [−87, 88] in float and [−700, 700] in double on
// every instruction set. Below −87 (float) or −708 (double) it returns exactly 0.
template <typename T>
arma::Col<T> fused_exp(const arma::Col<T>& x);

// The instruction set the kernel runs on now, as Highway names it ("AVX3" is AVX-512, "EMU128" the
// portable fallback).
std::string fused_kernel_target();

// The levels ATTN_SIMD accepts that this CPU can run, best first: of avx512, avx2, sse4, scalar.
std::vector<std::string> fused_simd_levels();

// ATTN_SIMD=avx512|avx2|sse4|scalar lowers the dispatch to that level (never raises it above what the
// CPU has); unset or empty means the best. Read on every call; throws std::invalid_argument naming the
// accepted values when the value is unknown or the CPU lacks it.
void apply_simd_choice();

}  // namespace attn::math
