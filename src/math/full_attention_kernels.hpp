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

// True when the vectorised AVX2+FMA path is in use (reported by `attn bench`).
bool vectorised_exp();

}  // namespace attn::math::kernels
