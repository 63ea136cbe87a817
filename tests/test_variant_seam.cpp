// The variant seam and the stage table: one parse table, one check, one refusal, one table of names.
// attn run, decode, stream and explore take the same variant flags; each path applies the parts it can
// (equal to the traced core) and refuses the rest with exit 2 and the reason.
#include <nlohmann/json.hpp>

#include "check_matrices.hpp"
#include "math/stage_table.hpp"
#include "math/variants.hpp"
#include "test_support.hpp"

using attn::test::require_input_error;
using attn::test::run_attn;
namespace m = attn::math;

TEST_CASE("the stage table generates run's --show list and explore's tabs, in the old order",
          "[stages][seam]") {
    CHECK(m::stage_list(m::run_stages()) ==
          "x,q,k,v,q_norm,k_norm,q_rot,k_rot,scores,scaled,capped,bias,biased,tempered,masked,phi_q,phi_k,kv,"
          "z,weights,sink_weight,ungated,gate,"
          "concat,"
          "output");
    CHECK(m::stage_list(m::explore_stages()) ==
          "x,wq,wk,wv,q,k,v,scores,scaled,tempered,masked,weights,output");
    CHECK(m::stage_traits(m::Stage::wq).title == std::string("W_Q"));
    CHECK(m::stage_named("biased") == m::Stage::biased);
    CHECK_FALSE(m::stage_named("nosuch").has_value());
    // A variant's stage names its part's flag, filled in from the VariantPart table.
    CHECK(m::why_missing(m::Stage::bias) == "there is no ALiBi bias without --alibi; add --alibi");
    CHECK(m::why_missing(m::Stage::q_rot) == "queries and keys are rotated only with --rope; add --rope");
    CHECK(m::stage_legend(m::Stage::bias) ==
          "ALiBi: -m * distance between query and key, m = this head's slope");
}

TEST_CASE("make_variant is the one check of the flags - variant_misfit names the shape", "[variants][seam]") {
    m::VariantFlags f;
    f.rope = true;
    f.alibi = true;
    f.window = 3;
    f.sinks = 1;
    const m::Variant v = m::make_variant(f, false, false);
    REQUIRE(v.rope.has_value());
    CHECK(v.alibi);
    CHECK(v.window->size == 3);
    CHECK(v.window->sinks == 1);
    CHECK(m::variant_misfit(v, 3) ==
          "RoPE (--rope) rotates pairs of dimensions, so d_k must be even; d_k = 3 per head");
    CHECK(m::variant_misfit(v, 4).empty());
    CHECK(m::fitting_d_k(v, 3) == 4);
    CHECK(m::variant_flags_text(f) == " --rope --alibi --window 3 --sinks 1");
    f.kernel = "linear";
    CHECK_THROWS_WITH(m::make_variant(f, false, false), Catch::Contains("--kernel linear does not combine"));
    CHECK_THROWS_WITH(m::KernelChoice("cubic"), Catch::Contains("choose softmax or linear"));
}

TEST_CASE("attn decode takes RoPE, ALiBi and the temperature, equal to causal attn run - refuses the rest",
          "[decode][cli][seam]") {
    const auto r = run_attn({"decode", "-s", "I ate the apple", "--rope", "--d-k", "4", "--temperature",
                             "0.5", "--format", "json"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const nlohmann::json doc = nlohmann::json::parse(r.out);
    CHECK(doc["causal_max_abs_difference"].get<double>() <= 1e-12);
    const auto run = run_attn({"run", "-s", "I ate the apple", "--rope", "--d-k", "4", "--temperature", "0.5",
                               "--mask", "causal", "--format", "json"});
    REQUIRE(run.exit_code == 0);
    const nlohmann::json causal = nlohmann::json::parse(run.out);
    attn::test::check_matrices(attn::test::json_matrix(doc["stages"]["output"]),
                               attn::test::json_matrix(causal["stages"]["output"]));
    const auto biased = run_attn({"decode", "-s", "I ate the apple", "--alibi", "--format", "json"});
    REQUIRE(biased.exit_code == 0);
    CHECK(nlohmann::json::parse(biased.out)["causal_max_abs_difference"].get<double>() <= 1e-12);
    // With a rolling buffer the bias takes each cached row's token position: taken, equal to the causal run.
    const auto rolled =
        run_attn({"decode", "-s", "I ate the apple", "--alibi", "--window", "2", "--format", "json"});
    REQUIRE(rolled.exit_code == 0);
    CHECK(nlohmann::json::parse(rolled.out)["causal_max_abs_difference"].get<double>() <= 1e-12);
    require_input_error({"decode", "-s", "I ate the apple", "--kernel", "linear"},
                        {"attn decode does not take --kernel linear", "state"});
    require_input_error({"decode", "-s", "I ate the apple", "--rope"}, {"d_k must be even", "--d-k 4"});
}

TEST_CASE("attn stream takes RoPE, equal to the core - refuses what the online softmax cannot apply",
          "[streaming][cli][seam]") {
    const auto r =
        run_attn({"stream", "-s", "I ate the apple", "--rope", "--d-k", "4", "--causal", "--format", "json"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(nlohmann::json::parse(r.out)["max_abs_difference"].get<double>() <= 1e-12);
    require_input_error({"stream", "-s", "I ate the apple", "--alibi"},
                        {"attn stream does not take --alibi"});
    require_input_error({"stream", "-s", "I ate the apple", "--window", "2"},
                        {"attn stream does not take --window"});
    require_input_error({"stream", "-s", "I ate the apple", "--sinks", "1"}, {"add --window"});
}

TEST_CASE("attn explore takes the variant flags and refuses the linear kernel, with exit 2",
          "[explore][cli][seam]") {
    require_input_error({"--no-input", "explore", "--kernel", "linear"},
                        {"attn explore does not take --kernel linear"});
    require_input_error({"--no-input", "explore", "--rope-base", "100"}, {"add --rope"});
    // Without a terminal explore prints the attn run command that computes the same numbers.
    const auto r = run_attn({"--no-input", "explore", "--rope", "--d-k", "4", "--seed", "1", "--alibi"});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("--rope --alibi") != std::string::npos);
}
