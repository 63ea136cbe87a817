// course/explain: the arithmetic behind one weight (every head, softmax or linear, with ALiBi's slope and
// distance) and behind one Seq2Seq step, computed in course so that render only formats it.
#include <fmt/format.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>

#include "build_paths.hpp"
#include "course/data_layers.hpp"
#include "course/explain.hpp"
#include "course/reports.hpp"

namespace course = attn::course;

namespace {

const std::string kVocab = std::string(ATTN_SOURCE_DIR) + "/data/apple/vocab.toml";

course::Experiment apple_run(void (*adjust)(course::RunRequest&)) {
    course::RunRequest r;
    r.sentence = "I ate the apple";
    r.vocab_path = kVocab;
    r.data = course::find_data_layers(std::nullopt);
    adjust(r);
    return course::run_experiment(r);
}

}  // namespace

TEST_CASE("explain_cell: every head's weight recomputed, ALiBi's distance recovered from its bias",
          "[explain]") {
    const course::Experiment e = apple_run([](course::RunRequest& r) {
        r.heads = 2;
        r.alibi = true;
    });
    const std::vector<course::HeadExplanation> all = course::explain_cell(e, 3, 1);  // apple → ate
    REQUIRE(all.size() == 2);
    for (arma::uword h = 0; h < 2; ++h) {
        const course::HeadExplanation& x = all[h];
        CHECK(x.head == h);
        REQUIRE(x.softmax);
        CHECK_FALSE(x.linear);
        CHECK(std::fabs(x.softmax->weight - e.trace.heads[h].weights(3, 1)) <= 1e-12);
        // ALiBi: bias = −m·|3 − 1|, so the distance shown is exactly 2 and the slope the head's own.
        CHECK(x.alibi_slope == e.trace.alibi_slopes.at(h));
        CHECK(std::fabs(x.alibi_distance - 2.0) <= 1e-12);
        CHECK(std::fabs(x.softmax->bias + 2.0 * x.alibi_slope) <= 1e-12);
    }
}

TEST_CASE("explain_cell: a linear-attention head explains its kernel similarity, not a softmax",
          "[explain]") {
    const course::Experiment e = apple_run([](course::RunRequest& r) { r.kernel = "linear"; });
    const std::vector<course::HeadExplanation> all = course::explain_cell(e, 3, 1);
    REQUIRE(all.size() == 1);
    REQUIRE(all[0].linear);
    CHECK_FALSE(all[0].softmax);
    const auto& x = *all[0].linear;
    CHECK(std::fabs(x.similarity / x.row_sum - e.trace.heads[0].weights(3, 1)) <= 1e-12);
    CHECK(std::fabs(x.weight - e.trace.heads[0].weights(3, 1)) <= 1e-12);
    // In the report: the question, then the term-by-term products as a table of the same numbers, and the
    // weight quoted with the decimals asked for.
    const attn::report::Report report = course::experiment_report(e, {"weights"}, "", all, 6);
    size_t at = 0;
    while (at < report.blocks.size() &&
           !std::holds_alternative<attn::report::Heading>(report.blocks[at].block))
        ++at;
    REQUIRE(at < report.blocks.size());
    CHECK(std::get<attn::report::Heading>(report.blocks[at].block).text ==
          "How much does 'apple' (row 3) attend to 'ate' (column 1)?  [linear]");
    const auto products =
        std::find_if(report.blocks.begin(), report.blocks.end(),
                     [](const attn::report::NamedBlock& b) { return b.name == "explain.head0.products"; });
    REQUIRE(products != report.blocks.end());
    const auto& table = std::get<attn::report::Table>(products->block);
    REQUIRE(table.rows.size() == x.products.size());
    for (size_t d = 0; d < x.products.size(); ++d) CHECK(std::get<double>(table.rows[d][3]) == x.products[d]);
    const auto& last = std::get<attn::report::Note>(report.blocks.back().block).markdown;
    CHECK(last.find("weight = " + fmt::format("{:.6f}", x.similarity) + " / " +
                    fmt::format("{:.6f}", x.row_sum) + " = " + fmt::format("{:.6f}", x.weight)) !=
          std::string::npos);
}

TEST_CASE("explain_cell refuses a cell outside the weights", "[explain]") {
    const course::Experiment e = apple_run([](course::RunRequest&) {});
    CHECK_THROWS(course::explain_cell(e, 4, 0));
    CHECK_THROWS(course::explain_cell(e, 0, 4));
}

TEST_CASE("the RoPE rotation table of --explain fits 60 columns as a table", "[explain]") {
    course::RunRequest r;
    r.sentence = "I ate the apple";
    r.data = course::find_data_layers(std::string(ATTN_SOURCE_DIR) + "/data");
    r.vocab_path = std::string(ATTN_SOURCE_DIR) + "/data/apple/vocab.toml";
    r.weights = "random";
    r.d_k = 4;
    r.rope = true;
    const course::Experiment e = course::run_experiment(r);
    const attn::report::Report report =
        course::experiment_report(e, {"q"}, "", course::explain_cell(e, 3, 1), 4);
    const auto rotations = std::find_if(
        report.blocks.begin(), report.blocks.end(),
        [](const attn::report::NamedBlock& b) { return b.name.find("rotations") != std::string::npos; });
    REQUIRE(rotations != report.blocks.end());
    const auto& table = std::get<attn::report::Table>(rotations->block);
    REQUIRE(table.header.size() == 5);
    for (const auto& row : table.rows) {
        size_t width = 0;
        for (const auto& cell : row) width += std::get<std::string>(cell).size() + 2;
        CHECK(width <= 60 + 2);
    }
}
