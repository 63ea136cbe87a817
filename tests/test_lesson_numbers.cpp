// Lessons 1-9 rendered through the real binary, without a terminal: every live block runs, and the
// numbers the prose quotes agree with values recomputed here from the math and the toy data.
#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "build_paths.hpp"
#include "check_matrices.hpp"
#include "course/experiment.hpp"
#include "inputs/vocabulary.hpp"
#include "math/attention.hpp"
#include "math/explain.hpp"
#include "math/scaling.hpp"
#include "run_binary.hpp"

using attn::test::run_attn;
namespace course = attn::course;
namespace math = attn::math;
namespace fs = std::filesystem;

namespace {

const char* kLessonFiles[] = {"01-why-attention.md",
                              "02-embeddings-and-similarity.md",
                              "03-queries-keys-values.md",
                              "04-the-dot-product.md",
                              "05-scaling.md",
                              "06-masking.md",
                              "07-softmax.md",
                              "08-the-value-product.md",
                              "09-multi-head-attention.md"};

// A private manifest listing lessons 1-9 from the source tree, and a private progress folder.
struct LessonSandbox {
    fs::path root = fs::temp_directory_path() / ("attn-lesson-numbers-" + std::to_string(::getpid()));
    LessonSandbox() {
        fs::create_directories(root / "lessons");
        std::ofstream manifest(root / "lessons" / "course.toml");
        manifest << "title = \"lessons 1-9\"\n";
        for (const char* file : kLessonFiles)
            manifest << "[[lesson]]\nslug = \"l-" << std::string(file).substr(0, 2) << "\"\ntitle = \""
                     << file << "\"\nfile = \"" << (fs::path(ATTN_SOURCE_DIR) / "lessons" / file).string()
                     << "\"\n";
    }
    ~LessonSandbox() { fs::remove_all(root); }
    // The whole lesson as printed without a terminal; fails the test if the command does.
    std::string render(int number) const {
        const auto r = run_attn({"--lessons", (root / "lessons").string(), "--no-input", "--color", "never",
                                 "lesson", std::to_string(number)},
                                {"XDG_STATE_HOME=" + (root / "state").string(), "COLUMNS=80"});
        INFO("lesson " << number << " stderr: " << r.err);
        REQUIRE(r.exit_code == 0);
        REQUIRE(r.out.find("attn: error") == std::string::npos);
        return r.out;
    }
};

course::Experiment apple_run(const std::string& sentence, arma::uword heads = 1,
                             std::vector<std::string> masks = {}) {
    course::RunRequest r;
    r.sentence = sentence;
    r.vocab_path = std::string(ATTN_SOURCE_DIR) + "/data/apple/vocab.toml";
    r.heads = heads;
    r.masks = std::move(masks);
    return course::run_experiment(r);
}

// Runs of spaces and line breaks as one space: prose is wrapped to the terminal width.
std::string flat(const std::string& text) {
    std::string out;
    for (char c : text) {
        const bool space = c == ' ' || c == '\n';
        if (!space || out.empty() || out.back() != ' ') out += space ? ' ' : c;
    }
    return out;
}

// `needle` as printed (tables), or with wrapping ignored (prose).
bool contains(const std::string& text, const std::string& needle) {
    INFO("looking for '" << needle << "'");
    return text.find(needle) != std::string::npos || flat(text).find(flat(needle)) != std::string::npos;
}

std::string f4(double x) { return fmt::format("{:.4f}", x); }

}  // namespace

TEST_CASE("every lesson 1-9 renders, each with a Try it yourself step", "[lessons][lesson-numbers]") {
    LessonSandbox box;
    for (int n = 1; n <= 9; ++n) {
        const std::string out = box.render(n);
        REQUIRE(contains(out, "Try it yourself"));
    }
}

TEST_CASE("lesson 2: cosine of apple and phone is 2/sqrt(6)", "[lessons][lesson-numbers]") {
    const std::string out = LessonSandbox().render(2);
    const double cosine = 2 / std::sqrt(6.0);               // (1,1,0,0,1,0)·(0,1,0,0,1,0) / (√3·√2)
    REQUIRE(contains(out, fmt::format("{:.3f}", cosine)));  // the live table (precision 3)
    REQUIRE(contains(out, "2/√6 = 0.816"));                 // the prose
}

TEST_CASE("lesson 4: the explained cell apple,ate term by term", "[lessons][lesson-numbers]") {
    const std::string out = LessonSandbox().render(4);
    const course::Experiment e = apple_run("I ate the apple");
    const math::WeightExplanation x = math::explain_weight(e.trace.heads[0], 3, 1);
    REQUIRE(std::fabs(x.score - 1.5 * 2.15) <= 1e-12);  // only the topic dimension contributes
    // The products as a table row (dimension, query, key, product), then the steps in prose.
    REQUIRE(contains(out, "d0 1.5000 2.1500 3.2250"));
    REQUIRE(contains(out, "Their sum: score = " + f4(x.score)));
    REQUIRE(contains(out, "= " + f4(x.scaled)));
    REQUIRE(contains(out,
                     "Step 4, weight = " + f4(x.row_exps[1]) + " / " + f4(x.row_sum) + " = " + f4(x.weight)));
}

TEST_CASE("lesson 5: variances near d_k, saturation without scaling, prose matches",
          "[lessons][lesson-numbers]") {
    const std::string out = LessonSandbox().render(5);
    for (arma::uword d : {4u, 64u, 512u}) {
        const math::ScalingMeasurement m = math::measure_scaling(d, 10, 500, 42);  // attn scaling's defaults
        REQUIRE(std::fabs(m.score_variance / static_cast<double>(d) - 1) < 0.1);
        REQUIRE(contains(out, fmt::format("{:.1f}", m.score_variance)));  // quoted in the prose
        REQUIRE(contains(out, f4(m.unscaled.mean_max_weight)));           // the live table
        REQUIRE(contains(out, f4(m.scaled.mean_max_weight)));
        if (d == 512) {
            REQUIRE(m.unscaled.mean_max_weight > 0.9);
            REQUIRE(m.scaled.mean_max_weight < 0.4);
            REQUIRE(contains(out, fmt::format("but {:.2f} at d_k = 512", m.unscaled.mean_max_weight)));
        }
    }
}

TEST_CASE("lesson 6: causal and padding masks keep the right weights", "[lessons][lesson-numbers]") {
    const std::string out = LessonSandbox().render(6);
    const course::Experiment causal = apple_run("I ate the apple", 1, {"causal"});
    REQUIRE(causal.trace.heads[0].weights(0, 0) == 1.0);  // "I" sees only itself
    REQUIRE(std::fabs(causal.trace.heads[0].weights(2, 0) - 1.0 / 3) <= 1e-12);
    const course::Experiment plain = apple_run("I ate the apple");
    const course::Experiment padded = apple_run("I ate the apple <pad> <pad>", 1, {"padding"});
    REQUIRE(std::fabs(padded.trace.heads[0].weights(3, 1) - plain.trace.heads[0].weights(3, 1)) <= 1e-12);
    REQUIRE(contains(out, "still gives " + f4(plain.trace.heads[0].weights(3, 1)) + " to \"ate\""));
    // softmax(1.8620, −∞, 1.9053): e^a / (e^a + e^b)
    const double w = 1 / (1 + std::exp(1.9053 - 1.8620));
    // The tool's table shows both rows (−∞ and −1e9) with the same weights; the prose no longer repeats it.
    REQUIRE(contains(out, "weight             0.4892            0.0000            0.5108"));
    REQUIRE(f4(w) == "0.4892");
}

TEST_CASE("lesson 7: stable softmax of 1000, 999, 998 and the apple row", "[lessons][lesson-numbers]") {
    const std::string out = LessonSandbox().render(7);
    const double sum = 1 + std::exp(-1.0) + std::exp(-2.0);
    for (double w : {1 / sum, std::exp(-1.0) / sum, std::exp(-2.0) / sum}) REQUIRE(contains(out, f4(w)));
    REQUIRE(contains(out, "0.6652, 0.2447, 0.0900"));
    REQUIRE(contains(out, "weight nan nan nan"));  // the naive softmax's row of weights
    const arma::rowvec apple = apple_run("I ate the apple").trace.heads[0].weights.row(3);
    REQUIRE(contains(out, "0.0583 + 0.4464 + 0.0292 + 0.4661 = 1"));
    REQUIRE(f4(apple(0)) + f4(apple(1)) + f4(apple(2)) + f4(apple(3)) == "0.05830.44640.02920.4661");
}

TEST_CASE("lesson 8: the apple outputs and their cosine", "[lessons][lesson-numbers]") {
    const std::string out = LessonSandbox().render(8);
    const course::Experiment food = apple_run("I ate the apple");
    const course::Experiment tech = apple_run("I love my apple phone");
    const arma::rowvec a = food.trace.output.row(3), b = tech.trace.output.row(3);
    const double cosine = math::cosine_similarity(a, b);
    REQUIRE(contains(out, "Cosine similarity of the two outputs: " + f4(cosine)));
    REQUIRE(contains(out, "cosine similarity of the two outputs is " + f4(cosine)));
    // food of 'apple' = 0.9·w(ate) + 1·w(apple): only those two have food
    const arma::rowvec w = food.trace.heads[0].weights.row(3);
    REQUIRE(std::fabs(a(0) - (0.9 * w(1) + w(3))) <= 1e-12);
    REQUIRE(contains(out, "= " + f4(a(0))));
    REQUIRE(contains(out, "food goes from " + f4(a(0)) + " to " + f4(b(0))));
}

TEST_CASE("lesson 9: three heads of d_k = 1, head 0's apple pattern", "[lessons][lesson-numbers]") {
    const std::string out = LessonSandbox().render(9);
    const course::Experiment e = apple_run("I love my apple phone", 3);
    REQUIRE(e.trace.heads.size() == 3);
    REQUIRE(e.trace.heads[0].q.n_cols == 1);
    REQUIRE(e.trace.heads[0].v.n_cols == 2);
    // Head 0: the query of 'apple' is 1.5 and the topic keys are I −0.2, love 0.8, my −0.8, apple 2.2, phone
    // 0.7.
    const arma::rowvec logits = 1.5 * arma::rowvec{-0.2, 0.8, -0.8, 2.2, 0.7};
    const arma::rowvec expected =
        arma::exp(logits - logits.max()) / arma::accu(arma::exp(logits - logits.max()));
    attn::test::check_matrices(e.trace.heads[0].weights.row(3), expected, 1e-12);
    REQUIRE(contains(out, f4(expected(3))));
    REQUIRE(contains(out, fmt::format("{:.2f} on \"apple\"", expected(3))));  // live in the prose
    REQUIRE(contains(out, "concat (5 × 6)"));
}
