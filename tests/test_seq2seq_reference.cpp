// attn seq2seq against the float64 references of tests/generate_seq2seq.py (fixtures in
// tests/fixtures/seq2seq/), through the course layer exactly as the command runs it.
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>

#include "build_paths.hpp"
#include "check_matrices.hpp"
#include "course/seq2seq.hpp"
#include "test_support.hpp"

using attn::test::check_matrices;
using attn::test::fixture_path;
namespace course = attn::course;

namespace {

nlohmann::json load_json_fixture(const std::string& name) {
    std::ifstream in(fixture_path("seq2seq/" + name));
    REQUIRE(in.good());
    return nlohmann::json::parse(in);
}

arma::mat stacked(const course::Seq2SeqRun& run, const std::string& what) {
    arma::mat m(run.trace.steps.size(), run.encoder.n_rows);
    for (size_t t = 0; t < run.trace.steps.size(); ++t) {
        const attn::math::StepTrace& s = run.trace.steps[t];
        m.row(t) = what == "scores" ? s.scores : what == "content" ? s.content : *s.gaussian;
    }
    return m;
}

// Every matrix, p_t and window of one (score, attention) result.
void check_result(const course::Seq2SeqRun& run, const nlohmann::json& expected) {
    check_matrices(stacked(run, "scores"), attn::test::json_matrix(expected["scores"]));
    check_matrices(stacked(run, "content"), attn::test::json_matrix(expected["content"]));
    check_matrices(run.trace.alignment, attn::test::json_matrix(expected["alignment"]));
    check_matrices(run.trace.contexts, attn::test::json_matrix(expected["contexts"]));
    if (expected.contains("attentional")) {
        REQUIRE(run.trace.attentional.has_value());
        check_matrices(*run.trace.attentional, attn::test::json_matrix(expected["attentional"]));
    }
    if (expected.contains("gaussian"))
        check_matrices(stacked(run, "gaussian"), attn::test::json_matrix(expected["gaussian"]));
    for (size_t t = 0; t < run.trace.steps.size(); ++t) {
        const attn::math::StepTrace& s = run.trace.steps[t];
        INFO("step " << t);
        REQUIRE(s.position.has_value() == !expected["positions"][t].is_null());
        if (s.position) REQUIRE(std::fabs(*s.position - expected["positions"][t].get<double>()) <= 1e-12);
        REQUIRE(s.first == expected["windows"][t][0].get<arma::uword>());
        REQUIRE(s.last == expected["windows"][t][1].get<arma::uword>());
    }
}

course::Seq2SeqRequest toy_request(const nlohmann::json& c, const std::string& key) {
    course::Seq2SeqRequest r;
    r.data_dir = std::string(ATTN_SOURCE_DIR) + "/data";
    r.source = c["source"].get<std::string>();
    r.target = c["target"].get<std::string>();
    r.window = c["window"].get<long>();
    r.score = key.substr(0, key.find('/'));
    r.attention = key.substr(key.find('/') + 1);
    return r;
}

std::string csv_input(const std::string& name) { return fixture_path("seq2seq/csv/" + name + ".csv"); }

// The request for one key "score/attention/D" of csv.json.
course::Seq2SeqRequest csv_request(const std::string& key) {
    course::Seq2SeqRequest r;
    const size_t a = key.find('/'), b = key.rfind('/');
    r.score = key.substr(0, a);
    r.attention = key.substr(a + 1, b - a - 1);
    r.window = std::stol(key.substr(b + 1));
    const bool dot = r.score == "dot";
    r.encoder_csv = csv_input("hs");
    r.decoder_csv = csv_input(dot ? "ht4" : "ht");
    r.wc_csv = csv_input(dot ? "wc4" : "wc");
    if (r.attention == "local-p") {
        r.wp_csv = csv_input(dot ? "wp4" : "wp");
        r.vp_csv = csv_input("vp");
    }
    if (!dot) r.wa_csv = csv_input("wa_" + r.score);
    if (r.score == "additive") r.ua_csv = csv_input("ua_additive");
    if (r.score == "concat" || r.score == "additive") r.va_csv = csv_input("va_" + r.score);
    return r;
}

}  // namespace

TEST_CASE("the toy encoder and decoder states match the float64 reference", "[seq2seq][reference]") {
    const nlohmann::json toy = load_json_fixture("toy.json");
    for (const nlohmann::json& c : toy["cases"]) {
        INFO(c["source"].get<std::string>());
        const course::Seq2SeqRun run = course::run_seq2seq(toy_request(c, "dot/global"));
        check_matrices(run.encoder, attn::test::json_matrix(c["encoder"]));
        check_matrices(run.states, attn::test::json_matrix(c["states"]));
        const course::Seq2SeqRun bahdanau = course::run_seq2seq(toy_request(c, "additive/global"));
        check_matrices(bahdanau.queries,
                       attn::test::json_matrix(c["previous"]));  // s_(t−1): the previous state
    }
}

TEST_CASE("every score and every local variant on the toy pairs agrees with the reference to 1e-12",
          "[seq2seq][reference]") {
    const nlohmann::json toy = load_json_fixture("toy.json");
    size_t checked = 0;
    for (const nlohmann::json& c : toy["cases"])
        for (const auto& [key, expected] : c["results"].items()) {
            INFO(c["source"].get<std::string>() << " " << key);
            check_result(course::run_seq2seq(toy_request(c, key)), expected);
            ++checked;
        }
    REQUIRE(checked == 24);  // 2 pairs × 4 scores × 3 attentions
}

TEST_CASE("CSV states with d_t != d_s agree with the reference for every score and window",
          "[seq2seq][reference]") {
    const nlohmann::json ref = load_json_fixture("csv.json");
    REQUIRE(ref["results"].size() == 16);
    for (const auto& [key, expected] : ref["results"].items()) {
        INFO(key);
        check_result(course::run_seq2seq(csv_request(key)), expected);
    }
}

TEST_CASE("hard attention's seeded draws, argmax and convergence match the reference",
          "[seq2seq][reference][hard]") {
    const nlohmann::json c = load_json_fixture("toy.json")["cases"][0];
    course::Seq2SeqRequest r = toy_request(c, "dot/hard");
    r.seed = c["hard"]["seed"].get<std::uint64_t>();
    r.samples = c["hard"]["samples"].get<arma::uword>();
    const course::Seq2SeqRun run = course::run_seq2seq(r);
    REQUIRE(run.hard.has_value());
    const auto& draws = c["hard"]["first_draws"];
    for (size_t i = 0; i < draws.size(); ++i)
        for (size_t t = 0; t < draws[i].size(); ++t)
            REQUIRE(run.hard->draws(i, t) == draws[i][t].get<arma::uword>());
    for (size_t t = 0; t < run.hard->argmax.n_elem; ++t)
        REQUIRE(run.hard->argmax(t) == c["hard"]["argmax"][t].get<arma::uword>());
    const auto& conv = c["hard"]["convergence"];
    REQUIRE(run.hard->convergence.size() == conv.size());
    for (size_t k = 0; k < conv.size(); ++k) {
        REQUIRE(run.hard->convergence[k].n_samples == conv[k]["n_samples"].get<arma::uword>());
        REQUIRE(std::fabs(run.hard->convergence[k].mean_distance - conv[k]["mean_distance"].get<double>()) <=
                1e-12);
        REQUIRE(std::fabs(run.hard->convergence[k].max_distance - conv[k]["max_distance"].get<double>()) <=
                1e-12);
    }
    // The average of 1000 draws is within 0.05 of the soft context, and closer than 10 draws.
    REQUIRE(run.hard->convergence.back().max_distance < 0.05);
    REQUIRE(run.hard->convergence.back().mean_distance < run.hard->convergence[1].mean_distance);
    // The drawn position's one-hot row and context follow the first draw.
    for (arma::uword t = 0; t < run.hard->alignment.n_rows; ++t) {
        REQUIRE(run.hard->alignment(t, run.hard->draws(0, t)) == 1.0);
        REQUIRE(arma::accu(run.hard->alignment.row(t)) == 1.0);
        check_matrices(arma::mat(run.hard->contexts.row(t)),
                       arma::mat(run.encoder.row(run.hard->draws(0, t))));
    }
}
