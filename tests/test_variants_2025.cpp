// RoPE as 2025's code writes it (rotate_half's pairs, partial rotary dimensions) and Gemma 2's logit
// softcapping: hand calculations, the permutation that maps one pairing to the other, the checks of the
// flags, and decode equal to the causal run. The PyTorch references are in test_variants_reference.cpp.
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "check_matrices.hpp"
#include "course/decode.hpp"
#include "export_support.hpp"
#include "math/attention.hpp"
#include "math/decode.hpp"
#include "math/random.hpp"
#include "math/variants.hpp"
#include "test_support.hpp"
#include "variant_fixtures.hpp"

using attn::test::check_matrices;
using attn::test::require_input_error;
using attn::test::run_attn;
namespace m = attn::math;

namespace {

// Runs `attn decode ARGS --format json`, which must succeed and give the causal run's rows to 1e-12;
// returns its JSON for the checks a variant adds.
nlohmann::json decode_equal_to_causal_run(std::vector<std::string> args) {
    args.insert(args.begin(), "decode");
    args.insert(args.end(), {"--format", "json"});
    const auto d = run_attn(args);
    INFO(d.err);
    REQUIRE(d.exit_code == 0);
    nlohmann::json doc = nlohmann::json::parse(d.out);
    CHECK(doc["causal_max_abs_difference"].get<double>() <= 1e-12);
    return doc;
}

m::Rope rope_of(m::RopePairs pairs, arma::uword dims, double base = 10000.0) {
    m::Rope rope;
    rope.base = base;
    rope.pairs = pairs;
    rope.dims = dims;
    return rope;
}

// Column i of the result is column order[i] of x.
arma::mat columns_in_order(const arma::mat& x, const std::vector<arma::uword>& order) {
    arma::mat out(x.n_rows, order.size());
    for (size_t i = 0; i < order.size(); ++i) out.col(i) = x.col(order[i]);
    return out;
}

}  // namespace

TEST_CASE("RoPE with halves turns dimension i with i + d/2, by position times theta_i", "[variants][rope]") {
    // d = 4, base 100: theta_0 = 1, theta_1 = 0.1; pairs (0, 2) and (1, 3). Row 0 is at position 2.
    const arma::mat x = {{1.0, 0.0, 0.0, 2.0}};
    const arma::mat r = m::rope_rotate(x, rope_of(m::RopePairs::halves, 0, 100.0), 2.0);
    const arma::mat expected = {{std::cos(2.0), -2.0 * std::sin(0.2), std::sin(2.0), 2.0 * std::cos(0.2)}};
    check_matrices(r, expected, 1e-15);
    CHECK(m::rope_pair(rope_of(m::RopePairs::halves, 0), 4, 1) == std::pair<arma::uword, arma::uword>{1, 3});
    CHECK(m::rope_pair(rope_of(m::RopePairs::adjacent, 0), 4, 1) ==
          std::pair<arma::uword, arma::uword>{2, 3});
}

TEST_CASE("the two pairings are one permutation of the dimensions apart", "[variants][rope]") {
    // Interleaving the halves' columns (0, 4, 1, 5, 2, 6, 3, 7) turns halves into adjacent pairs, and
    // since a permutation of the dimensions keeps every dot product, the scores are the same.
    const arma::mat q = m::seeded_projection(5, 8, 31) * 2.0, k = m::seeded_projection(5, 8, 32) * 2.0;
    const std::vector<arma::uword> interleave = {0, 4, 1, 5, 2, 6, 3, 7};
    const m::Rope halves = rope_of(m::RopePairs::halves, 0), adjacent = rope_of(m::RopePairs::adjacent, 0);
    const arma::mat q_halves = m::rope_rotate(q, halves, 3.0), k_halves = m::rope_rotate(k, halves, 3.0);
    const arma::mat q_adjacent = m::rope_rotate(columns_in_order(q, interleave), adjacent, 3.0);
    const arma::mat k_adjacent = m::rope_rotate(columns_in_order(k, interleave), adjacent, 3.0);
    check_matrices(columns_in_order(q_halves, interleave), q_adjacent, 1e-14);
    const arma::mat halves_scores = q_halves * k_halves.t(), adjacent_scores = q_adjacent * k_adjacent.t();
    check_matrices(halves_scores, adjacent_scores, 1e-12);
    // Without the permutation the same weights give other numbers: what a learner meets who copies
    // transformers' weights into interleaved RoPE.
    const arma::mat plain_scores = m::rope_rotate(q, adjacent, 3.0) * m::rope_rotate(k, adjacent, 3.0).t();
    CHECK(arma::abs(plain_scores - halves_scores).max() > 0.1);
}

TEST_CASE("partial rotary: only the first R dimensions turn, theta_i = base^(-2i/R)", "[variants][rope]") {
    const arma::mat x = {{1.0, 0.0, 5.0, 6.0, 7.0, 8.0}};  // d = 6, R = 2: one pair, theta_0 = 1
    for (const m::RopePairs pairs : {m::RopePairs::adjacent, m::RopePairs::halves}) {
        const arma::mat r = m::rope_rotate(x, rope_of(pairs, 2), 1.5);
        const arma::mat expected = {{std::cos(1.5), std::sin(1.5), 5.0, 6.0, 7.0, 8.0}};
        check_matrices(r, expected, 1e-15);
    }
    // R = 4 of 6 with halves: pairs (0, 2) and (1, 3), theta_1 = base^(-2/4); dimensions 4, 5 pass.
    const arma::mat y = {{0.0, 1.0, 0.0, 0.0, 7.0, 8.0}};
    const arma::mat r = m::rope_rotate(y, rope_of(m::RopePairs::halves, 4, 100.0), 1.0);
    const arma::mat expected = {{0.0, std::cos(0.1), 0.0, std::sin(0.1), 7.0, 8.0}};
    check_matrices(r, expected, 1e-15);
}

TEST_CASE("softcapping: C * tanh(scaled / C) after the scaling, before the bias and the mask",
          "[variants][softcap]") {
    const arma::mat scaled = {{0.0, 1.0, -3.0, 100.0}};
    const arma::mat capped = m::softcap_logits(scaled, 2.0);
    const arma::mat expected = {{0.0, 2.0 * std::tanh(0.5), 2.0 * std::tanh(-1.5), 2.0 * std::tanh(50.0)}};
    check_matrices(capped, expected, 1e-15);
    CHECK(capped.max() <= 2.0);  // tanh(50) rounds to 1 in double: the cap is reached, never passed
    // In attend: weights = softmax(capped + bias), masked; the bias adds to the capped logits.
    const arma::mat q = m::seeded_projection(4, 4, 41) * 4.0, k = m::seeded_projection(4, 4, 42) * 4.0;
    const arma::mat v = m::seeded_projection(4, 3, 43);
    m::HeadVariant variant;
    variant.softcap = 1.5;
    variant.alibi_slope = 0.25;
    variant.causal = true;
    const m::HeadTrace t = m::attend(q, k, v, m::causal_keep(4, 4), variant);
    REQUIRE(t.capped.has_value());
    check_matrices(*t.capped, 1.5 * arma::tanh((q * k.t() / 2.0) / 1.5), 1e-14);
    check_matrices(*t.biased, *t.capped + m::alibi_bias(4, 4, 0.25, true), 1e-14);
    check_matrices(t.weights, m::softmax_rows(m::apply_mask(*t.biased, m::causal_keep(4, 4))), 1e-14);
    CHECK_THROWS_WITH(m::softcap_logits(scaled, 0.0), Catch::Contains("positive"));
}

TEST_CASE("the flags of the pairing, the rotary dimensions and the cap are checked once",
          "[variants][seam][rope][softcap]") {
    m::VariantFlags f;
    f.rope = true;
    f.rope_pairs = "halves";
    f.rope_dims = 4;
    f.softcap = 30.0;
    const m::Variant v = m::make_variant(f, false, false);
    CHECK(v.rope->pairs == m::RopePairs::halves);
    CHECK(v.rope->dims == 4);
    CHECK(*v.softcap == 30.0);
    CHECK(m::variant_flags_text(f) == " --rope --rope-pairs halves --rope-dims 4 --softcap 30");
    CHECK(m::variant_misfit(v, 2) ==
          "RoPE (--rope) with --rope-dims 4 turns more dimensions than a head has; d_k = 2 per head");
    CHECK(m::variant_misfit(v, 5).empty());  // an odd d_k is fine when only 4 of its dimensions turn
    CHECK(m::fitting_d_k(v, 2) == 4);
    f.rope_dims = 3;
    CHECK_THROWS_WITH(m::make_variant(f, false, false),
                      Catch::Contains("--rope-dims 3") && Catch::Contains("even"));
    f.rope_dims = 0;
    f.softcap = -1.0;
    CHECK_THROWS_WITH(m::make_variant(f, false, false), Catch::Contains("--softcap -1"));
    f.softcap = 5.0;
    f.rope = false;
    f.kernel = "linear";
    CHECK_THROWS_WITH(m::make_variant(f, false, false), Catch::Contains("no scores to cap"));
    CHECK_THROWS_WITH(m::RopePairsChoice("zipper"), Catch::Contains("choose adjacent or halves"));
    m::Variant capped;
    capped.softcap = 5.0;
    CHECK_THROWS_WITH(m::require_path_takes(capped, m::AttentionPath::streaming),
                      Catch::Contains("attn stream does not take --softcap"));
    CHECK_NOTHROW(m::require_path_takes(capped, m::AttentionPath::decode));
    CHECK_NOTHROW(m::require_path_takes(capped, m::AttentionPath::explore));
}

TEST_CASE("decode with halves, partial rotary and a cap: the cached steps equal the causal run",
          "[decode][core][rope][softcap]") {
    const arma::mat x = m::seeded_projection(6, 4, 51) * 3.0;  // (n_tokens, d_model)
    const m::ProjectionWeights w{m::seeded_projection(4, 12, 52), m::seeded_projection(4, 12, 53),
                                 m::seeded_projection(4, 6, 54), m::seeded_projection(6, 4, 55)};
    m::Variant variant;
    variant.rope = rope_of(m::RopePairs::halves, 4, 100.0);
    variant.rope->offset = 2.0;
    variant.softcap = 0.8;
    variant.alibi = true;
    variant.causal = true;
    const m::DecodeTrace d = m::decode(x, w, 2, 2, std::nullopt, variant);  // d_k = 6, 4 of them turn
    const m::AttentionTrace causal = m::self_attention(x, w, 2, m::causal_keep(6, 6), variant);
    check_matrices(d.output, causal.output, 1e-12);
    check_matrices(d.steps.back().k_cache, *causal.k_rot, 1e-12);
}

TEST_CASE("attn run --softcap and --rope-pairs: the stages and the variant in JSON, refusals with exit 2",
          "[cli][json][rope][softcap]") {
    const auto r = run_attn({"run", "-s", "I ate the apple", "--softcap", "1.5", "--rope", "--rope-pairs",
                             "halves", "--rope-dims", "2", "--d-k", "4", "--format", "json"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const nlohmann::json doc = nlohmann::json::parse(r.out);
    CHECK(doc["variant"]["softcap"].get<double>() == 1.5);
    CHECK(doc["variant"]["rope"]["pairs"] == "halves");
    CHECK(doc["variant"]["rope"]["dims"] == 2);
    const arma::mat scaled = attn::test::json_matrix(doc["stages"]["scaled"]);
    const arma::mat capped = attn::test::json_matrix(doc["stages"]["capped"]);
    check_matrices(capped, 1.5 * arma::tanh(scaled / 1.5), 1e-15);
    // Dimensions 2 and 3 of q pass through unturned.
    const arma::mat q = attn::test::json_matrix(doc["stages"]["q"]);
    const arma::mat q_rot = attn::test::json_matrix(doc["stages"]["q_rot"]);
    check_matrices(q_rot.cols(2, 3), q.cols(2, 3), 0.0);
    const auto plain = run_attn({"run", "-s", "I ate the apple", "--format", "json"});
    REQUIRE(plain.exit_code == 0);
    CHECK(nlohmann::json::parse(plain.out)["variant"]["softcap"].is_null());
    require_input_error({"run", "-s", "I ate the apple", "--rope-pairs", "halves"},
                        {"--rope-pairs", "add --rope"});
    require_input_error({"run", "-s", "I ate the apple", "--rope", "--rope-dims", "3"},
                        {"--rope-dims 3", "even"});
    require_input_error({"run", "-s", "I ate the apple", "--softcap", "0"}, {"--softcap 0"});
    require_input_error({"stream", "-s", "I ate the apple", "--softcap", "2"},
                        {"attn stream does not take --softcap"});
    // decode takes them, equal to the causal run.
    decode_equal_to_causal_run(
        {"-s", "I ate the apple", "--softcap", "0.5", "--rope", "--rope-pairs", "halves", "--d-k", "4"});
}

TEST_CASE("attn run --explain shows the cap's arithmetic and the pairs halves turns",
          "[cli][explain][softcap]") {
    const auto r = run_attn({"run", "-s", "I ate the apple", "--softcap", "1.5", "--rope", "--rope-pairs",
                             "halves", "--d-k", "4", "--explain", "apple,ate", "--format", "json"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const nlohmann::json x = nlohmann::json::parse(r.out)["explain"][0];
    CHECK(x["softcap"].get<double>() == 1.5);
    CHECK(std::fabs(x["capped"].get<double>() - 1.5 * std::tanh(x["scaled"].get<double>() / 1.5)) <= 1e-15);
    CHECK(x["rotations"][1]["dims"] == nlohmann::json::array({1, 3}));
    const auto text =
        run_attn({"run", "-s", "I ate the apple", "--softcap", "1.5", "--explain", "apple,ate"});
    REQUIRE(text.exit_code == 0);
    const std::string flat = std::regex_replace(text.out, std::regex("\\s+"), " ");
    CHECK(flat.find("Then softcapping: C * tanh(scaled / C) = 1.5") != std::string::npos);
}

TEST_CASE("QK-norm: each row over its RMS, times w or (1 + w), before RoPE", "[variants][qk_norm]") {
    // Row (3, 4): mean square 12.5; with eps 0 the row becomes (3, 4) / sqrt(12.5).
    const arma::mat x = {{3.0, 4.0}, {0.0, 0.0}};
    const arma::mat plain = m::rms_norm_rows(x, 0.0, arma::rowvec(), false);
    check_matrices(plain.row(0), arma::rowvec({3.0, 4.0}) / std::sqrt(12.5), 1e-15);
    // A zero row stays zero with eps > 0 (and does not divide by 0).
    check_matrices(m::rms_norm_rows(x, 1e-6, arma::rowvec(), false).row(1), arma::rowvec({0.0, 0.0}), 0.0);
    const arma::rowvec w = {0.5, -1.0};
    check_matrices(m::rms_norm_rows(x, 0.0, w, false).row(0), plain.row(0) % w, 1e-15);
    check_matrices(m::rms_norm_rows(x, 0.0, w, true).row(0), plain.row(0) % (1.0 + w), 1e-15);
    // With offset and no weight file, w = 0: the plain RMSNorm.
    check_matrices(m::rms_norm_rows(x.row(0), 0.0, arma::rowvec(), true), plain.row(0), 0.0);
    CHECK_THROWS_WITH(m::rms_norm_rows(x, 0.0, arma::rowvec({1.0, 2.0, 3.0}), false),
                      Catch::Contains("3 numbers") && Catch::Contains("(2, 2)"));
    // In attend, RoPE turns the normalised rows, and the scores are taken between them.
    const arma::mat q = m::seeded_projection(4, 4, 61) * 5.0, k = m::seeded_projection(4, 4, 62) * 5.0;
    const arma::mat v = m::seeded_projection(4, 2, 63);
    m::HeadVariant variant;
    variant.qk_norm = m::QkNorm{1e-6, {}, {}, false};
    variant.rope = rope_of(m::RopePairs::halves, 0);
    const m::HeadTrace t = m::attend(q, k, v, std::nullopt, variant);
    check_matrices(*t.q_norm, m::rms_norm_rows(q, 1e-6, arma::rowvec(), false), 0.0);
    check_matrices(*t.q_rot, m::rope_rotate(*t.q_norm, *variant.rope, 0.0), 0.0);
    check_matrices(t.scores, *t.q_rot * t.k_rot->t(), 1e-13);
    // Every normalised row has RMS 1 (up to eps), so no score can pass d_k, however large Q and K grow.
    CHECK(arma::abs(t.scores).max() <= 4.0 + 1e-9);
}

TEST_CASE("decode with QK-norm and weights: the cached steps equal the causal run",
          "[decode][core][qk_norm]") {
    const arma::mat x = m::seeded_projection(5, 4, 71) * 3.0;
    const m::ProjectionWeights w{m::seeded_projection(4, 8, 72), m::seeded_projection(4, 4, 73),
                                 m::seeded_projection(4, 4, 74), m::seeded_projection(8, 4, 75)};
    m::Variant variant;
    variant.qk_norm = m::QkNorm{1e-5, {0.5, 1.5, -0.25, 1.0}, {1.0, 0.0, 2.0, -1.0}, true};
    variant.rope = rope_of(m::RopePairs::adjacent, 2);
    variant.causal = true;
    const m::DecodeTrace d = m::decode(x, w, 2, 1, std::nullopt, variant);  // 2 query heads, 1 kv head
    variant.kv_heads = 1;
    const m::AttentionTrace causal = m::self_attention(x, w, 2, m::causal_keep(5, 5), variant);
    check_matrices(d.output, causal.output, 1e-12);
}

TEST_CASE("attn run --qk-norm: stages, JSON and the weight files, refusals with exit 2",
          "[cli][json][qk_norm]") {
    const auto r = run_attn({"run", "-s", "I ate the apple", "--qk-norm", "--format", "json"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const nlohmann::json doc = nlohmann::json::parse(r.out);
    CHECK(doc["variant"]["qk_norm"]["eps"].get<double>() == 1e-6);
    const arma::mat q = attn::test::json_matrix(doc["stages"]["q"]);
    const arma::mat q_norm = attn::test::json_matrix(doc["stages"]["q_norm"]);
    check_matrices(q_norm, m::rms_norm_rows(q, 1e-6, arma::rowvec(), false), 1e-15);
    const arma::mat k_norm = attn::test::json_matrix(doc["stages"]["k_norm"]);
    check_matrices(attn::test::json_matrix(doc["stages"]["scores"]), q_norm * k_norm.t(), 1e-14);
    const attn::test::TempDir dir;
    const std::string weight = dir / "q_norm_weight.csv";
    std::ofstream(weight) << "0.5,2,1\n";
    const auto weighted = run_attn({"run", "-s", "I ate the apple", "--qk-norm", "--q-norm-weight", weight,
                                    "--qk-norm-offset", "--format", "json"});
    INFO(weighted.err);
    REQUIRE(weighted.exit_code == 0);
    const nlohmann::json w = nlohmann::json::parse(weighted.out);
    check_matrices(attn::test::json_matrix(w["stages"]["q_norm"]),
                   m::rms_norm_rows(q, 1e-6, arma::rowvec({0.5, 2.0, 1.0}), true), 1e-15);
    CHECK(w["variant"]["qk_norm"]["offset"] == true);
    std::ofstream(weight) << "0.5,2\n";
    require_input_error({"run", "-s", "I ate the apple", "--qk-norm", "--q-norm-weight", weight},
                        {"--q-norm-weight", "2 numbers", "d_k = 3"});
    std::ofstream(weight) << "1,1,1\n1,1,1\n";
    require_input_error({"run", "-s", "I ate the apple", "--qk-norm", "--q-norm-weight", weight},
                        {"2 rows", "one row of d_k numbers"});
    require_input_error({"run", "-s", "I ate the apple", "--q-norm-weight", weight}, {"add --qk-norm"});
    require_input_error({"run", "-s", "I ate the apple", "--qk-norm", "--qk-norm-eps", "-1"},
                        {"--qk-norm-eps -1", "positive"});
    require_input_error({"stream", "-s", "I ate the apple", "--qk-norm"},
                        {"attn stream does not take --qk-norm"});
    decode_equal_to_causal_run({"-s", "I ate the apple", "--qk-norm", "--rope", "--d-k", "4"});
}

TEST_CASE("learned sinks: one more column of each row's softmax, dropped after it", "[variants][sinks]") {
    // Row (0, ln 2) with sink logit ln 3: exps 1, 2 and 3 over 6, so the keys keep 1/6 and 2/6.
    const arma::mat logits = {{0.0, std::log(2.0)}, {-INFINITY, -INFINITY}};
    const m::SinkSoftmax s = m::softmax_with_sink(logits, std::log(3.0));
    check_matrices(s.weights.row(0), arma::rowvec({1.0 / 6, 2.0 / 6}), 1e-15);
    CHECK(std::fabs(s.sink_weight(0, 0) - 0.5) <= 1e-15);
    // A row whose keys are all masked gives everything to the sink, as gpt-oss's softmax does.
    check_matrices(s.weights.row(1), arma::rowvec({0.0, 0.0}), 0.0);
    CHECK(s.sink_weight(1, 0) == 1.0);
    CHECK_THROWS_WITH(m::softmax_with_sink(logits, NAN), Catch::Contains("finite"));
    // In attend, each head takes its own sink; the visible weights sum to 1 - sink_weight.
    const arma::mat q = m::seeded_projection(4, 4, 81), k = m::seeded_projection(4, 4, 82);
    const arma::mat v = m::seeded_projection(4, 2, 83);
    m::HeadVariant variant;
    variant.sink_logit = 1.0;
    const m::HeadTrace t = m::attend(q, k, v, m::causal_keep(4, 4), variant);
    check_matrices(arma::sum(t.weights, 1) + *t.sink_weight, arma::colvec(4, arma::fill::ones), 1e-15);
    CHECK(arma::all(arma::vectorise(*t.sink_weight) > 0.0));
}

TEST_CASE("decode with learned sinks, GQA, ALiBi and a cap: the cached steps equal the causal run",
          "[decode][core][sinks]") {
    const arma::mat x = m::seeded_projection(6, 4, 91) * 2.0;  // (n_tokens, d_model)
    const m::ProjectionWeights w{m::seeded_projection(4, 8, 92), m::seeded_projection(4, 4, 93),
                                 m::seeded_projection(4, 4, 94), m::seeded_projection(8, 4, 95)};
    m::Variant variant;
    variant.sink_logits = arma::rowvec({0.5, -1.0, 2.0, 0.0});  // one per query head
    variant.softcap = 1.5;
    variant.alibi = true;
    variant.causal = true;
    const m::DecodeTrace d = m::decode(x, w, 4, 2, std::nullopt, variant);  // 4 query heads, 2 kv heads
    variant.kv_heads = 2;
    const m::AttentionTrace causal = m::self_attention(x, w, 4, m::causal_keep(6, 6), variant);
    check_matrices(d.output, causal.output, 1e-12);
    for (arma::uword t = 0; t < 6; ++t)
        for (arma::uword h = 0; h < 4; ++h)
            CHECK(std::fabs(*d.steps[t].heads[h].sink_weight - (*causal.heads[h].sink_weight)(t, 0)) <=
                  1e-12);
    variant.sink_logits = arma::rowvec({0.5, 1.0});
    CHECK_THROWS_WITH(m::self_attention(x, w, 4, std::nullopt, variant),
                      Catch::Contains("2 learned sink logits cannot serve 4 query heads"));
}

TEST_CASE("attn decode with learned sinks equals torch's causal rows (GQA, ALiBi, cap)",
          "[torch][decode][sinks]") {
    const std::string name = "sink_gqa_alibi_softcap_causal";
    std::ifstream in(attn::test::variant_file(name, "expected.json"));
    const nlohmann::json expected = nlohmann::json::parse(in);
    attn::course::RunRequest r = attn::test::variant_request(name, expected);
    r.masks.clear();  // decode is causal by construction
    const attn::course::DecodeReport d = attn::course::run_decode(r);
    check_matrices(d.trace.output, attn::test::json_matrix(expected["stages"]["output"]), 1e-12);
    for (size_t t = 0; t < d.trace.steps.size(); ++t)
        for (size_t h = 0; h < 4; ++h)
            CHECK(std::fabs(*d.trace.steps[t].heads[h].sink_weight -
                            expected["heads"][h]["sink_weight"][t][0].get<double>()) <= 1e-12);
}

TEST_CASE("attn run --sink-logits: the stage sink_weight, JSON, --explain, refusals with exit 2",
          "[cli][json][sinks]") {
    const attn::test::TempDir dir;
    const std::string sinks = dir / "sinks.csv";
    std::ofstream(sinks) << "0.5,1.5\n";
    const auto r =
        run_attn({"run", "-s", "I ate the apple", "--heads", "2", "--weights", "random", "--d-k", "2",
                  "--mask", "causal", "--sink-logits", sinks, "--explain", "apple,ate", "--format", "json"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const nlohmann::json doc = nlohmann::json::parse(r.out);
    CHECK(doc["variant"]["sink_logits"] == nlohmann::json::array({0.5, 1.5}));
    for (int h = 0; h < 2; ++h) {
        const arma::mat weights = attn::test::json_matrix(doc["heads"][h]["weights"]);
        const arma::mat sink = attn::test::json_matrix(doc["heads"][h]["sink_weight"]);
        REQUIRE(sink.n_rows == 4);
        REQUIRE(sink.n_cols == 1);
        check_matrices(arma::sum(weights, 1) + sink, arma::mat(4, 1, arma::fill::ones), 1e-15);
    }
    const nlohmann::json x = doc["explain"][1];
    CHECK(x["sink_logit"].get<double>() == 1.5);
    CHECK(std::fabs(x["sink_weight"].get<double>() -
                    attn::test::json_matrix(doc["heads"][1]["sink_weight"])(3, 0)) <= 1e-15);
    const auto plain = run_attn({"run", "-s", "I ate the apple", "--format", "json"});
    CHECK(nlohmann::json::parse(plain.out)["variant"]["sink_logits"].is_null());
    const auto text = run_attn({"run", "-s", "I ate the apple", "--sink-logits", dir / "one.csv"});
    CHECK(text.exit_code == 2);
    std::ofstream(dir / "one.csv") << "1\n";
    const auto shown = run_attn({"run", "-s", "I ate the apple", "--sink-logits", dir / "one.csv",
                                 "--explain", "apple,ate", "--show", "weights,sink_weight"});
    INFO(shown.err);
    REQUIRE(shown.exit_code == 0);
    const std::string flat = std::regex_replace(shown.out, std::regex("\\s+"), " ");
    CHECK(flat.find("(sink)") != std::string::npos);
    CHECK(flat.find("The learned sink") != std::string::npos);
    require_input_error({"run", "-s", "I ate the apple", "--sink-logits", sinks},
                        {"--sink-logits", "2 numbers for 1 query heads"});
    std::ofstream(dir / "two_rows.csv") << "1,1\n1,1\n";
    require_input_error({"run", "-s", "I ate the apple", "--heads", "2", "--weights", "random",
                         "--sink-logits", dir / "two_rows.csv"},
                        {"2 rows", "one row of H numbers"});
    require_input_error(
        {"run", "-s", "I ate the apple", "--kernel", "linear", "--sink-logits", dir / "one.csv"},
        {"--kernel linear", "--sink-logits"});
    require_input_error({"stream", "-s", "I ate the apple", "--sink-logits", dir / "one.csv"},
                        {"attn stream does not take --sink-logits"});
    require_input_error({"run", "-s", "I ate the apple", "--show", "sink_weight"}, {"add --sink-logits"});
    const nlohmann::json dj =
        decode_equal_to_causal_run({"-s", "I ate the apple", "--heads", "2", "--weights", "random", "--d-k",
                                    "2", "--sink-logits", sinks});
    CHECK(dj["steps"][2]["heads"][1]["sink_weight"].get<double>() > 0.0);
}

TEST_CASE("the output gate: each head's output times sigmoid(X W_g) in its columns, before W_O",
          "[variants][gate]") {
    CHECK(m::sigmoid(arma::mat(1, 1, arma::fill::zeros))(0, 0) == 0.5);
    CHECK(m::sigmoid(arma::mat(1, 1, arma::fill::value(-1000.0)))(0, 0) ==
          0.0);  // no overflow: e^1000 is inf, 1/inf is 0
    const arma::mat x = m::seeded_projection(5, 4, 101);
    const m::ProjectionWeights w{m::seeded_projection(4, 4, 102), m::seeded_projection(4, 4, 103),
                                 m::seeded_projection(4, 6, 104), m::seeded_projection(6, 4, 105)};
    m::Variant variant;
    variant.output_gate = m::seeded_projection(4, 6, 106);  // 2 heads of d_v = 3 (d_k = 2)
    const m::AttentionTrace t = m::self_attention(x, w, 2, std::nullopt, variant);
    const arma::mat gate1 = 1.0 / (1.0 + arma::exp(-(x * variant.output_gate->cols(3, 5))));
    check_matrices(*t.heads[1].gate, gate1, 1e-15);
    check_matrices(t.heads[1].output, *t.heads[1].ungated % gate1, 1e-15);
    check_matrices(t.output, *t.concat * *w.wo, 1e-14);
    // The decode steps gate the same way and equal the causal run.
    variant.causal = true;
    const m::DecodeTrace d = m::decode(x, w, 2, 2, std::nullopt, variant);
    const m::AttentionTrace causal = m::self_attention(x, w, 2, m::causal_keep(5, 5), variant);
    check_matrices(d.output, causal.output, 1e-12);
    check_matrices(*d.steps[4].heads[0].gate, causal.heads[0].gate->row(4), 1e-15);
    variant.output_gate = m::seeded_projection(4, 4, 106);
    CHECK_THROWS_WITH(m::self_attention(x, w, 2, std::nullopt, variant),
                      Catch::Contains("W_g (4, 4) does not fit") && Catch::Contains("H·d_v = 2·3 = 6"));
}

TEST_CASE("attn decode with the output gate, GQA, RoPE, QK-norm and sinks equals torch's causal rows",
          "[torch][decode][gate]") {
    const std::string name = "output_gate_gqa_rope_sinks";
    std::ifstream in(attn::test::variant_file(name, "expected.json"));
    const nlohmann::json expected = nlohmann::json::parse(in);
    attn::course::RunRequest r = attn::test::variant_request(name, expected);
    r.masks.clear();
    const attn::course::DecodeReport d = attn::course::run_decode(r);
    check_matrices(d.trace.output, attn::test::json_matrix(expected["stages"]["output"]), 1e-12);
    const arma::mat gate = attn::test::json_matrix(expected["heads"][3]["gate"]);
    for (size_t t = 0; t < d.trace.steps.size(); ++t)
        check_matrices(*d.trace.steps[t].heads[3].gate, gate.row(t), 1e-12);
}

TEST_CASE("attn run --wg: the stages ungated and gate, JSON, refusals with exit 2", "[cli][json][gate]") {
    const attn::test::TempDir dir;
    const std::string wg = dir / "wg.csv";
    {
        std::ofstream out(wg);  // d_model 6 (the apple vocabulary), 2 heads of d_v = 2
        for (int r = 0; r < 6; ++r) out << 0.5 * r - 1 << ",1," << -0.25 * r << ",2\n";
    }
    const auto r = run_attn({"run", "-s", "I ate the apple", "--heads", "2", "--weights", "random", "--d-k",
                             "2", "--wg", wg, "--format", "json"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const nlohmann::json doc = nlohmann::json::parse(r.out);
    CHECK(doc["variant"]["output_gate"] == true);
    const arma::mat x = attn::test::json_matrix(doc["stages"]["x"]);
    const arma::mat g1 = attn::test::json_matrix(doc["heads"][1]["gate"]);
    arma::mat w(6, 2);
    for (arma::uword i = 0; i < 6; ++i) w.row(i) = arma::rowvec({-0.25 * i, 2.0});
    check_matrices(g1, 1.0 / (1.0 + arma::exp(-(x * w))), 1e-15);
    check_matrices(attn::test::json_matrix(doc["heads"][1]["output"]),
                   attn::test::json_matrix(doc["heads"][1]["ungated"]) % g1, 1e-15);
    const auto text = run_attn({"run", "-s", "I ate the apple", "--heads", "2", "--weights", "random",
                                "--d-k", "2", "--wg", wg, "--show", "gate,output", "--ascii"});
    REQUIRE(text.exit_code == 0);
    CHECK(text.out.find("sigmoid(X.W_g)") != std::string::npos);
    require_input_error({"run", "-s", "I ate the apple", "--wg", wg}, {"W_g (6, 4) does not fit", "H·d_v"});
    require_input_error({"run", "-s", "I ate the apple", "--kernel", "linear", "--wg", wg},
                        {"--kernel linear", "--wg"});
    require_input_error({"stream", "-s", "I ate the apple", "--wg", wg}, {"attn stream does not take --wg"});
    require_input_error({"run", "-s", "I ate the apple", "--show", "gate"}, {"add --wg"});
    const nlohmann::json dj = decode_equal_to_causal_run(
        {"-s", "I ate the apple", "--heads", "2", "--weights", "random", "--d-k", "2", "--wg", wg});
    CHECK(dj["steps"][3]["heads"][1]["gate"].size() == 2);
}

TEST_CASE("RoPE scaling: theta_i as transformers computes them, and the flags that belong to each scaling",
          "[variants][rope_scaling]") {
    m::Rope rope = rope_of(m::RopePairs::adjacent, 0, 100.0);
    rope.scaling = m::RopeScaling::linear;
    rope.factor = 4.0;
    const std::vector<double> linear = m::rope_thetas(rope, 4);  // base^(-2i/4) / 4: 1/4, 0.1/4
    CHECK(std::fabs(linear[0] - 0.25) <= 1e-16);
    CHECK(std::fabs(linear[1] - 0.025) <= 1e-16);
    CHECK(m::rope_attention_factor(rope) == 1.0);
    rope.scaling = m::RopeScaling::yarn;
    rope.original_length = 32;
    CHECK(std::fabs(m::rope_attention_factor(rope) - (0.1 * std::log(4.0) + 1.0)) <= 1e-16);
    // The attention factor multiplies cos and sin: every turned row grows by it, the others do not.
    const arma::mat x = {{3.0, 4.0, 1.0}};
    rope.dims = 2;
    const arma::mat turned = m::rope_rotate(x, rope, 5.0);
    CHECK(std::fabs(arma::norm(turned.cols(0, 1)) - 5.0 * m::rope_attention_factor(rope)) <= 1e-14);
    CHECK(turned(0, 2) == 1.0);
    m::VariantFlags f;
    f.rope = true;
    f.rope_scaling = "linear";
    CHECK_THROWS_WITH(m::make_variant(f, false, false), Catch::Contains("needs --rope-factor"));
    f.rope_factor = 4.0;
    f.rope_original_length = 8192.0;
    CHECK_THROWS_WITH(m::make_variant(f, false, false),
                      Catch::Contains("--rope-original-length does not belong to --rope-scaling linear"));
    f.rope_scaling = "yarn";
    f.rope_low_freq_factor = 1.0;
    CHECK_THROWS_WITH(m::make_variant(f, false, false),
                      Catch::Contains("--rope-low-freq-factor does not belong to --rope-scaling yarn"));
    f.rope_scaling = "llama3";
    f.rope_high_freq_factor = 0.5;
    CHECK_THROWS_WITH(m::make_variant(f, false, false),
                      Catch::Contains("larger than --rope-low-freq-factor"));
    f.rope_high_freq_factor = 4.0;
    const m::Variant v = m::make_variant(f, false, false);
    CHECK(v.rope->scaling == m::RopeScaling::llama3);
    CHECK(m::variant_flags_text(f) ==
          " --rope --rope-scaling llama3 --rope-factor 4 --rope-original-length 8192 "
          "--rope-low-freq-factor 1 --rope-high-freq-factor 4");
    CHECK_THROWS_WITH(m::require_path_takes(v, m::AttentionPath::streaming),
                      Catch::Contains("attn stream does not take --rope-scaling"));
    f.rope = false;
    CHECK_THROWS_WITH(m::make_variant(f, false, false), Catch::Contains("add --rope"));
}

TEST_CASE("decode with YaRN, halves and partial rotary equals torch's causal rows",
          "[torch][decode][rope_scaling]") {
    for (const char* name : {"rope_yarn_halves_partial", "rope_llama3_sinks_gqa"}) {
        INFO(name);
        std::ifstream in(attn::test::variant_file(name, "expected.json"));
        const nlohmann::json expected = nlohmann::json::parse(in);
        attn::course::RunRequest r = attn::test::variant_request(name, expected);
        r.masks.clear();
        const attn::course::DecodeReport d = attn::course::run_decode(r);
        check_matrices(d.trace.output, attn::test::json_matrix(expected["stages"]["output"]), 1e-12);
        CHECK(d.causal_max_abs_difference <= 1e-12);
    }
}

TEST_CASE("attn run --rope-scaling: theta_i and the attention factor in JSON, refusals with exit 2",
          "[cli][json][rope_scaling]") {
    const auto r = run_attn({"run", "-s", "I ate the apple", "--d-k", "8", "--rope", "--rope-scaling", "yarn",
                             "--rope-factor", "4", "--rope-original-length", "2", "--rope-offset", "6",
                             "--format", "json"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const nlohmann::json doc = nlohmann::json::parse(r.out);
    CHECK(doc["variant"]["rope"]["scaling"] == "yarn");
    CHECK(doc["variant"]["rope"]["factor"].get<double>() == 4.0);
    CHECK(std::fabs(doc["variant"]["rope"]["attention_factor"].get<double>() - (0.1 * std::log(4.0) + 1)) <=
          1e-15);
    CHECK(doc["variant"]["rope"]["thetas"].size() == 4);
    const auto text = run_attn({"run", "-s", "I ate the apple", "--d-k", "4", "--rope", "--rope-scaling",
                                "linear", "--rope-factor", "2", "--show", "q_rot", "--ascii"});
    REQUIRE(text.exit_code == 0);
    CHECK(text.out.find("linear scaling, theta_i = 0.5, 0.005") != std::string::npos);
    require_input_error({"run", "-s", "I ate the apple", "--rope-scaling", "linear", "--rope-factor", "2"},
                        {"--rope-scaling", "add --rope"});
    require_input_error({"run", "-s", "I ate the apple", "--rope", "--rope-scaling", "linear",
                         "--rope-factor", "2", "--rope-high-freq-factor", "4"},
                        {"--rope-high-freq-factor does not belong to --rope-scaling linear"});
    require_input_error({"run", "-s", "I ate the apple", "--rope", "--rope-factor", "2"},
                        {"--rope-factor sets up RoPE scaling"});
    require_input_error({"run", "-s", "I ate the apple", "--rope", "--rope-scaling", "ntk"}, {"ntk"});
    require_input_error({"stream", "-s", "I ate the apple", "--rope", "--rope-scaling", "linear",
                         "--rope-factor", "2", "--d-k", "4"},
                        {"attn stream does not take --rope-scaling"});
    decode_equal_to_causal_run({"-s", "I ate the apple", "--d-k", "4", "--rope", "--rope-scaling", "llama3",
                                "--rope-factor", "8", "--rope-original-length", "4"});
}
