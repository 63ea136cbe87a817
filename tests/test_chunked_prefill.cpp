// Chunked prefill (math/chunked_prefill.hpp): the mask of each chunk (cached prefix visible, the chunk
// triangular, the window and sinks at absolute positions), and every variant equal to the causal run for
// every chunk size, windows included, since a window over chunks is where off-by-one bugs live.
#include <nlohmann/json.hpp>

#include "check_matrices.hpp"
#include "math/chunked_prefill.hpp"
#include "serve_fixtures.hpp"
#include "test_support.hpp"

using attn::test::check_matrices;
using attn::test::run_attn;
namespace m = attn::math;

TEST_CASE("a chunk's mask: the cached prefix visible, the chunk triangular", "[chunked]") {
    const arma::umat keep = m::position_keep({3, 4, 5}, {0, 1, 2, 3, 4, 5}, std::nullopt);
    const arma::umat expected = {{1, 1, 1, 1, 0, 0}, {1, 1, 1, 1, 1, 0}, {1, 1, 1, 1, 1, 1}};
    CHECK(arma::approx_equal(keep, expected, "absdiff", 0));
    // Window 2 with 1 sink: query 5 sees 4, 5 and the sink 0; query 3 sees 2, 3 and 0.
    const arma::umat windowed = m::position_keep({3, 4, 5}, {0, 1, 2, 3, 4, 5}, m::Window{2, 1});
    const arma::umat expected_window = {{1, 0, 1, 1, 0, 0}, {1, 0, 0, 1, 1, 0}, {1, 0, 0, 0, 1, 1}};
    CHECK(arma::approx_equal(windowed, expected_window, "absdiff", 0));
    // The window's edge: W = 3 keeps exactly 3 keys, the query's own and the 2 before it.
    const arma::umat edge = m::position_keep({5}, {2, 3, 4, 5}, m::Window{3, 0});
    CHECK(arma::approx_equal(edge, arma::umat{{0, 1, 1, 1}}, "absdiff", 0));
}

TEST_CASE("chunked prefill equals the causal run for every variant and chunk size", "[chunked][serve]") {
    for (const attn::test::ServeCase& c : attn::test::serve_cases()) {
        INFO(c.name);
        const attn::test::ServeInputs in = attn::test::serve_inputs(8, c.heads, c.kv_heads);
        const arma::mat causal = attn::test::causal_run(c, in);
        for (const arma::uword chunk : {1, 2, 3, 5, 8, 9}) {
            INFO("chunk " << chunk);
            const m::PrefillTrace t =
                m::chunked_prefill(in.x, in.w, c.heads, c.kv_heads, chunk, c.window, c.variant);
            check_matrices(t.output, causal);
            CHECK(t.chunks.size() == (8 + chunk - 1) / chunk);
        }
    }
}

TEST_CASE("a chunk reads the rolling buffer before it overwrites it", "[chunked][serve]") {
    // Window 2, no sinks: the buffer holds 2 rows. Chunk 1 (tokens 3..5) must still see token 2, which its
    // own token 4 evicts; the chunk reads the cached rows first, then writes.
    const attn::test::ServeInputs in = attn::test::serve_inputs(6, 1, 1);
    const m::PrefillTrace t = m::chunked_prefill(in.x, in.w, 1, 1, 3, m::Window{2, 0});
    const m::PrefillChunk& second = t.chunks[1];
    CHECK(second.cached == std::vector<arma::uword>{2, 1});  // rows in buffer order: token 2 took row 0
    CHECK(second.attention.key_positions == std::vector<arma::uword>{2, 1, 3, 4, 5});
    const arma::umat expected = {{1, 0, 1, 0, 0}, {0, 0, 1, 1, 0}, {0, 0, 0, 1, 1}};
    CHECK(arma::approx_equal(second.attention.keep, expected, "absdiff", 0));
    CHECK(t.cache.tokens == std::vector<arma::uword>{4, 5});
}

TEST_CASE("attn decode --chunk: chunks, masks and outputs in the JSON", "[cli][chunked][serve]") {
    const auto r =
        run_attn({"decode", "-s", "I ate pie, you ate the apple", "--chunk", "3", "--format", "json"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const nlohmann::json d = nlohmann::json::parse(r.out);
    CHECK(d["chunk_max_abs_difference"].get<double>() <= 1e-12);
    REQUIRE(d["chunks"].size() == 3);
    CHECK(d["chunks"][1]["positions"] == nlohmann::json::array({3, 4, 5}));
    CHECK(d["chunks"][1]["mask"][0] == nlohmann::json::array({1, 1, 1, 1, 0, 0}));
    CHECK(d["chunks"][1]["weights"].size() == 3);
    CHECK(d["chunks"][1]["queries"].size() == 3);
    // Stacked, the chunks' outputs are the causal run's rows.
    arma::mat stacked;
    for (const auto& c : d["chunks"])
        stacked = arma::join_cols(stacked, attn::test::json_matrix(c["output"]));
    check_matrices(stacked, attn::test::json_matrix(d["stages"]["output"]));
    // Several heads: per head under heads[h]; with --block-size the chunks carry their block table and slots.
    const auto h =
        run_attn({"decode", "-s", "I ate pie, you ate the apple", "--chunk", "4", "--heads", "2", "--d-k",
                  "2", "--rope", "--window", "3", "--sinks", "1", "--block-size", "2", "--format", "json"});
    INFO(h.err);
    REQUIRE(h.exit_code == 0);
    const nlohmann::json p = nlohmann::json::parse(h.out);
    CHECK(p["paged_max_abs_difference"].get<double>() <= 1e-12);
    CHECK(p["chunks"][1]["heads"][1]["weights"].size() == 3);
    CHECK(p["chunks"][1]["block_table"] == nlohmann::json::array({0, 1, 2, 3}));
    CHECK(p["chunks"][1]["slots"][0] == nlohmann::json({{"block", 2}, {"offset", 0}}));
}

TEST_CASE("attn decode --chunk: the text shows each chunk's mask", "[cli][chunked][serve]") {
    const auto r = run_attn({"decode", "-s", "I ate the apple", "--chunk", "2"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("chunk 1: tokens 2..3, over 2 cached keys") != std::string::npos);
    CHECK(r.out.find("the chunks' outputs stacked equal attn run --mask causal") != std::string::npos);
    attn::test::require_input_error({"decode", "-s", "I ate", "--chunk", "0"},
                                    {"--chunk must be at least 1"});
}
