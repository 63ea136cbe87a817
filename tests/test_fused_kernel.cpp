// attn's fused kernel against the reference: the attention core written out step by step (scores,
// scale, mask, softmax, product) in double. Every instruction set this CPU has is forced in turn with
// ATTN_SIMD. Double agrees to 1e-12; float to 2e-5 absolute (single-precision dot products over
// d = 64 with O(1) values, and the float exp, each leave about 1e-6 of relative error per step).
#include <cmath>
#include <cstdlib>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>

#include "check_matrices.hpp"
#include "math/attention.hpp"
#include "math/fused_attention_kernel.hpp"
#include "math/local_attention.hpp"

namespace m = attn::math;

namespace {

// Sets ATTN_SIMD for one scope, then unsets it.
struct SimdLevel {
    explicit SimdLevel(const std::string& level) { setenv("ATTN_SIMD", level.c_str(), 1); }
    ~SimdLevel() { unsetenv("ATTN_SIMD"); }
    SimdLevel(const SimdLevel&) = delete;
    SimdLevel& operator=(const SimdLevel&) = delete;
};

arma::umat keep_for(arma::uword n_q, arma::uword n_k, m::FusedMask mask) {
    if (mask.window > 0) return m::local_keep(n_q, mask.window, mask.causal);
    if (mask.causal) return m::causal_keep(n_q, n_k);
    return arma::umat(n_q, n_k, arma::fill::ones);
}

arma::mat reference(const arma::mat& q, const arma::mat& k, const arma::mat& v, m::FusedMask mask) {
    const arma::mat scaled = m::scale_scores(m::dot_scores(q, k), q.n_cols);
    const arma::mat weights = m::softmax_rows(m::apply_mask(scaled, keep_for(q.n_rows, k.n_rows, mask)));
    return weights * v;
}

struct Case {
    arma::uword n_q, n_k, d, d_v;
};

// Sizes at and around the kernel's tiles: one token, fewer than a group of 8, not a multiple of the
// key tile or of the vector, more than one block of 64 queries and of 256 keys.
const Case kCases[] = {{1, 1, 1, 1}, {5, 5, 3, 7}, {37, 37, 8, 5}, {70, 70, 13, 19}, {300, 300, 64, 64}};

void check_all_masks(const Case& c, unsigned threads) {
    arma::arma_rng::set_seed(11);
    const arma::mat q(c.n_q, c.d, arma::fill::randn), k(c.n_k, c.d, arma::fill::randn);
    const arma::mat v(c.n_k, c.d_v, arma::fill::randn);
    const m::FusedMask masks[] = {{false, 0}, {true, 0}, {false, 4}, {true, 4}, {true, 1}};
    for (const m::FusedMask& mask : masks) {
        INFO("n=" << c.n_q << " d=" << c.d << " d_v=" << c.d_v << " causal=" << mask.causal
                  << " window=" << mask.window << " threads=" << threads);
        const arma::mat expected = reference(q, k, v, mask);
        arma::mat got;
        m::fused_attention(q, k, v, mask, threads, got);
        CHECK(arma::approx_equal(got, expected, "absdiff", 1e-12));
        arma::fmat got_float;
        m::fused_attention(arma::fmat(arma::conv_to<arma::fmat>::from(q)), arma::conv_to<arma::fmat>::from(k),
                           arma::conv_to<arma::fmat>::from(v), mask, threads, got_float);
        CHECK(arma::approx_equal(arma::conv_to<arma::mat>::from(got_float), expected, "absdiff", 2e-5));
    }
}

// The largest distance from std::exp, in units in the last place of the exact answer.
template <typename T>
double worst_ulps(const arma::Col<T>& x) {
    const arma::Col<T> y = m::fused_exp(x);
    double worst = 0;
    for (arma::uword i = 0; i < x.n_elem; ++i) {
        const T exact = std::exp(x(i));
        const T ulp = std::nextafter(exact, std::numeric_limits<T>::infinity()) - exact;
        worst = std::max(worst, std::abs(double(y(i)) - double(exact)) / double(ulp));
    }
    return worst;
}

}  // namespace

TEST_CASE("each ATTN_SIMD level this CPU has is the target that runs", "[fused]") {
    const std::vector<std::string> levels = m::fused_simd_levels();
    REQUIRE(!levels.empty());
    const std::map<std::string, std::string> highway_name{
        {"avx512", "AVX3"}, {"avx2", "AVX2"}, {"sse4", "SSE4"}, {"scalar", "EMU128"}};
    for (const std::string& level : levels) {
        const SimdLevel forced(level);
        CHECK(m::fused_kernel_target() == highway_name.at(level));
    }
}

TEST_CASE("ATTN_SIMD with an unknown level is refused with the accepted ones", "[fused]") {
    const SimdLevel forced("avx9000");
    const arma::mat x(4, 2, arma::fill::ones);
    arma::mat out;
    CHECK_THROWS_WITH(m::fused_attention(x, x, x, {}, 1, out), Catch::Contains("avx512, avx2, sse4, scalar"));
}

TEST_CASE("every instruction set agrees with the reference, each mask and edge size, 1 and 3 threads",
          "[fused]") {
    for (const std::string& level : m::fused_simd_levels()) {
        INFO("ATTN_SIMD=" << level);
        const SimdLevel forced(level);
        for (const Case& c : kCases) check_all_masks(c, 1);
        check_all_masks(kCases[4], 3);
    }
}

TEST_CASE("more queries than keys, without a mask", "[fused]") {
    arma::arma_rng::set_seed(3);
    const arma::mat q(90, 16, arma::fill::randn), k(20, 16, arma::fill::randn), v(20, 9, arma::fill::randn);
    arma::mat got;
    m::fused_attention(q, k, v, {}, 2, got);
    CHECK(arma::approx_equal(got, reference(q, k, v, {}), "absdiff", 1e-12));
}

TEST_CASE("sharp softmaxes (scores of hundreds) stay finite and exact", "[fused]") {
    arma::arma_rng::set_seed(5);
    const arma::mat q = arma::mat(40, 8, arma::fill::randn) * 60.0, k(40, 8, arma::fill::randn);
    const arma::mat v(40, 8, arma::fill::randn);
    arma::mat got;
    m::fused_attention(q, k, v, {true, 0}, 1, got);
    CHECK(arma::approx_equal(got, reference(q, k, v, {true, 0}), "absdiff", 1e-12));
}

TEST_CASE("the vectorised exp is within 2 ulp of std::exp on every instruction set", "[fused]") {
    for (const std::string& level : m::fused_simd_levels()) {
        INFO("ATTN_SIMD=" << level);
        const SimdLevel forced(level);
        CHECK(worst_ulps(arma::fvec(arma::linspace<arma::fvec>(-87.0f, 88.0f, 100003))) <= 2.0);
        CHECK(worst_ulps(arma::vec(arma::linspace<arma::vec>(-700.0, 700.0, 100003))) <= 2.0);
        CHECK(worst_ulps(arma::vec(arma::linspace<arma::vec>(-1.0, 1.0, 10007))) <= 2.0);
        // Far below the range it is exactly 0, as the softmax needs for masked keys.
        CHECK(m::fused_exp(arma::vec{-1e4, -2000.0})(0) == 0.0);
    }
}
