// The traced streaming attention of the lesson "Why FlashAttention is fast": the running max, sum and
// output after each block, checked by hand on a tiny case and against full attention.
#include <cmath>
#include <nlohmann/json.hpp>

#include "check_matrices.hpp"
#include "math/attention.hpp"
#include "math/streaming_trace.hpp"
#include "test_support.hpp"

using attn::test::check_matrices;
namespace m = attn::math;

TEST_CASE("streaming trace by hand: one query, two blocks of one key", "[streaming][trace]") {
    // d_k = 1, q = 2: scaled scores 2·1 = 2 and 2·3 = 6. Values 10 and 20.
    const arma::mat q(1, 1, arma::fill::value(2.0));
    const arma::mat k = arma::vec{1.0, 3.0}, v = arma::vec{10.0, 20.0};
    const m::StreamingTrace t = m::trace_streaming(q, k, v, 1, false);
    REQUIRE(t.blocks.size() == 2);
    // Block 0: m = 2, l = exp(0) = 1, o = 10.
    CHECK(t.blocks[0].running_max(0) == 2.0);
    CHECK(t.blocks[0].running_sum(0) == 1.0);
    CHECK(t.blocks[0].running_out(0, 0) == 10.0);
    // Block 1: m = 6, shrink = exp(2 − 6); l = exp(−4) + 1; o = 10·exp(−4) + 20.
    CHECK(t.blocks[1].running_max(0) == 6.0);
    CHECK(t.blocks[1].correction(0) == std::exp(-4.0));
    CHECK(std::abs(t.blocks[1].running_sum(0) - (std::exp(-4.0) + 1.0)) < 1e-15);
    CHECK(std::abs(t.blocks[1].running_out(0, 0) - (10.0 * std::exp(-4.0) + 20.0)) < 1e-13);
    const double expected = (10.0 * std::exp(-4.0) + 20.0) / (std::exp(-4.0) + 1.0);
    CHECK(std::abs(t.output(0, 0) - expected) < 1e-13);
}

TEST_CASE("streaming trace equals full attention for every block size, causal or not", "[streaming][trace]") {
    arma::arma_rng::set_seed(11);
    const arma::mat q(6, 3, arma::fill::randn), k(6, 3, arma::fill::randn), v(6, 4, arma::fill::randn);
    for (bool causal : {false, true})
        for (arma::uword block : {1, 2, 4, 6, 10}) {
            INFO("causal " << causal << ", block " << block);
            const std::optional<arma::umat> keep =
                causal ? std::optional<arma::umat>(m::causal_keep(6, 6)) : std::nullopt;
            const m::StreamingTrace t = m::trace_streaming(q, k, v, block, causal);
            CHECK(t.blocks.size() == (6 + block - 1) / block);
            check_matrices(t.output, m::attend(q, k, v, keep).output);
        }
    CHECK_THROWS_WITH(m::trace_streaming(q, k.cols(0, 1), v, 2, false), Catch::Contains("(6, 2)"));
}

TEST_CASE("attn stream shows each block and checks against full attention", "[streaming][trace][cli]") {
    const auto r =
        attn::test::run_attn({"stream", "-s", "I ate the apple", "--block", "3", "--ascii"}, {"COLUMNS=80"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    for (const char* needle : {"block 0: keys 0..2", "block 1: keys 3..3", "shrink", "equals full attention"})
        REQUIRE(r.out.find(needle) != std::string::npos);
    const auto j = attn::test::run_attn({"stream", "-s", "I ate the apple", "--causal", "--format", "json"});
    REQUIRE(j.exit_code == 0);
    const nlohmann::json doc = nlohmann::json::parse(j.out);
    REQUIRE(doc["blocks"].size() == 2);
    REQUIRE(doc["max_abs_difference"].get<double>() <= 1e-12);
    REQUIRE(doc["blocks"][0]["scaled"][0][1].is_null());  // the causal mask hides 'ate' from 'I'
    const auto run = nlohmann::json::parse(
        attn::test::run_attn({"run", "-s", "I ate the apple", "--mask", "causal", "--format", "json"}).out);
    check_matrices(attn::test::json_matrix(doc["stages"]["output"]),
                   attn::test::json_matrix(run["stages"]["output"]));
    attn::test::require_input_error({"stream", "-s", "I ate the unicorn"}, {"unicorn"});
}
