#include "math/full_attention_kernels.hpp"

#include <immintrin.h>

#include <algorithm>
#include <cmath>

namespace attn::math::kernels {
namespace {

// exp(r) for |r| ≤ ln2/2 by its Taylor series: the degree-13 remainder is below 1e-17 relative,
// so the double result is as good as std::exp for the 1e-12 comparisons in the tests.
__attribute__((target("avx2,fma"))) inline __m256d exp_reduced_pd(__m256d r) {
    static const double c[] = {1.0 / 6227020800.0,
                               1.0 / 479001600.0,
                               1.0 / 39916800.0,
                               1.0 / 3628800.0,
                               1.0 / 362880.0,
                               1.0 / 40320.0,
                               1.0 / 5040.0,
                               1.0 / 720.0,
                               1.0 / 120.0,
                               1.0 / 24.0,
                               1.0 / 6.0,
                               0.5,
                               1.0,
                               1.0};
    __m256d p = _mm256_set1_pd(c[0]);
    for (int i = 1; i < 14; ++i) p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(c[i]));
    return p;
}

// exp(x) = 2^k · exp(r) with k = round(x / ln2) and r = x − k·ln2 (ln2 split in two for exactness).
__attribute__((target("avx2,fma"))) inline __m256d exp_pd(__m256d x) {
    const __m256d too_small = _mm256_cmp_pd(x, _mm256_set1_pd(-708.0), _CMP_LT_OQ);
    x = _mm256_max_pd(x, _mm256_set1_pd(-708.0));
    const __m256d k = _mm256_round_pd(_mm256_mul_pd(x, _mm256_set1_pd(1.4426950408889634)),
                                      _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256d r = _mm256_fnmadd_pd(k, _mm256_set1_pd(6.93147180369123816490e-01), x);
    r = _mm256_fnmadd_pd(k, _mm256_set1_pd(1.90821492927058770002e-10), r);
    const __m128i k32 = _mm256_cvtpd_epi32(k);
    const __m256i bits =
        _mm256_slli_epi64(_mm256_add_epi64(_mm256_cvtepi32_epi64(k32), _mm256_set1_epi64x(1023)), 52);
    const __m256d result = _mm256_mul_pd(exp_reduced_pd(r), _mm256_castsi256_pd(bits));
    return _mm256_andnot_pd(too_small, result);
}

// The same for float: degree 7 leaves a remainder below 1e-8 relative.
__attribute__((target("avx2,fma"))) inline __m256 exp_ps(__m256 x) {
    const __m256 too_small = _mm256_cmp_ps(x, _mm256_set1_ps(-87.0f), _CMP_LT_OQ);
    x = _mm256_max_ps(x, _mm256_set1_ps(-87.0f));
    const __m256 k = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504f)),
                                     _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256 r = _mm256_fnmadd_ps(k, _mm256_set1_ps(0.693359375f), x);
    r = _mm256_fnmadd_ps(k, _mm256_set1_ps(-2.12194440e-4f), r);
    static const float c[] = {1.0f / 5040.0f, 1.0f / 720.0f, 1.0f / 120.0f, 1.0f / 24.0f,
                              1.0f / 6.0f,    0.5f,          1.0f,          1.0f};
    __m256 p = _mm256_set1_ps(1.0f / 40320.0f);
    for (float coefficient : c) p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(coefficient));
    const __m256i bits =
        _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(k), _mm256_set1_epi32(127)), 23);
    return _mm256_andnot_ps(too_small, _mm256_mul_ps(p, _mm256_castsi256_ps(bits)));
}

__attribute__((target("avx2,fma"))) double exp_sum_avx2(double* x, std::size_t n, double scale,
                                                        double shift) {
    const __m256d vs = _mm256_set1_pd(scale), vshift = _mm256_set1_pd(shift);
    __m256d sum0 = _mm256_setzero_pd(), sum1 = _mm256_setzero_pd();
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const __m256d e0 = exp_pd(_mm256_fmsub_pd(_mm256_loadu_pd(x + i), vs, vshift));
        const __m256d e1 = exp_pd(_mm256_fmsub_pd(_mm256_loadu_pd(x + i + 4), vs, vshift));
        _mm256_storeu_pd(x + i, e0);
        _mm256_storeu_pd(x + i + 4, e1);
        sum0 = _mm256_add_pd(sum0, e0);
        sum1 = _mm256_add_pd(sum1, e1);
    }
    alignas(32) double lanes[4];
    _mm256_store_pd(lanes, _mm256_add_pd(sum0, sum1));
    double sum = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
    for (; i < n; ++i) sum += (x[i] = std::exp(std::fma(x[i], scale, -shift)));
    return sum;
}

__attribute__((target("avx2,fma"))) float exp_sum_avx2(float* x, std::size_t n, float scale, float shift) {
    const __m256 vs = _mm256_set1_ps(scale), vshift = _mm256_set1_ps(shift);
    __m256 sum0 = _mm256_setzero_ps(), sum1 = _mm256_setzero_ps();
    std::size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        const __m256 e0 = exp_ps(_mm256_fmsub_ps(_mm256_loadu_ps(x + i), vs, vshift));
        const __m256 e1 = exp_ps(_mm256_fmsub_ps(_mm256_loadu_ps(x + i + 8), vs, vshift));
        _mm256_storeu_ps(x + i, e0);
        _mm256_storeu_ps(x + i + 8, e1);
        sum0 = _mm256_add_ps(sum0, e0);
        sum1 = _mm256_add_ps(sum1, e1);
    }
    alignas(32) float lanes[8];
    _mm256_store_ps(lanes, _mm256_add_ps(sum0, sum1));
    float sum = 0.0f;
    for (float lane : lanes) sum += lane;
    for (; i < n; ++i) sum += (x[i] = std::exp(std::fma(x[i], scale, -shift)));
    return sum;
}

__attribute__((target("avx2"))) double max_avx2(const double* x, std::size_t n) {
    __m256d m = _mm256_set1_pd(x[0]);
    std::size_t i = 0;
    for (; i + 4 <= n; i += 4) m = _mm256_max_pd(m, _mm256_loadu_pd(x + i));
    alignas(32) double lanes[4];
    _mm256_store_pd(lanes, m);
    double best = std::max(std::max(lanes[0], lanes[1]), std::max(lanes[2], lanes[3]));
    for (; i < n; ++i) best = std::max(best, x[i]);
    return best;
}

__attribute__((target("avx2"))) float max_avx2(const float* x, std::size_t n) {
    __m256 m = _mm256_set1_ps(x[0]);
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) m = _mm256_max_ps(m, _mm256_loadu_ps(x + i));
    alignas(32) float lanes[8];
    _mm256_store_ps(lanes, m);
    float best = lanes[0];
    for (float lane : lanes) best = std::max(best, lane);
    for (; i < n; ++i) best = std::max(best, x[i]);
    return best;
}

// Horizontal sums of a vector.
__attribute__((target("avx2,fma"))) inline double lanes_sum(__m256d v) {
    const __m128d pair = _mm_add_pd(_mm256_castpd256_pd128(v), _mm256_extractf128_pd(v, 1));
    return _mm_cvtsd_f64(_mm_add_sd(pair, _mm_unpackhi_pd(pair, pair)));
}

__attribute__((target("avx2,fma"))) inline float lanes_sum(__m256 v) {
    __m128 quad = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    quad = _mm_add_ps(quad, _mm_movehl_ps(quad, quad));
    return _mm_cvtss_f32(_mm_add_ss(quad, _mm_shuffle_ps(quad, quad, 1)));
}

// Loads, multiply-adds and stores of 4 doubles or 8 floats, so that one template serves both.
struct Lanes4d {
    using V = __m256d;
    static constexpr std::size_t width = 4;
    __attribute__((target("avx2,fma"))) static V zero() { return _mm256_setzero_pd(); }
    __attribute__((target("avx2,fma"))) static V load(const double* p) { return _mm256_loadu_pd(p); }
    __attribute__((target("avx2,fma"))) static V broadcast(double x) { return _mm256_set1_pd(x); }
    __attribute__((target("avx2,fma"))) static V fma(V a, V b, V c) { return _mm256_fmadd_pd(a, b, c); }
    __attribute__((target("avx2,fma"))) static V add(V a, V b) { return _mm256_add_pd(a, b); }
    __attribute__((target("avx2,fma"))) static void store(double* p, V v) { _mm256_storeu_pd(p, v); }
};

struct Lanes8f {
    using V = __m256;
    static constexpr std::size_t width = 8;
    __attribute__((target("avx2,fma"))) static V zero() { return _mm256_setzero_ps(); }
    __attribute__((target("avx2,fma"))) static V load(const float* p) { return _mm256_loadu_ps(p); }
    __attribute__((target("avx2,fma"))) static V broadcast(float x) { return _mm256_set1_ps(x); }
    __attribute__((target("avx2,fma"))) static V fma(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }
    __attribute__((target("avx2,fma"))) static V add(V a, V b) { return _mm256_add_ps(a, b); }
    __attribute__((target("avx2,fma"))) static void store(float* p, V v) { _mm256_storeu_ps(p, v); }
};

template <typename T>
struct LanesOf;
template <>
struct LanesOf<double> {
    using type = Lanes4d;
};
template <>
struct LanesOf<float> {
    using type = Lanes8f;
};

// Two accumulators per column hide the latency of the multiply-adds; the tail of d goes scalar.
template <typename T>
__attribute__((target("avx2,fma"))) void column_dots_avx2(const T* columns, std::size_t d, std::size_t n,
                                                          const T* q, T* scores) {
    using L = typename LanesOf<T>::type;
    const std::size_t w = L::width;
    for (std::size_t j = 0; j < n; ++j) {
        const T* column = columns + j * d;
        typename L::V a0 = L::zero(), a1 = L::zero();
        std::size_t i = 0;
        for (; i + 2 * w <= d; i += 2 * w) {
            a0 = L::fma(L::load(column + i), L::load(q + i), a0);
            a1 = L::fma(L::load(column + i + w), L::load(q + i + w), a1);
        }
        for (; i + w <= d; i += w) a0 = L::fma(L::load(column + i), L::load(q + i), a0);
        T dot = lanes_sum(L::add(a0, a1));
        for (; i < d; ++i) dot += column[i] * q[i];
        scores[j] = dot;
    }
}

// out += weights[j]·column j, two columns per pass over out to halve its loads and stores.
template <typename T>
__attribute__((target("avx2,fma"))) void weighted_sum_avx2(const T* columns, std::size_t d, std::size_t n,
                                                           const T* weights, T* out) {
    using L = typename LanesOf<T>::type;
    const std::size_t w = L::width, vector_end = d - d % w;
    std::fill(out, out + d, T(0));
    std::size_t j = 0;
    for (; j + 2 <= n; j += 2) {
        const T* c0 = columns + j * d;
        const T* c1 = c0 + d;
        const typename L::V w0 = L::broadcast(weights[j]), w1 = L::broadcast(weights[j + 1]);
        for (std::size_t i = 0; i < vector_end; i += w)
            L::store(out + i, L::fma(L::load(c1 + i), w1, L::fma(L::load(c0 + i), w0, L::load(out + i))));
        for (std::size_t i = vector_end; i < d; ++i) out[i] += weights[j] * c0[i] + weights[j + 1] * c1[i];
    }
    for (; j < n; ++j)
        for (std::size_t i = 0; i < d; ++i) out[i] += weights[j] * columns[j * d + i];
}

const bool has_avx2_fma = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");

}  // namespace

bool vectorised_exp() { return has_avx2_fma; }

template <typename T>
T max_of(const T* x, std::size_t n) {
    if (has_avx2_fma) return max_avx2(x, n);
    return *std::max_element(x, x + n);
}

template <typename T>
T exp_shifted_sum(T* x, std::size_t n, T scale, T shift) {
    if (has_avx2_fma) return exp_sum_avx2(x, n, scale, shift);
    T sum = 0;
    for (std::size_t i = 0; i < n; ++i) sum += (x[i] = std::exp(std::fma(x[i], scale, -shift)));
    return sum;
}

template <typename T>
void scale_in_place(T* x, std::size_t n, T factor) {
    for (std::size_t i = 0; i < n; ++i) x[i] *= factor;
}

template <typename T>
void column_dots(const T* columns, std::size_t d, std::size_t n, const T* q, T* scores) {
    if (has_avx2_fma) return column_dots_avx2(columns, d, n, q, scores);
    for (std::size_t j = 0; j < n; ++j) {
        T dot = 0;
        for (std::size_t i = 0; i < d; ++i) dot += columns[j * d + i] * q[i];
        scores[j] = dot;
    }
}

template <typename T>
void weighted_column_sum(const T* columns, std::size_t d, std::size_t n, const T* weights, T* out) {
    if (has_avx2_fma) return weighted_sum_avx2(columns, d, n, weights, out);
    std::fill(out, out + d, T(0));
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = 0; i < d; ++i) out[i] += weights[j] * columns[j * d + i];
}

template void column_dots<float>(const float*, std::size_t, std::size_t, const float*, float*);
template void column_dots<double>(const double*, std::size_t, std::size_t, const double*, double*);
template void weighted_column_sum<float>(const float*, std::size_t, std::size_t, const float*, float*);
template void weighted_column_sum<double>(const double*, std::size_t, std::size_t, const double*, double*);
template float max_of<float>(const float*, std::size_t);
template double max_of<double>(const double*, std::size_t);
template float exp_shifted_sum<float>(float*, std::size_t, float, float);
template double exp_shifted_sum<double>(double*, std::size_t, double, double);
template void scale_in_place<float>(float*, std::size_t, float);
template void scale_in_place<double>(double*, std::size_t, double);

}  // namespace attn::math::kernels
