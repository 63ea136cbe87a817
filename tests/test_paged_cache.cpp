// The paged KV cache (math/paged_cache.hpp): block tables and slots by hand, and every variant decoded
// through pages, one sequence or several sharing a pool, equal to the causal run.
#include <nlohmann/json.hpp>

#include "check_matrices.hpp"
#include "math/paged_cache.hpp"
#include "serve_fixtures.hpp"
#include "test_support.hpp"

using attn::test::check_matrices;
using attn::test::run_attn;
namespace m = attn::math;

TEST_CASE("paged cache: a sequence takes the lowest free block when its last one is full", "[paged]") {
    m::PagedPool pool = m::empty_pool(4, 2, 1, 1);
    m::PagedSequence a, b;
    const arma::mat row(1, 1, arma::fill::ones);  // (1, 1)
    // a: tokens 0, 1 in block 0; b: token 0 in block 1; a: token 2 opens block 2; b: 1 fills block 1.
    const m::Slot a0 = m::paged_append(row, row, 0, a, pool);
    const m::Slot a1 = m::paged_append(2 * row, 2 * row, 0, a, pool);
    const m::Slot b0 = m::paged_append(3 * row, 3 * row, 1, b, pool);
    const m::Slot a2 = m::paged_append(4 * row, 4 * row, 0, a, pool);
    const m::Slot b1 = m::paged_append(5 * row, 5 * row, 1, b, pool);
    CHECK((a0.block == 0 && a0.offset == 0 && a1.block == 0 && a1.offset == 1));
    CHECK((b0.block == 1 && b0.offset == 0 && b1.block == 1 && b1.offset == 1));
    CHECK((a2.block == 2 && a2.offset == 0));
    CHECK(a.block_table == std::vector<arma::uword>{0, 2});
    CHECK(b.block_table == std::vector<arma::uword>{1});
    CHECK(m::free_blocks(pool) == std::vector<arma::uword>{3});
    // Gathered through the table, in token order: 1, 2, 4 for a.
    const m::Gathered g = m::gather_sequence(pool, a);
    check_matrices(g.keys, arma::mat(arma::colvec{1.0, 2.0, 4.0}), 0.0);
    CHECK(g.positions == std::vector<arma::uword>{0, 1, 2});
    // Block 3 left; b's third token would open it, a fourth sequence block finds none.
    m::paged_append(row, row, 1, b, pool);
    CHECK(b.block_table == std::vector<arma::uword>{1, 3});
    m::paged_append(row, row, 1, b, pool);
    REQUIRE_THROWS_WITH(m::paged_append(row, row, 1, b, pool), Catch::Contains("are all taken"));
    CHECK(m::blocks_for(5, 2) == 3);
    CHECK(m::blocks_for(4, 2) == 2);
}

TEST_CASE("paged decoding equals the causal run for every variant, one sequence or three", "[paged][serve]") {
    for (const attn::test::ServeCase& c : attn::test::serve_cases()) {
        INFO(c.name);
        const attn::test::ServeInputs one = attn::test::serve_inputs(7, c.heads, c.kv_heads);
        for (const arma::uword block : {1, 2, 3}) {
            INFO("block size " << block);
            const m::PagedTrace t = m::paged_decode({one.x}, one.w, c.heads, c.kv_heads, block,
                                                    m::blocks_for(7, block), 1, c.window, c.variant);
            check_matrices(t.outputs[0], attn::test::causal_run(c, one));
        }
        // Three sequences of different lengths, interleaved in one pool, each its own causal run; with
        // chunks of 2 tokens per server step too.
        std::vector<attn::test::ServeInputs> ins;
        std::vector<arma::mat> xs;
        for (const arma::uword n : {5, 3, 6}) {
            ins.push_back(attn::test::serve_inputs(n, c.heads, c.kv_heads));
            ins.back().x = m::seeded_projection(n, 4, 40 + n);  // (n, d_model): another sentence each
            xs.push_back(ins.back().x);
        }
        for (const arma::uword chunk : {1, 2}) {
            const m::PagedTrace t =
                m::paged_decode(xs, one.w, c.heads, c.kv_heads, 2, 3 + 2 + 3, chunk, c.window, c.variant);
            for (size_t i = 0; i < xs.size(); ++i)
                check_matrices(t.outputs[i], attn::test::causal_run(c, ins[i]));
        }
    }
}

TEST_CASE("two sequences round-robin interleave their blocks in the pool", "[paged][serve]") {
    const attn::test::ServeInputs in = attn::test::serve_inputs(4, 1, 1);
    const arma::mat x2 = m::seeded_projection(3, 4, 5);  // (3, d_model)
    const m::PagedTrace t = m::paged_decode({in.x, x2}, in.w, 1, 1, 2, 5);
    // Order: a0 b0 a1 b1 a2 b2 a3; a takes block 0, b block 1, a's token 2 block 2, b's token 2 block 3.
    REQUIRE(t.steps.size() == 7);
    CHECK(t.steps[1].sequence == 1);
    CHECK(t.sequences[0].block_table == std::vector<arma::uword>{0, 2});
    CHECK(t.sequences[1].block_table == std::vector<arma::uword>{1, 3});
    CHECK((t.steps[4].slots[0].block == 2 && t.steps[4].slots[0].offset == 0));  // a2
    CHECK((t.steps[6].slots[0].block == 2 && t.steps[6].slots[0].offset == 1));  // a3
    CHECK(t.steps[6].free == std::vector<arma::uword>{4});
    REQUIRE_THROWS_WITH(m::paged_decode({in.x, x2}, in.w, 1, 1, 2, 3), Catch::Contains("need 4 blocks"));
}

TEST_CASE("attn decode --block-size: block tables and slots in the JSON, equal to the causal run",
          "[cli][paged][serve]") {
    const auto r =
        run_attn({"decode", "-s", "I ate the apple", "--block-size", "2", "--heads", "2", "--kv-heads", "1",
                  "--d-k", "2", "--alibi", "--window", "2", "--sinks", "1", "--format", "json"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const nlohmann::json d = nlohmann::json::parse(r.out);
    CHECK(d["paged_max_abs_difference"].get<double>() <= 1e-12);
    CHECK(d["causal_max_abs_difference"].get<double>() <= 1e-12);
    CHECK(d["block_size"] == 2);
    CHECK(d["pool_blocks"] == 2);
    CHECK(d["steps"][2]["block_table"] == nlohmann::json::array({0, 1}));
    CHECK(d["steps"][3]["slot"] == nlohmann::json({{"block", 1}, {"offset", 1}}));
    CHECK(d["sequences"][0]["steps"][3]["slot"]["block"] == 1);
    CHECK(d["pool"]["free"].empty());
    // Two sentences in one pool, their blocks interleaved.
    const auto two = run_attn(
        {"decode", "--block-size", "1", "--sequences", "I ate", "you ate the apple", "--format", "json"});
    INFO(two.err);
    REQUIRE(two.exit_code == 0);
    const nlohmann::json s = nlohmann::json::parse(two.out);
    CHECK(s["sequences"][0]["block_table"] == nlohmann::json::array({0, 2}));
    CHECK(s["sequences"][1]["block_table"] == nlohmann::json::array({1, 3, 4, 5}));
    CHECK(s["sequences"][1]["causal_max_abs_difference"].get<double>() <= 1e-12);
    CHECK(s["sequences"][1]["steps"][1]["slot"]["block"] == 3);
    CHECK(s["pool"]["owner"] == nlohmann::json::array({0, 1, 0, 1, 1, 1}));
    // The text names both sentences, not only the first one whose steps it prints.
    const auto text = run_attn({"decode", "--block-size", "1", "--sequences", "I ate", "you ate the apple",
                                "--show", "pool", "--color", "never"});
    REQUIRE(text.exit_code == 0);
    CHECK(text.out.find("inputs:  2 sentences \"I ate\", \"you ate the apple\" with vocabulary") == 0);
    CHECK(text.out.find("Decoding 2 sentences one token at a time") != std::string::npos);
    CHECK(text.out.find("Generating 2 tokens") == std::string::npos);
}

TEST_CASE("attn decode --block-size: what it refuses, and why", "[cli][paged][serve]") {
    using attn::test::require_input_error;
    require_input_error({"decode", "-s", "I ate the apple", "--block-size", "2", "--pool-blocks", "1"},
                        {"--pool-blocks 1 is too small", "need 2 blocks"});
    require_input_error({"decode", "-s", "I ate the apple", "--block-size", "0"},
                        {"--block-size must be at least 1"});
    require_input_error({"decode", "-s", "I ate the apple", "--block-size", "99999999999"},
                        {"--block-size 99999999999 is more rows than a block needs", "1..4096"});
    require_input_error({"decode", "-s", "I ate the apple", "--block-size", "2", "--pool-blocks", "99999999"},
                        {"--pool-blocks 99999999 of 2 rows", "leave --pool-blocks out"});
    require_input_error({"decode", "-s", "I ate", "--pool-blocks", "3"}, {"give --block-size"});
    require_input_error({"decode", "--sequences", "I ate", "you ate"}, {"--sequences share one paged pool"});
    require_input_error({"decode", "--block-size", "2", "--sequences", "I ate"}, {"two or more sentences"});
    require_input_error({"decode", "-s", "I ate", "--block-size", "2", "--sequences", "I ate", "you ate"},
                        {"drop -s"});
    require_input_error(
        {"decode", "-s", "I ate the apple", "--block-size", "2", "--mla", "data/mla/mla.toml"},
        {"--block-size does not go with --mla", "decodes its own cache of latents"});
}
