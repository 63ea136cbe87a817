// Grouped-query attention: which key/value head each query head reads, mean-pooling multi-head weights
// into shared heads, cache sizes, and the refusal of --kv-heads that cannot share evenly.
#include <catch2/catch.hpp>

#include "check_matrices.hpp"
#include "math/attention.hpp"
#include "math/kv_sharing.hpp"
#include "test_support.hpp"

namespace m = attn::math;
using attn::test::check_matrices;

TEST_CASE("query head i reads key/value head floor(i / (H/G))", "[gqa]") {
    REQUIRE(m::kv_head_of(0, 8, 2) == 0);
    REQUIRE(m::kv_head_of(3, 8, 2) == 0);
    REQUIRE(m::kv_head_of(4, 8, 2) == 1);
    REQUIRE(m::kv_head_of(7, 8, 2) == 1);
    REQUIRE(m::kv_head_of(5, 8, 8) == 5);  // multi-head: its own
    REQUIRE(m::kv_head_of(7, 8, 1) == 0);  // multi-query: all share one
}

TEST_CASE("mean-pooling K/V projection heads averages each group's column blocks", "[gqa]") {
    // 4 heads of width 1: columns are the heads. Two groups: mean of (1, 3) and of (5, 7).
    const arma::mat w = {{1, 3, 5, 7}, {2, 4, 6, 8}};
    const arma::mat two_groups = {{2, 6}, {3, 7}}, wide_heads = {{3, 5}, {4, 6}};
    const arma::mat one_group = arma::vec{4.0, 5.0};
    check_matrices(m::mean_pool_heads(w, 4, 2), two_groups);
    check_matrices(m::mean_pool_heads(w, 4, 1), one_group);
    check_matrices(m::mean_pool_heads(w, 4, 4), w);
    // 2 heads of width 2 into one shared head.
    check_matrices(m::mean_pool_heads(w, 2, 1), wide_heads);
    REQUIRE_THROWS_WITH(m::mean_pool_heads(w, 4, 3), Catch::Contains("must divide"));
    REQUIRE_THROWS_WITH(m::mean_pool_heads(w, 3, 1), Catch::Contains("(2, 4)"));
}

TEST_CASE("shared key/value heads: attention_from_qkv checks the shapes and uses the right blocks", "[gqa]") {
    arma::mat q(3, 4, arma::fill::randn), k(5, 2, arma::fill::randn), v(5, 2, arma::fill::randn);
    m::Variant two, three, eight;
    two.kv_heads = 2;
    three.kv_heads = 3;
    eight.kv_heads = 8;
    const m::AttentionTrace t =
        m::attention_from_qkv(q, k, v, 4, std::nullopt, arma::mat(4, 3, arma::fill::ones), two);
    REQUIRE(t.n_kv_heads == 2);
    for (arma::uword h = 0; h < 4; ++h) {
        check_matrices(t.heads[h].k, k.col(h / 2));
        check_matrices(t.heads[h].v, v.col(h / 2));
        const m::HeadTrace alone = m::attend(q.col(h), k.col(h / 2), v.col(h / 2), std::nullopt);
        check_matrices(t.heads[h].output, alone.output);
    }
    // K with as many columns as Q does not fit 2 key/value heads.
    REQUIRE_THROWS_WITH(m::attention_from_qkv(q, q, q, 4, std::nullopt, std::nullopt, two),
                        Catch::Contains("(3, 4)"));
    REQUIRE_THROWS_WITH(m::attention_from_qkv(q, k, v, 4, std::nullopt, std::nullopt, three),
                        Catch::Contains("must divide"));
    REQUIRE_THROWS_WITH(m::attention_from_qkv(q, k, v, 4, std::nullopt, std::nullopt, eight),
                        Catch::Contains("must divide"));
}

TEST_CASE("KV cache bytes: 2 x layers x tokens x kv heads x d_k x bytes", "[gqa]") {
    // 32 layers, 8192 tokens, d_k = 128, fp16: 8 heads 1 GiB, 2 heads 256 MiB, 1 head 128 MiB.
    REQUIRE(m::kv_cache_bytes(32, 8192, 8, 128, 2) == 1024.0 * 1024 * 1024);
    REQUIRE(m::kv_cache_bytes(32, 8192, 2, 128, 2) == 256.0 * 1024 * 1024);
    REQUIRE(m::kv_cache_bytes(32, 8192, 1, 128, 2) == 128.0 * 1024 * 1024);
}

TEST_CASE("attn run refuses --kv-heads that does not divide --heads, 0, or more than --heads", "[gqa][cli]") {
    const std::vector<std::string> base = {"run", "-s", "I ate the apple", "--heads", "4", "--kv-heads"};
    for (const char* bad : {"3", "0", "8"}) {
        INFO(bad);
        std::vector<std::string> args = base;
        args.push_back(bad);
        attn::test::require_input_error(args, {"--kv-heads " + std::string(bad), "divide", "1, 2, 4"});
    }
}

TEST_CASE("attn run --kv-heads on a sentence mean-pools the weights and says so", "[gqa][cli]") {
    const auto r = attn::test::run_attn(
        {"run", "-s", "I ate the apple", "--heads", "3", "--kv-heads", "1", "--format", "json"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const nlohmann::json doc = nlohmann::json::parse(r.out);
    REQUIRE(doc["n_kv_heads"] == 1);
    REQUIRE(doc["weights"].get<std::string>().find("mean-pooled") != std::string::npos);
    for (int h = 0; h < 3; ++h) {
        REQUIRE(doc["heads"][h]["kv_head"] == 0);
        REQUIRE(doc["heads"][h]["k"] == doc["heads"][0]["k"]);  // one shared key head
    }
    REQUIRE(doc["stages"]["k"][0].size() * 3 == doc["stages"]["q"][0].size());
}
