// The inner loops shared by full, local and streaming attention: a running maximum and a fused
// exp-and-sum over one contiguous column of scores, in float and double, vectorised with AVX2+FMA
// when the processor has it (checked once at run time), plain std::exp otherwise.
#pragma once
#include <cstddef>

namespace attn::math::kernels {

// Largest of x[0..n). n ≥ 1.
template <typename T>
T max_of(const T* x, std::size_t n);

// x[i] ← exp(x[i]·scale − shift) for i < n, returning the sum of the new values. With shift =
// max·scale every exponent is ≤ 0, so nothing overflows; this is the softmax numerator of one query.
// Exponents below the smallest normal number give exactly 0.
template <typename T>
T exp_shifted_sum(T* x, std::size_t n, T scale, T shift);

// x[i] ← x[i]·factor for i < n.
template <typename T>
void scale_in_place(T* x, std::size_t n, T factor);

// scores[j] ← q·column j of a (d, n) column-major matrix, for j < n: one decode step's scores, each
// cached key read once from contiguous memory.
template <typename T>
void column_dots(const T* columns, std::size_t d, std::size_t n, const T* q, T* scores);

// out[0..d) ← Σ_j weights[j]·column j of a (d, n) column-major matrix: one decode step's weighted sum
// of the cached values, read once in order; out stays in the first-level cache meanwhile.
template <typename T>
void weighted_column_sum(const T* columns, std::size_t d, std::size_t n, const T* weights, T* out);

// True when the vectorised AVX2+FMA path is in use (reported by `attn bench`).
bool vectorised_exp();

}  // namespace attn::math::kernels
