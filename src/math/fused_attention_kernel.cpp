// The kernel is written once below and compiled once per instruction set: foreach_target.h includes
// this file again for each of Highway's targets, and HWY_DYNAMIC_DISPATCH picks one at run time.
#include "math/fused_attention_kernel.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <stdexcept>

#include "math/full_attention.hpp"
#include "math/local_attention.hpp"
#include "math/on_threads.hpp"

// Every target Highway can build here. (Debian's Highway 1.0.3 builds no portable EMU128 target for
// x86-64, whose SSSE3/SSE4 targets cover every x86-64 CPU since 2008; on other CPUs it is the fallback.)
#ifndef HWY_COMPILE_ALL_ATTAINABLE
#define HWY_COMPILE_ALL_ATTAINABLE
#endif
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "math/fused_attention_kernel.cpp"
// foreach_target.h must come before highway.h.
// clang-format off
#include <hwy/foreach_target.h>
#include <hwy/highway.h>
// clang-format on

#ifndef ATTN_FUSED_PROBLEM_ONCE
#define ATTN_FUSED_PROBLEM_ONCE
namespace attn::math::fused {
// One call, as every target sees it: Armadillo's column-major memory and each query's key range.
template <typename T>
struct Problem {
    const T *q, *k, *v;  // (n_q, d), (n_k, d), (n_k, d_v), column-major
    T* out;              // (n_q, d_v), column-major
    std::size_t n_q, n_k, d, dv;
    const arma::uword *first, *last;  // (rows rounded up to 8): the keys query i sees, inclusive
    unsigned threads;
    FusedWorkspace<T>* ws;  // where K and V are packed
};
constexpr std::size_t kRows = 8;         // queries whose scores a tile keeps in registers
constexpr std::size_t kBlockRows = 64;   // queries that share one block of keys in L2
constexpr std::size_t kBlockKeys = 256;  // keys per block: 256 × (64 + 64) floats = 128 KiB
}  // namespace attn::math::fused
#endif

HWY_BEFORE_NAMESPACE();
namespace attn::math::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;
using fused::kBlockKeys;
using fused::kBlockRows;
using fused::kRows;

// K and V repacked for unit-stride vector loads, shared by all threads, in the caller's workspace.
// (Each thread packs its own block of Q: see PackQueries.)
template <typename T>
struct Packed {
    std::size_t lanes, tile, d, dvp, keys;  // keys: n_k rounded up to whole tiles
    T* k;                                   // per tile of `tile` keys: (d, tile) row-major, so one step
                                            // of d is 2 vectors
    T* v;                                   // (keys, dvp) row-major, zeros past n_k and d_v
};

// The layout, in the workspace's buffers (grown, never shrunk: a fresh allocation's page faults cost
// as much as a fifth of a run here).
template <typename T>
Packed<T> PackedShape(const fused::Problem<T>& p, std::size_t lanes) {
    const std::size_t tile = 2 * lanes, keys = (p.n_k + tile - 1) / tile * tile;
    const std::size_t dvp = (p.dv + lanes - 1) / lanes * lanes;
    if (p.ws->k.size() < keys * p.d) p.ws->k.resize(keys * p.d);
    if (p.ws->v.size() < keys * dvp) p.ws->v.resize(keys * dvp);
    return Packed<T>{lanes, tile, p.d, dvp, keys, p.ws->k.data(), p.ws->v.data()};
}

// Tiles [t0, t1) of K and their rows of V. Armadillo's columns are read in runs of a whole tile and
// the writes stay within one tile, in L1: a transpose element by element across the whole matrix
// missed the cache on every write. K past n_k may hold anything (those scores are masked to −∞), V
// must be 0 there, as 0 · garbage could be NaN.
template <typename T>
void PackKeys(const fused::Problem<T>& p, const Packed<T>& m, std::size_t t0, std::size_t t1) {
    for (std::size_t t = t0; t < t1; ++t) {
        const std::size_t j0 = t * m.tile, j1 = std::min(j0 + m.tile, p.n_k);
        T* ktile = m.k + j0 * p.d;  // (d, tile)
        for (std::size_t c = 0; c < p.d; ++c)
            std::copy(p.k + c * p.n_k + j0, p.k + c * p.n_k + j1, ktile + c * m.tile);
        std::fill(m.v + j0 * m.dvp, m.v + (j0 + m.tile) * m.dvp, T(0));
        for (std::size_t e = 0; e < p.dv; ++e)
            for (std::size_t j = j0; j < j1; ++j) m.v[j * m.dvp + e] = p.v[e * p.n_k + j];
    }
}

// q ← rows [q0, q1) of Q (rows past n_q repeat zeros), (q1 − q0, d) row-major, times 1/√d.
template <typename T>
void PackQueries(const fused::Problem<T>& p, std::size_t q0, std::size_t q1, T* q) {
    const T scale = T(1) / std::sqrt(T(p.d));
    const std::size_t end = std::min(q1, p.n_q);
    std::fill(q, q + (q1 - q0) * p.d, T(0));
    for (std::size_t c = 0; c < p.d; ++c)
        for (std::size_t i = q0; i < end; ++i) q[(i - q0) * p.d + c] = p.q[c * p.n_q + i] * scale;
}

// Rows of a register tile: with 32 vector registers (AVX-512, NEON, SVE) 8 queries × 2 vectors of
// keys (16 accumulators); with 16 (AVX2, SSE4) 4 queries, so that the accumulators never spill.
#if HWY_TARGET == HWY_AVX2 || HWY_TARGET == HWY_SSE4 || HWY_TARGET == HWY_SSSE3
constexpr std::size_t kTileRows = 4;
#else
constexpr std::size_t kTileRows = 8;
#endif

// s (R rows, stride `stride`) ← the scores of R queries against one tile of 2 vectors of keys, the
// 2·R partial sums in registers while the loop walks d. The unroll pragmas are what keeps them in
// registers: at -O2 GCC leaves the loops over r rolled and the accumulators in memory.
template <std::size_t R, class D, typename T>
HWY_INLINE void ScoreTile(D d, const T* q, std::size_t dk, const T* ktile, T* s, std::size_t stride) {
    using V = decltype(hn::Zero(d));
    const std::size_t n = hn::Lanes(d);
    V a0[R], a1[R];
#pragma GCC unroll 8
    for (std::size_t r = 0; r < R; ++r) a0[r] = a1[r] = hn::Zero(d);
    for (std::size_t c = 0; c < dk; ++c) {
        const V k0 = hn::LoadU(d, ktile + c * 2 * n);
        const V k1 = hn::LoadU(d, ktile + c * 2 * n + n);
#pragma GCC unroll 8
        for (std::size_t r = 0; r < R; ++r) {
            const V qv = hn::Set(d, q[r * dk + c]);
            a0[r] = hn::MulAdd(qv, k0, a0[r]);
            a1[r] = hn::MulAdd(qv, k1, a1[r]);
        }
    }
#pragma GCC unroll 8
    for (std::size_t r = 0; r < R; ++r) {
        hn::StoreU(a0[r], d, s + r * stride);
        hn::StoreU(a1[r], d, s + r * stride + n);
    }
}

// exp(r) for |r| ≤ ln2/2 in float: Cephes' expf, 1 + r + r²·P(r) with P of degree 5.
template <class D, class V = hn::Vec<D>>
HWY_INLINE V ExpPolyFloat(D d, V r) {
    using T = hn::TFromD<D>;
    V p = hn::Set(d, T(1.9875691500E-4));
    p = hn::MulAdd(p, r, hn::Set(d, T(1.3981999507E-3)));
    p = hn::MulAdd(p, r, hn::Set(d, T(8.3334519073E-3)));
    p = hn::MulAdd(p, r, hn::Set(d, T(4.1665795894E-2)));
    p = hn::MulAdd(p, r, hn::Set(d, T(1.6666665459E-1)));
    p = hn::MulAdd(p, r, hn::Set(d, T(5.0000001201E-1)));
    return hn::MulAdd(p, hn::Mul(r, r), hn::Add(r, hn::Set(d, T(1))));
}

// exp(r) for |r| ≤ ln2/2 in double: 1 + (r + r²·P(r)), P the Taylor series' tail to r¹², by Estrin's
// scheme (short dependency chains); the 1 is added last, so that its rounding is the only large one.
template <class D, class V = hn::Vec<D>>
HWY_INLINE V ExpPolyDouble(D d, V r) {
    using T = hn::TFromD<D>;
    const V r2 = hn::Mul(r, r), r4 = hn::Mul(r2, r2), r8 = hn::Mul(r4, r4);
    const auto pair = [&](double a, double b) { return hn::MulAdd(hn::Set(d, T(b)), r, hn::Set(d, T(a))); };
    const V q0 = hn::MulAdd(pair(1.0 / 24, 1.0 / 120), r2, pair(1.0 / 2, 1.0 / 6));
    const V q1 = hn::MulAdd(pair(1.0 / 40320, 1.0 / 362880), r2, pair(1.0 / 720, 1.0 / 5040));
    const V q2 = hn::MulAdd(hn::Set(d, T(1.0 / 479001600)), r2, pair(1.0 / 3628800, 1.0 / 39916800));
    const V tail = hn::MulAdd(q2, r8, hn::MulAdd(q1, r4, q0));
    return hn::Add(hn::MulAdd(tail, r2, r), hn::Set(d, T(1)));
}

// exp(x) in the kernel: k = round(x / ln 2) by the 1.5·2^m trick (no int conversion), r = x − k·ln 2 in
// two parts, a polynomial for exp(r), then 2^k added to the exponent bits. Float: Cephes' expf
// polynomial; double: the Taylor series to r¹², by Estrin's scheme. Both within 2 ulp of std::exp
// (tested). Below −87 (float) or −708 (double) it is exactly 0, as masked keys (−∞) need; above 88.5
// or 709.5 it is clamped. About 1.8× faster than Highway's Exp here, whose int conversions dominate.
template <class D, class V = hn::Vec<D>>
HWY_INLINE V KernelExp(D d, V x) {
    using T = hn::TFromD<D>;
    constexpr bool kFloat = sizeof(T) == 4;
    constexpr int kMantissaBits = kFloat ? 23 : 52;
    const hn::RebindToSigned<D> di;
    const V lowest = hn::Set(d, T(kFloat ? -87.0 : -708.0));
    const auto below = hn::Lt(x, lowest);
    x = hn::Min(hn::Max(x, lowest), hn::Set(d, T(kFloat ? 88.5 : 709.5)));
    const V magic = hn::Set(d, T(kFloat ? 12582912.0 : 6755399441055744.0));  // 1.5 · 2^mantissa bits
    const V t = hn::MulAdd(x, hn::Set(d, T(1.4426950408889634)), magic);      // k sits in t's low bits
    const V k = hn::Sub(t, magic);
    V r = hn::NegMulAdd(k, hn::Set(d, T(kFloat ? 0.693359375 : 6.93147180369123816490e-01)), x);
    r = hn::NegMulAdd(k, hn::Set(d, T(kFloat ? -2.12194440e-4 : 1.90821492927058770002e-10)), r);
    const V p = kFloat ? ExpPolyFloat(d, r) : ExpPolyDouble(d, r);
    const auto exponent = hn::ShiftLeft<kMantissaBits>(hn::BitCast(di, t));
    return hn::IfThenZeroElse(below, hn::BitCast(d, hn::Add(hn::BitCast(di, p), exponent)));
}

// x[0, count) ← exp(x), count rounded up to whole vectors (the caller's array has room).
template <class D, typename T>
HWY_INLINE void ExpInPlace(D d, T* x, std::size_t count) {
    const std::size_t n = hn::Lanes(d);
    for (std::size_t i = 0; i < count; i += n) hn::StoreU(KernelExp(d, hn::LoadU(d, x + i)), d, x + i);
}

// Each row's largest score (ns, a multiple of the lanes), at least `m`: the row's new running max.
template <class D, typename T>
HWY_INLINE T RowMax(D d, const T* s, std::size_t ns, T m) {
    using V = decltype(hn::Zero(d));
    const std::size_t n = hn::Lanes(d);
    V top = hn::Set(d, m);
    for (std::size_t j = 0; j < ns; j += n) top = hn::Max(top, hn::LoadU(d, s + j));
    return hn::GetLane(hn::MaxOfLanes(d, top));
}

// s ← exp(s − shift) over ns scores (a multiple of the lanes); returns their sum.
template <class D, typename T>
HWY_INLINE T ExpShiftedSum(D d, T* s, std::size_t ns, T shift) {
    using V = decltype(hn::Zero(d));
    const std::size_t n = hn::Lanes(d);
    const V by = hn::Set(d, shift);
    V sum0 = hn::Zero(d), sum1 = hn::Zero(d);  // two chains: the adds' latency stays hidden
    std::size_t j = 0;
    for (; j + 2 * n <= ns; j += 2 * n) {
        const V e0 = KernelExp(d, hn::Sub(hn::LoadU(d, s + j), by));
        const V e1 = KernelExp(d, hn::Sub(hn::LoadU(d, s + j + n), by));
        hn::StoreU(e0, d, s + j);
        hn::StoreU(e1, d, s + j + n);
        sum0 = hn::Add(sum0, e0);
        sum1 = hn::Add(sum1, e1);
    }
    for (; j < ns; j += n) {
        const V e = KernelExp(d, hn::Sub(hn::LoadU(d, s + j), by));
        hn::StoreU(e, d, s + j);
        sum0 = hn::Add(sum0, e);
    }
    return hn::GetLane(hn::SumOfLanes(d, hn::Add(sum0, sum1)));
}

// Folds kRows rows of scores (stride kBlockKeys, ns each) into the queries' running maxima m and sums
// l, leaving exp(s − m) in s; correction[r] ← exp(m_old − m_new), by which the running output must
// shrink. The corrections take one vector exp, not kRows scalar std::exp calls.
template <class D, typename T>
HWY_INLINE void FoldRows(D d, T* s, std::size_t ns, T* m, T* l, T* correction) {
    constexpr T kNone = -std::numeric_limits<T>::infinity();
    T shift[kRows];
    T diff[kRows + HWY_MAX_BYTES / sizeof(T)] = {};  // (kRows) rounded up to whole vectors
    for (std::size_t r = 0; r < kRows; ++r) {
        const T m_new = RowMax(d, s + r * kBlockKeys, ns, m[r]);
        // A row that sees no key yet keeps m = −∞: its scores give exp(−∞ − 0) = 0, its factor 1.
        shift[r] = m_new == kNone ? T(0) : m_new;
        diff[r] = m_new == kNone ? T(0) : m[r] - m_new;  // −∞ on the first visible block: factor 0
        m[r] = m_new;
    }
    ExpInPlace(d, diff, kRows);
    for (std::size_t r = 0; r < kRows; ++r) {
        correction[r] = diff[r];
        l[r] = l[r] * diff[r] + ExpShiftedSum(d, s + r * kBlockKeys, ns, shift[r]);
    }
}

// o (R rows, stride dvp) ← correction·o + p·V over `ns` keys, for CV vectors of d_v at a time: R × CV
// accumulators in registers.
template <std::size_t R, std::size_t CV, class D, typename T>
HWY_INLINE void AccumulateValues(D d, const T* p, std::size_t p_stride, std::size_t ns, const T* v,
                                 std::size_t dvp, T* o, const T* correction) {
    using V = decltype(hn::Zero(d));
    const std::size_t n = hn::Lanes(d);
    V acc[R][CV];
#pragma GCC unroll 8
    for (std::size_t r = 0; r < R; ++r)
#pragma GCC unroll 4
        for (std::size_t c = 0; c < CV; ++c)
            acc[r][c] = hn::Mul(hn::LoadU(d, o + r * dvp + c * n), hn::Set(d, correction[r]));
    for (std::size_t j = 0; j < ns; ++j) {
        V vv[CV];
#pragma GCC unroll 4
        for (std::size_t c = 0; c < CV; ++c) vv[c] = hn::LoadU(d, v + j * dvp + c * n);
#pragma GCC unroll 8
        for (std::size_t r = 0; r < R; ++r) {
            const V pv = hn::Set(d, p[r * p_stride + j]);
#pragma GCC unroll 4
            for (std::size_t c = 0; c < CV; ++c) acc[r][c] = hn::MulAdd(pv, vv[c], acc[r][c]);
        }
    }
#pragma GCC unroll 8
    for (std::size_t r = 0; r < R; ++r)
#pragma GCC unroll 4
        for (std::size_t c = 0; c < CV; ++c) hn::StoreU(acc[r][c], d, o + r * dvp + c * n);
}

// Per-thread state for one block of queries.
template <typename T>
struct Scratch {
    std::vector<T> q;           // (kBlockRows, d): the block's queries, packed
    std::vector<T> s, m, l, o;  // scores (8, kBlockKeys); m, l (kBlockRows); outputs (kBlockRows, dvp)
};

// One group of 8 queries (rows g0…g0+7) against the tiles [t0, t1) of one block of keys.
template <class D, typename T>
void GroupStep(D d, const fused::Problem<T>& p, const Packed<T>& pk, std::size_t g0, std::size_t local,
               std::size_t t0, std::size_t t1, Scratch<T>& w) {
    const std::size_t ns = t1 - t0;
    for (std::size_t t = t0; t < t1; t += pk.tile)
        for (std::size_t r = 0; r < kRows; r += kTileRows)
            ScoreTile<kTileRows>(d, w.q.data() + (local + r) * pk.d, pk.d, pk.k + t * pk.d,
                                 w.s.data() + r * kBlockKeys + (t - t0), kBlockKeys);
    for (std::size_t r = 0; r < kRows; ++r) {
        const std::size_t lo = std::clamp<std::size_t>(p.first[g0 + r], t0, t1);
        const std::size_t hi = std::clamp<std::size_t>(p.last[g0 + r] + 1, t0, t1);
        if (lo == t0 && hi == t1) continue;  // the row sees the whole tile range: nothing to mask
        T* row = w.s.data() + r * kBlockKeys;
        std::fill(row, row + (lo - t0), -std::numeric_limits<T>::infinity());
        std::fill(row + (hi - t0), row + ns, -std::numeric_limits<T>::infinity());
    }
    T correction[kRows];
    FoldRows(d, w.s.data(), ns, w.m.data() + local, w.l.data() + local, correction);
    const std::size_t n = hn::Lanes(d);
    // 4 queries × 4 vectors of d_v (16 accumulators) with 32 registers, 4 × 2 with 16.
    constexpr std::size_t kCV = kTileRows == 8 ? 4 : 2;
    for (std::size_t half = 0; half < kRows; half += 4) {
        const T* prow = w.s.data() + half * kBlockKeys;
        const T* vrow = pk.v + t0 * pk.dvp;
        T* orow = w.o.data() + (local + half) * pk.dvp;
        std::size_t c = 0;
        for (; c + kCV * n <= pk.dvp; c += kCV * n)
            AccumulateValues<4, kCV>(d, prow, kBlockKeys, ns, vrow + c, pk.dvp, orow + c, correction + half);
        for (; c < pk.dvp; c += n)
            AccumulateValues<4, 1>(d, prow, kBlockKeys, ns, vrow + c, pk.dvp, orow + c, correction + half);
    }
}

// Queries [q0, q1) (q1 − q0 a multiple of 8): every block of keys any of them sees, then o / l.
template <class D, typename T>
void QueryBlock(D d, const fused::Problem<T>& p, const Packed<T>& pk, std::size_t q0, std::size_t q1,
                Scratch<T>& w) {
    std::fill(w.m.begin(), w.m.end(), -std::numeric_limits<T>::infinity());
    std::fill(w.l.begin(), w.l.end(), T(0));
    std::fill(w.o.begin(), w.o.end(), T(0));
    PackQueries(p, q0, q1, w.q.data());
    // Each mask's first and last keys never decrease with the query, so the block's range is its ends'.
    const std::size_t k_begin = p.first[q0] / pk.tile * pk.tile;
    const std::size_t k_end = p.last[q1 - 1] + 1;
    for (std::size_t kb = k_begin; kb < k_end; kb += kBlockKeys) {
        const std::size_t kb_end = std::min(kb + kBlockKeys, k_end);
        for (std::size_t g0 = q0; g0 < q1; g0 += kRows) {
            const std::size_t t0 = std::max<std::size_t>(kb, p.first[g0] / pk.tile * pk.tile);
            const std::size_t t1 = std::min<std::size_t>(kb_end, p.last[g0 + kRows - 1] + 1);
            if (t0 >= t1) continue;
            GroupStep(d, p, pk, g0, g0 - q0, t0, (t1 + pk.tile - 1) / pk.tile * pk.tile, w);
        }
    }
    // Column by column, so that the writes run along Armadillo's memory.
    for (std::size_t i = q0; i < q1; ++i) w.l[i - q0] = T(1) / w.l[i - q0];
    for (std::size_t e = 0; e < p.dv; ++e)
        for (std::size_t i = q0; i < std::min(q1, p.n_q); ++i)
            p.out[e * p.n_q + i] = w.o[(i - q0) * pk.dvp + e] * w.l[i - q0];
}

template <typename T>
void Run(const fused::Problem<T>& p) {
    const hn::ScalableTag<T> d;
    const Packed<T> pk = PackedShape(p, hn::Lanes(d));
    const std::size_t rows = (p.n_q + kRows - 1) / kRows * kRows;
    const std::size_t n_blocks = (rows + kBlockRows - 1) / kBlockRows;
    const unsigned n_threads =
        static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(p.threads, n_blocks)));
    // The packing is O(n·d) but one thread doing it all would cost 2 threads several per cent.
    const std::size_t tiles = pk.keys / pk.tile;
    on_threads(n_threads,
               [&](unsigned t) { PackKeys(p, pk, tiles * t / n_threads, tiles * (t + 1) / n_threads); });
    std::vector<Scratch<T>> scratch(n_threads);
    for (Scratch<T>& w : scratch) {
        w.q.resize(kBlockRows * p.d);
        w.s.assign(kRows * kBlockKeys, T(0));
        w.m.resize(kBlockRows);
        w.l.resize(kBlockRows);
        w.o.resize(kBlockRows * pk.dvp);
    }
    // Blocks go out from the last: with a causal mask the last see the most keys.
    std::atomic<std::size_t> next{0};
    on_threads(n_threads, [&](unsigned t) {
        for (std::size_t b = next++; b < n_blocks; b = next++) {
            const std::size_t q0 = (n_blocks - 1 - b) * kBlockRows;
            QueryBlock(d, p, pk, q0, std::min(rows, q0 + kBlockRows), scratch[t]);
        }
    });
}

// y ← exp(x) with the kernel's exp, lane by lane; the tail goes through a zero-padded vector.
template <typename T>
void ExpArray(const T* x, T* y, std::size_t n) {
    const hn::ScalableTag<T> d;
    const std::size_t lanes = hn::Lanes(d);
    std::size_t i = 0;
    for (; i + lanes <= n; i += lanes) hn::StoreU(KernelExp(d, hn::LoadU(d, x + i)), d, y + i);
    if (i == n) return;
    std::vector<T> tail(lanes, T(0));
    std::copy(x + i, x + n, tail.begin());
    hn::StoreU(KernelExp(d, hn::LoadU(d, tail.data())), d, tail.data());
    std::copy(tail.begin(), tail.begin() + (n - i), y + i);
}

void ExpFloat(const float* x, float* y, std::size_t n) { ExpArray(x, y, n); }
void ExpDouble(const double* x, double* y, std::size_t n) { ExpArray(x, y, n); }
void RunFloat(const fused::Problem<float>& p) { Run(p); }
void RunDouble(const fused::Problem<double>& p) { Run(p); }
const char* TargetHere() { return hwy::TargetName(HWY_TARGET); }

}  // namespace attn::math::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace attn::math {
HWY_EXPORT(RunFloat);
HWY_EXPORT(RunDouble);
HWY_EXPORT(TargetHere);
HWY_EXPORT(ExpFloat);
HWY_EXPORT(ExpDouble);

namespace {

struct SimdLevel {
    const char* name;
    std::int64_t target;
};
// Best first. "scalar" is Highway's portable fallback (EMU128: plain C++ on 128-bit arrays).
constexpr SimdLevel kLevels[] = {
    {"avx512", HWY_AVX3}, {"avx2", HWY_AVX2}, {"sse4", HWY_SSE4}, {"scalar", HWY_EMU128}};

std::int64_t real_targets() {
    hwy::SetSupportedTargetsForTest(0);  // 0 = forget any earlier lowering
    return hwy::SupportedTargets() & HWY_TARGETS;
}

// Each kernel row's first and last visible key, rows rounded up to 8 (the extra rows repeat the last).
template <typename T>
void key_ranges(std::size_t n_q, std::size_t n_k, FusedMask mask, std::vector<arma::uword>& first,
                std::vector<arma::uword>& last) {
    const std::size_t rows = (n_q + fused::kRows - 1) / fused::kRows * fused::kRows;
    first.resize(rows);
    last.resize(rows);
    for (std::size_t i = 0; i < rows; ++i) {
        const arma::uword query = std::min(i, n_q - 1);
        if (mask.window > 0) {
            const KeyRange r = local_window(query, n_k, mask.window, mask.causal);
            first[i] = r.first;
            last[i] = r.last;
        } else {
            first[i] = 0;
            last[i] = mask.causal ? std::min<arma::uword>(query, n_k - 1) : n_k - 1;
        }
    }
}

}  // namespace

std::vector<std::string> fused_simd_levels() {
    const std::int64_t have = real_targets();
    apply_simd_choice();  // restores the lowering real_targets() forgot
    std::vector<std::string> names;
    for (const SimdLevel& level : kLevels)
        if (have & level.target) names.emplace_back(level.name);
    return names;
}

void apply_simd_choice() {
    const char* env = std::getenv("ATTN_SIMD");
    const std::string wanted = env ? env : "";
    const std::int64_t have = real_targets();
    if (wanted.empty()) return;
    for (const SimdLevel& level : kLevels)
        if (wanted == level.name) {
            if (!(have & level.target))
                throw std::invalid_argument("ATTN_SIMD=" + wanted + ": this CPU (or build) has no " + wanted +
                                            "; use one of the levels `attn bench` lists");
            // Lower bits are better targets: keep the wanted one and everything below it.
            hwy::SetSupportedTargetsForTest(have & ~(level.target - 1));
            return;
        }
    throw std::invalid_argument("ATTN_SIMD=" + wanted + " is not one of avx512, avx2, sse4, scalar");
}

std::string fused_kernel_target() {
    apply_simd_choice();
    return HWY_DYNAMIC_DISPATCH(TargetHere)();
}

template <typename T>
arma::Col<T> fused_exp(const arma::Col<T>& x) {
    apply_simd_choice();
    arma::Col<T> y(x.n_elem);
    if constexpr (std::is_same_v<T, float>)
        HWY_DYNAMIC_DISPATCH(ExpFloat)(x.memptr(), y.memptr(), x.n_elem);
    else
        HWY_DYNAMIC_DISPATCH(ExpDouble)(x.memptr(), y.memptr(), x.n_elem);
    return y;
}
template arma::fvec fused_exp<float>(const arma::fvec&);
template arma::vec fused_exp<double>(const arma::vec&);

template <typename T>
void fused_attention(const arma::Mat<T>& q, const arma::Mat<T>& k, const arma::Mat<T>& v, FusedMask mask,
                     unsigned threads, arma::Mat<T>& out) {
    FusedWorkspace<T> ws;
    fused_attention(q, k, v, mask, threads, ws, out);
}

template <typename T>
void fused_attention(const arma::Mat<T>& q, const arma::Mat<T>& k, const arma::Mat<T>& v, FusedMask mask,
                     unsigned threads, FusedWorkspace<T>& ws, arma::Mat<T>& out) {
    require_attention_shapes(q, k, v, mask.causal);
    if (mask.window > 0 && q.n_rows != k.n_rows)
        throw std::invalid_argument("windowed attention needs as many queries as keys");
    apply_simd_choice();
    std::vector<arma::uword> first, last;
    key_ranges<T>(q.n_rows, k.n_rows, mask, first, last);
    out.set_size(q.n_rows, v.n_cols);
    const fused::Problem<T> p{
        q.memptr(), k.memptr(),   v.memptr(),  out.memptr(),          q.n_rows, k.n_rows, q.n_cols,
        v.n_cols,   first.data(), last.data(), std::max(1u, threads), &ws};
    if constexpr (std::is_same_v<T, float>)
        HWY_DYNAMIC_DISPATCH(RunFloat)(p);
    else
        HWY_DYNAMIC_DISPATCH(RunDouble)(p);
}

template void fused_attention<float>(const arma::fmat&, const arma::fmat&, const arma::fmat&, FusedMask,
                                     unsigned, arma::fmat&);
template void fused_attention<double>(const arma::mat&, const arma::mat&, const arma::mat&, FusedMask,
                                      unsigned, arma::mat&);
template void fused_attention<float>(const arma::fmat&, const arma::fmat&, const arma::fmat&, FusedMask,
                                     unsigned, FusedWorkspace<float>&, arma::fmat&);
template void fused_attention<double>(const arma::mat&, const arma::mat&, const arma::mat&, FusedMask,
                                      unsigned, FusedWorkspace<double>&, arma::mat&);

}  // namespace attn::math
#endif  // HWY_ONCE
