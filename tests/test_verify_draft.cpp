// Draft verification (math/verify_draft.hpp): K drafted tokens checked in one chunk equal K decode steps
// for every variant, with the work counted both ways.
#include <nlohmann/json.hpp>

#include "check_matrices.hpp"
#include "math/verify_draft.hpp"
#include "serve_fixtures.hpp"
#include "test_support.hpp"

using attn::test::check_matrices;
using attn::test::run_attn;
namespace m = attn::math;

TEST_CASE("verifying a draft in one pass equals the steps for every variant", "[verify][serve]") {
    for (const attn::test::ServeCase& c : attn::test::serve_cases()) {
        INFO(c.name);
        const attn::test::ServeInputs in = attn::test::serve_inputs(8, c.heads, c.kv_heads);
        const arma::mat causal = attn::test::causal_run(c, in);
        for (const arma::uword k : {1, 3, 7}) {
            INFO("K = " << k);
            const m::DraftVerification v =
                m::verify_draft(in.x, in.w, c.heads, c.kv_heads, k, c.window, c.variant);
            check_matrices(v.verify_output, v.steps_output);
            check_matrices(v.verify_output, causal.rows(8 - k, 7));
            CHECK(v.one_pass.passes == 1);
            CHECK(v.step_by_step.passes == k);
            CHECK(v.one_pass.multiply_adds == Approx(v.step_by_step.multiply_adds));
        }
    }
}

TEST_CASE("the work of a draft: one pass reads each cached row once", "[verify]") {
    const attn::test::ServeInputs in = attn::test::serve_inputs(6, 1, 1);
    const m::DraftVerification v = m::verify_draft(in.x, in.w, 1, 1, 2);
    // Prefix of 4: the chunk reads 4 cached rows and its own 2; the steps read 5 then 6.
    CHECK(v.one_pass.rows_read == 6);
    CHECK(v.step_by_step.rows_read == 11);
    REQUIRE_THROWS_WITH(m::verify_draft(in.x, in.w, 1, 1, 6), Catch::Contains("K must be 1..5"));
}

TEST_CASE("attn decode --verify: the one pass, the steps and the work in the JSON", "[cli][verify][serve]") {
    const auto r = run_attn({"decode", "-s", "I ate the apple", "--verify", "2", "--heads", "2", "--d-k", "2",
                             "--alibi", "--format", "json"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const nlohmann::json d = nlohmann::json::parse(r.out);
    const nlohmann::json& v = d["verify"];
    CHECK(v["prefix"] == 2);
    CHECK(v["drafted"] == 2);
    CHECK(v["max_abs_difference"].get<double>() <= 1e-12);
    CHECK(v["causal_max_abs_difference"].get<double>() <= 1e-12);
    CHECK(v["chunk"]["mask"][0] == nlohmann::json::array({1, 1, 1, 0}));
    CHECK(v["work"]["one_pass"]["passes"] == 1);
    CHECK(v["work"]["step_by_step"]["passes"] == 2);
    check_matrices(attn::test::json_matrix(v["chunk"]["output"]), attn::test::json_matrix(v["step_outputs"]));
    const auto text = run_attn({"decode", "-s", "I ate the apple", "--verify", "2"});
    REQUIRE(text.exit_code == 0);
    CHECK(text.out.find("draft verification: the last 2 tokens in one pass") != std::string::npos);
    attn::test::require_input_error({"decode", "-s", "I ate the apple", "--verify", "4"}, {"K must be 1..3"});
    attn::test::require_input_error({"decode", "-s", "I ate the apple", "--verify", "2", "--chunk", "2"},
                                    {"--verify decodes the prefix"});
}
