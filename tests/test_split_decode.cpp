// Flash-decoding's split-K (math/split_decode.hpp): a part's max, sum and partial output by hand, and
// every variant's steps split in 1..r+1 parts and merged equal to the plain steps and the causal run.
#include <cmath>
#include <nlohmann/json.hpp>

#include "check_matrices.hpp"
#include "math/paged_cache.hpp"
#include "math/split_decode.hpp"
#include "serve_fixtures.hpp"
#include "test_support.hpp"

using attn::test::check_matrices;
using attn::test::run_attn;
namespace m = attn::math;

TEST_CASE("split-K by hand: two parts, their max, sum and unnormalised output, merged", "[split]") {
    // q = (1, 0), d_k = 1 after scaling by 1: logits are the keys' first numbers 0, 2 | 1.
    const arma::mat q(1, 1, arma::fill::ones);        // (1, d_k = 1)
    const arma::mat k = arma::colvec{0.0, 2.0, 1.0};  // (3, d_k = 1)
    const arma::mat v = arma::colvec{1.0, 0.0, 3.0};  // (3, d_v = 1)
    const m::SplitHead h = m::split_head(q, k, v, {0, 1, 2}, 2, 2, std::nullopt, m::HeadVariant{});
    REQUIRE(h.parts.size() == 2);
    CHECK(h.parts[0].positions == std::vector<arma::uword>{0});  // balanced: 3 rows in parts of 1 and 2
    CHECK(h.parts[1].max == Approx(2.0));
    CHECK(h.parts[1].sum == Approx(1.0 + std::exp(-1.0)));
    CHECK(h.parts[1].partial_output(0, 0) == Approx(3.0 * std::exp(-1.0)));
    CHECK(h.max == Approx(2.0));
    const double total = std::exp(-2.0) + 1.0 + std::exp(-1.0);
    CHECK(h.sum == Approx(total));
    CHECK(h.output(0, 0) == Approx((std::exp(-2.0) * 1.0 + 3.0 * std::exp(-1.0)) / total));
}

TEST_CASE("split-K merged equals the plain step for every variant and number of parts", "[split][serve]") {
    for (const attn::test::ServeCase& c : attn::test::serve_cases()) {
        INFO(c.name);
        const attn::test::ServeInputs in = attn::test::serve_inputs(7, c.heads, c.kv_heads);
        const m::DecodeTrace d = m::decode(in.x, in.w, c.heads, c.kv_heads, c.window, c.variant);
        check_matrices(d.output, attn::test::causal_run(c, in));
        for (const arma::uword splits : {1, 2, 3, 8}) {
            INFO("splits " << splits);
            for (arma::uword t = 0; t < 7; ++t) {
                const m::SplitStep s =
                    m::split_step(d.steps[t], in.x.row(t), in.w, splits, c.window, c.variant);
                check_matrices(s.output, d.steps[t].output);
                CHECK(s.heads[0].parts.size() ==
                      std::min<arma::uword>(splits, d.steps[t].cache_tokens.size()));
            }
        }
    }
}

TEST_CASE("split-K over paged steps equals them for every variant", "[split][paged][serve]") {
    for (const attn::test::ServeCase& c : attn::test::serve_cases()) {
        INFO(c.name);
        const attn::test::ServeInputs in = attn::test::serve_inputs(6, c.heads, c.kv_heads);
        const m::PagedTrace t =
            m::paged_decode({in.x}, in.w, c.heads, c.kv_heads, 2, 3, 1, c.window, c.variant);
        for (const m::PagedStep& s : t.steps)
            check_matrices(m::split_rows(s.attention, in.x.row(s.first), in.w, 2, c.window, c.variant).output,
                           s.attention.output);
    }
}

TEST_CASE("attn decode --splits: parts per step in the JSON and the text", "[cli][split][serve]") {
    const auto r = run_attn({"decode", "-s", "I ate the apple", "--splits", "2", "--sink-logits",
                             attn::test::TempFile("0.5\n").path, "--format", "json"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const nlohmann::json d = nlohmann::json::parse(r.out);
    CHECK(d["split_max_abs_difference"].get<double>() <= 1e-12);
    CHECK(d["partial_output"] == "unnormalised");
    REQUIRE(d["steps"][3]["splits"].size() == 2);
    CHECK(d["steps"][3]["splits"][1]["positions"] == nlohmann::json::array({2, 3}));
    CHECK(d["steps"][3]["splits"][0].contains("max"));
    CHECK(d["steps"][3]["splits"][0].contains("sum"));
    CHECK(d["steps"][0]["splits"].size() == 1);  // one key: one part
    const auto h = run_attn({"decode", "-s", "I ate the apple", "--splits", "3", "--heads", "2", "--d-k", "2",
                             "--format", "json"});
    REQUIRE(h.exit_code == 0);
    const nlohmann::json hd = nlohmann::json::parse(h.out);
    CHECK(hd["steps"][3]["heads"][1]["splits"].size() == 3);
    CHECK(hd["split_max_abs_difference"].get<double>() <= 1e-12);
    const auto text = run_attn({"decode", "-s", "I ate the apple", "--splits", "2", "--step", "3"});
    REQUIRE(text.exit_code == 0);
    CHECK(text.out.find("split-K") != std::string::npos);
    CHECK(text.out.find("merged") != std::string::npos);
    attn::test::require_input_error({"decode", "-s", "I ate", "--splits", "2", "--chunk", "2"},
                                    {"use one or the other"});
    // Over a paged cache, as flash-decoding reads vLLM's blocks: each sequence's steps split.
    const auto paged =
        run_attn({"decode", "--block-size", "2", "--sequences", "I ate", "you ate the apple", "--splits", "2",
                  "--heads", "2", "--d-k", "2", "--window", "2", "--alibi", "--format", "json"});
    INFO(paged.err);
    REQUIRE(paged.exit_code == 0);
    const nlohmann::json p = nlohmann::json::parse(paged.out);
    CHECK(p["split_max_abs_difference"].get<double>() <= 1e-12);
    CHECK(p["sequences"][1]["steps"][3]["heads"][0]["splits"].size() == 2);
}
