// Local (windowed) attention: its windows by hand, and equality with masked full attention.
#include "check_matrices.hpp"
#include "math/attention.hpp"
#include "math/full_attention.hpp"
#include "math/local_attention.hpp"

using attn::test::check_matrices;
namespace m = attn::math;

TEST_CASE("centred windows of 4 keys: one before and two after, clipped at the ends", "[local]") {
    CHECK(m::local_window(0, 10, 4, false).first == 0);
    CHECK(m::local_window(0, 10, 4, false).last == 2);
    CHECK(m::local_window(5, 10, 4, false).first == 4);
    CHECK(m::local_window(5, 10, 4, false).last == 7);
    CHECK(m::local_window(9, 10, 4, false).last == 9);
    CHECK(m::local_window(5, 10, 5, false).first == 3);  // odd W: two each side
    CHECK(m::local_window(5, 10, 5, false).last == 7);
}

TEST_CASE("causal windows end at the query", "[local]") {
    CHECK(m::local_window(5, 10, 3, true).first == 3);
    CHECK(m::local_window(5, 10, 3, true).last == 5);
    CHECK(m::local_window(1, 10, 3, true).first == 0);
    const arma::umat keep = m::local_keep(4, 2, true);
    CHECK(arma::accu(keep != arma::umat{{1, 0, 0, 0}, {1, 1, 0, 0}, {0, 1, 1, 0}, {0, 0, 1, 1}}) == 0);
}

TEST_CASE("local attention equals attention masked to the same windows", "[local]") {
    arma::arma_rng::set_seed(3);
    const arma::mat q(300, 8, arma::fill::randn), k(300, 8, arma::fill::randn), v(300, 5, arma::fill::randn);
    for (arma::uword window : {1u, 4u, 5u, 40u, 77u}) {
        for (bool causal : {false, true}) {
            INFO("window " << window << ", causal " << causal);
            const arma::mat expected = m::attend(q, k, v, m::local_keep(300, window, causal)).output;
            check_matrices(m::local_attention(q, k, v, window, causal), expected);
        }
    }
}

TEST_CASE("a window covering every key is full attention", "[local]") {
    arma::arma_rng::set_seed(4);
    const arma::mat q(50, 4, arma::fill::randn), k(50, 4, arma::fill::randn), v(50, 3, arma::fill::randn);
    check_matrices(m::local_attention(q, k, v, 99, false), m::full_attention(q, k, v, false));
    check_matrices(m::local_attention(q, k, v, 50, true), m::full_attention(q, k, v, true));
}

TEST_CASE("local attention's buffers grow with n, not n squared", "[local][memory]") {
    arma::arma_rng::set_seed(5);
    const arma::mat q(3000, 4, arma::fill::randn), k(3000, 4, arma::fill::randn),
        v(3000, 4, arma::fill::randn);
    m::LocalWorkspace<double> ws;
    arma::mat out;
    m::local_attention(q, k, v, 64, false, ws, out);
    CHECK(ws.scores.n_rows == 64 + 64 - 1);
    CHECK(ws.scores.n_cols == 64);
    CHECK(ws.largest_buffer_bytes() == 3000 * 4 * sizeof(double));  // a transposed input (d, n)
}

TEST_CASE("local attention refuses a zero window and unequal query and key counts", "[local][errors]") {
    const arma::mat q(4, 2, arma::fill::ones), k(5, 2, arma::fill::ones), v(5, 2, arma::fill::ones);
    CHECK_THROWS_WITH(m::local_attention(q, k, v, 3, false), Catch::Contains("4 queries and 5 keys"));
    CHECK_THROWS_WITH(m::local_attention(k, k, v, 0, false), Catch::Contains("window of at least 1"));
}
