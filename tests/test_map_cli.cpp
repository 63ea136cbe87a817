// attn map end to end: its coordinates are math::project_2d of the vectors `attn run` computes (which
// test_pca checks against NumPy), every word is labelled on the terminal's scatter at 60 and 80
// columns, --ascii is pure ASCII, and SVG and HTML are well-formed pictures with a legend.
#include <armadillo>
#include <catch2/catch.hpp>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "check_matrices.hpp"
#include "export_support.hpp"
#include "math/pca.hpp"
#include "run_binary.hpp"
#include "test_support.hpp"

using attn::test::check_matrices;
using attn::test::json_matrix;
using attn::test::run_attn;

namespace {

const char* const kSentence = "I ate the apple";

nlohmann::json json_of(const std::vector<std::string>& args) {
    const auto r = run_attn(args);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return nlohmann::json::parse(r.out);
}

const nlohmann::json& block_named(const nlohmann::json& report, const std::string& name) {
    for (const auto& b : report["blocks"])
        if (b["name"] == name) return b;
    FAIL("no block " << name);
    return report;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

// Columns a line takes on a terminal: every UTF-8 sequence is one column in attn's output.
size_t columns_of(const std::string& line) {
    size_t n = 0;
    for (unsigned char c : line) n += (c & 0xC0) != 0x80;
    return n;
}

}  // namespace

TEST_CASE("attn map's points are the PCA of the run's queries and keys, stacked", "[map]") {
    const nlohmann::json run = json_of({"run", "-s", kSentence, "--format", "json"});
    const arma::mat q = json_matrix(run["stages"]["q"]);                                      // (4, d_k)
    const arma::mat k = json_matrix(run["stages"]["k"]);                                      // (4, d_k)
    const attn::math::Projection2d expected = attn::math::project_2d(arma::join_cols(q, k));  // (8, 2)

    const nlohmann::json map = json_of({"map", "-s", kSentence, "--format", "json"});
    const nlohmann::json& chart = block_named(map, "map");
    REQUIRE(chart["scatter"] == true);
    REQUIRE(chart["series"].size() == 2);
    arma::mat drawn(8, 2);
    for (size_t s = 0; s < 2; ++s) {
        REQUIRE(chart["series"][s]["labels"] == nlohmann::json({"I", "ate", "the", "apple"}));
        for (size_t i = 0; i < 4; ++i)
            for (size_t c = 0; c < 2; ++c) drawn(4 * s + i, c) = chart["series"][s]["points"][i][c];
    }
    check_matrices(drawn, expected.coordinates, 1e-12);
    // Each query is linked to its own key.
    REQUIRE(chart["links"].size() == 4);
    for (size_t i = 0; i < 4; ++i) {
        CHECK(chart["links"][i][0][0].get<double>() == Approx(drawn(i, 0)).margin(1e-12));
        CHECK(chart["links"][i][1][1].get<double>() == Approx(drawn(4 + i, 1)).margin(1e-12));
    }
    // The axes name the variance each keeps, as computed.
    char share[32];
    std::snprintf(share, sizeof share, "PC1 (%.1f%%", 100 * expected.explained(0));
    CHECK(chart["x_label"].get<std::string>().find(share) == 0);
}

TEST_CASE("attn map in the terminal: every word labelled, the lines fit 60 and 80 columns, --ascii is ASCII",
          "[map]") {
    for (const int width : {60, 80}) {
        for (const bool ascii : {false, true}) {
            std::vector<std::string> args{"map", "-s", kSentence};
            if (ascii) args.push_back("--ascii");
            const auto r = run_attn(args, {"COLUMNS=" + std::to_string(width), "NO_COLOR=1"});
            INFO(width << " columns, ascii " << ascii << "\n" << r.out << r.err);
            REQUIRE(r.exit_code == 0);
            for (const auto& line : lines_of(r.out)) CHECK(columns_of(line) <= static_cast<size_t>(width));
            if (ascii)
                for (unsigned char c : r.out) REQUIRE(c < 0x80);
            // The plot: the lines between the y axis title and the x axis.
            const auto lines = lines_of(r.out);
            std::string plot;
            for (const auto& line : lines) {
                if (line.find("PC1") != std::string::npos) break;
                if (line.find("PC2") != std::string::npos) plot.clear();
                plot += line + "\n";
            }
            for (const char* word : {"I", "ate", "the", "apple"})
                CHECK(attn::test::count_of(plot, word) >= 1);
            CHECK(attn::test::count_of(plot, "Iate") == 0);  // two labels never run together
            CHECK(r.out.find("legend:") != std::string::npos);
        }
    }
}

TEST_CASE("attn map --format svg and html: well-formed pictures with one legend entry per kind", "[map]") {
    attn::test::TempDir dir;
    for (const char* format : {"svg", "html"}) {
        const auto r = run_attn({"map", "-s", kSentence, "--show", "x,v", "--format", format});
        INFO(format << "\n" << r.err);
        REQUIRE(r.exit_code == 0);
        const std::string path = dir / (std::string("map.") + format);
        attn::test::write_file(path, r.out);
        std::string messages;
        INFO(messages);
        REQUIRE(attn::test::xml_valid(path, messages));
        CHECK(r.out.find("x: embedding") != std::string::npos);
        CHECK(r.out.find("v: value") != std::string::npos);
        for (const char* word : {">I<", ">ate<", ">the<", ">apple<"})
            CHECK(r.out.find(word) != std::string::npos);
    }
}

TEST_CASE("attn map refuses kinds of different widths and unknown words, with exit 2", "[map]") {
    const auto unknown = run_attn({"map", "-s", "I ate the zebra"});
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.err.find("zebra") != std::string::npos);
    CHECK(unknown.out.empty());
    const auto kind = run_attn({"map", "-s", kSentence, "--show", "y"});
    CHECK(kind.exit_code == 2);
    const auto widths = run_attn({"map", "-s", kSentence, "--show", "x,q"});
    CHECK(widths.exit_code == 2);
    CHECK(widths.err.find("x has 6 columns and q has 3") != std::string::npos);
    CHECK(widths.out.empty());
}
