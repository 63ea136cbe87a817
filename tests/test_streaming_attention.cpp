// Streaming (online-softmax) attention equals full attention, and full attention equals math::attend.
#include <cmath>

#include "check_matrices.hpp"
#include "math/attention.hpp"
#include "math/full_attention.hpp"
#include "math/streaming_attention.hpp"

using attn::test::check_matrices;
namespace m = attn::math;

namespace {

struct Qkv {
    arma::mat q, k, v;
};

// Random Q (L, d), K (S, d), V (S, d_v) with a fixed seed; `spread` multiplies Q to make sharp softmaxes.
Qkv random_qkv(arma::uword l, arma::uword s, arma::uword d, arma::uword d_v, double spread = 1.0) {
    arma::arma_rng::set_seed(7);
    Qkv x{arma::mat(l, d, arma::fill::randn) * spread, arma::mat(s, d, arma::fill::randn),
          arma::mat(s, d_v, arma::fill::randn)};
    return x;
}

}  // namespace

TEST_CASE("full attention equals the traced attention core, with and without the causal mask",
          "[streaming][full]") {
    const Qkv x = random_qkv(37, 37, 8, 5);
    check_matrices(m::full_attention(x.q, x.k, x.v, false), m::attend(x.q, x.k, x.v, std::nullopt).output);
    check_matrices(m::full_attention(x.q, x.k, x.v, true),
                   m::attend(x.q, x.k, x.v, m::causal_keep(37, 37)).output);
}

TEST_CASE("full attention handles fewer queries than keys and reuses its workspace", "[streaming][full]") {
    const Qkv x = random_qkv(13, 29, 6, 3);
    m::FullWorkspace<double> ws;
    arma::mat out;
    m::full_attention(x.q, x.k, x.v, true, ws, out);
    const double* buffer = ws.weights_t.memptr();
    m::full_attention(x.q, x.k, x.v, true, ws, out);
    CHECK(ws.weights_t.memptr() == buffer);
    CHECK(ws.largest_buffer_bytes() == 13 * 29 * sizeof(double));
    check_matrices(out, m::attend(x.q, x.k, x.v, m::causal_keep(13, 29)).output);
}

TEST_CASE("streaming attention equals full attention in double, blocks not dividing n", "[streaming]") {
    const Qkv x = random_qkv(61, 61, 8, 4);
    for (bool causal : {false, true}) {
        INFO("causal " << causal);
        const arma::mat full = m::full_attention(x.q, x.k, x.v, causal);
        check_matrices(m::streaming_attention(x.q, x.k, x.v, causal, m::StreamingBlocks{7, 5}), full);
        check_matrices(m::streaming_attention(x.q, x.k, x.v, causal, m::StreamingBlocks{64, 3}), full);
        check_matrices(m::streaming_attention(x.q, x.k, x.v, causal, m::StreamingBlocks{1, 1}), full);
    }
}

TEST_CASE("streaming attention equals full attention at n = 1100 with the default blocks", "[streaming]") {
    const Qkv x = random_qkv(1100, 1100, 16, 16);
    for (bool causal : {false, true}) {
        INFO("causal " << causal);
        check_matrices(m::streaming_attention(x.q, x.k, x.v, causal),
                       m::full_attention(x.q, x.k, x.v, causal));
    }
}

TEST_CASE("streaming attention survives sharp softmaxes whose maximum moves between blocks", "[streaming]") {
    // Scores of size ~±100 after scaling: without the running-max correction exp() would overflow.
    const Qkv x = random_qkv(40, 40, 4, 3, 100.0);
    for (bool causal : {false, true})
        check_matrices(m::streaming_attention(x.q, x.k, x.v, causal, m::StreamingBlocks{8, 6}),
                       m::attend(x.q, x.k, x.v,
                                 causal ? std::optional<arma::umat>(m::causal_keep(40, 40)) : std::nullopt)
                           .output);
}

TEST_CASE("streaming attention's working memory is O(n·d), not n × n", "[streaming][memory]") {
    const Qkv x = random_qkv(3000, 3000, 4, 4);
    m::StreamingWorkspace<double> ws;
    arma::mat out;
    m::streaming_attention(x.q, x.k, x.v, false, ws, out, m::StreamingBlocks{512, 1024, 1});
    // The fused kernel's packed K and V are the largest: 3000 × 4 each, rounded up to whole tiles of
    // keys and to whole vectors of d_v (at most 8 doubles); 3000 × 3000 scores would be 72 MB.
    CHECK(ws.largest_buffer_bytes() >= 3000 * 4 * sizeof(double));
    CHECK(ws.largest_buffer_bytes() <= 3032 * 8 * sizeof(double));
    CHECK(out.n_rows == 3000);
    CHECK(out.n_cols == 4);
}

TEST_CASE("streaming attention on several threads equals full attention, causal or not",
          "[streaming][threads]") {
    const Qkv x = random_qkv(203, 203, 8, 5);
    for (bool causal : {false, true})
        for (unsigned threads : {2u, 3u, 8u}) {
            INFO("causal " << causal << ", threads " << threads);
            m::StreamingWorkspace<double> ws;
            arma::mat out;
            m::streaming_attention(x.q, x.k, x.v, causal, ws, out, m::StreamingBlocks{16, 24, threads});
            check_matrices(out, m::full_attention(x.q, x.k, x.v, causal));
        }
    // More threads than blocks of 64 queries: the extra threads have nothing to do, the answer stands.
    m::StreamingWorkspace<double> ws;
    arma::mat out;
    m::streaming_attention(x.q, x.k, x.v, true, ws, out, m::StreamingBlocks{100, 24, 8});
    check_matrices(out, m::full_attention(x.q, x.k, x.v, true));
}

TEST_CASE("float streaming and full attention agree with double to float precision", "[streaming][float]") {
    const Qkv x = random_qkv(300, 300, 16, 8);
    const arma::mat reference = m::full_attention(x.q, x.k, x.v, true);
    const arma::fmat qf = arma::conv_to<arma::fmat>::from(x.q), kf = arma::conv_to<arma::fmat>::from(x.k),
                     vf = arma::conv_to<arma::fmat>::from(x.v);
    check_matrices(arma::conv_to<arma::mat>::from(m::full_attention(qf, kf, vf, true)), reference, 1e-5);
    check_matrices(
        arma::conv_to<arma::mat>::from(m::streaming_attention(qf, kf, vf, true, m::StreamingBlocks{32, 64})),
        reference, 1e-5);
}

TEST_CASE("mismatched shapes are refused naming them", "[streaming][errors]") {
    const arma::mat q(4, 3, arma::fill::ones), k(5, 2, arma::fill::ones), v(5, 2, arma::fill::ones);
    CHECK_THROWS_WITH(m::streaming_attention(q, k, v, false),
                      Catch::Contains("Q (4, 3), K (5, 2), V (5, 2)"));
    CHECK_THROWS_WITH(m::full_attention(q, k, v, false), Catch::Contains("same number of columns"));
    const arma::mat k6(3, 3, arma::fill::ones), v6(3, 2, arma::fill::ones);
    CHECK_THROWS_WITH(m::full_attention(q, k6, v6, true), Catch::Contains("at most as many queries as keys"));
}
