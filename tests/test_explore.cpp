// attn explore's model without a terminal: edits recompute every stage, undo/redo restore exactly, a
// refused edit changes nothing, and the saved world makes attn run compute the same numbers.
#include "build_paths.hpp"
#include "check_matrices.hpp"
#include "cli/explore_view.hpp"
#include "course/data_layers.hpp"
#include "course/explore.hpp"
#include "inputs/input_error.hpp"
#include "test_support.hpp"

using attn::test::check_matrices;

namespace {

const std::string kVocab = std::string(ATTN_SOURCE_DIR) + "/data/apple/vocab.toml";

attn::course::Explorer make_explorer(const std::string& sentence) {
    return attn::course::Explorer(kVocab, sentence, attn::course::find_data_layers(std::nullopt));
}

// attn run's computation from files, as the learner would write them.
attn::course::Experiment run_from_files(const attn::course::Explorer& ex, const attn::test::TempFile& vocab,
                                        const attn::test::TempFile& weights) {
    attn::course::RunRequest r;
    r.sentence = ex.world().sentence;
    r.vocab_path = vocab.path;
    r.weights = weights.path;
    r.heads = ex.world().heads;
    r.temperature = ex.world().temperature;
    if (ex.world().mask != "none") r.masks = {ex.world().mask};
    return attn::course::run_experiment(r);
}

}  // namespace

TEST_CASE("explore starts with what attn run computes", "[explore]") {
    const attn::course::Explorer ex = make_explorer("I ate the apple");
    attn::course::RunRequest r;
    r.sentence = "I ate the apple";
    r.vocab_path = kVocab;
    const attn::course::Experiment e = attn::course::run_experiment(r);
    check_matrices(ex.current().trace.output, e.trace.output, 1e-12);
    check_matrices(ex.current().trace.heads[0].weights, e.trace.heads[0].weights, 1e-12);
    REQUIRE_FALSE(ex.can_undo());
}

TEST_CASE("explore shades each stage as attn run does", "[explore]") {
    using attn::report::Shading;
    attn::course::Explorer ex = make_explorer("I ate the apple");
    // 0 X, 4 Q, 7 scores, 8 scaled, 9 tempered (T = 1: shown as scaled), 10 masked, 11 weights, 12 output
    const std::vector<std::pair<size_t, Shading>> expected = {
        {0, Shading::none},      {4, Shading::none},       {7, Shading::diverging}, {8, Shading::diverging},
        {9, Shading::diverging}, {10, Shading::diverging}, {11, Shading::unit},     {12, Shading::none}};
    for (const auto& [stage, shading] : expected) {
        INFO("stage " << stage);
        CHECK(attn::cli::stage_view(ex, stage, 0).shading == shading);
    }
    ex.set_heads(3);  // each head's stages, named heads.N.weights in attn run
    CHECK(attn::cli::stage_view(ex, 11, 2).shading == Shading::unit);
    CHECK(attn::cli::stage_view(ex, 7, 1).shading == Shading::diverging);
}

TEST_CASE("an edit of W_K flows through - undo and redo restore exactly", "[explore]") {
    attn::course::Explorer ex = make_explorer("I love my apple phone");
    const arma::mat before = ex.current().trace.heads[0].weights;
    ex.set_cell(attn::course::EditMatrix::wk, 4, 0, 0.5);  // object's topic key: -0.8 -> 0.5
    REQUIRE(ex.world().weights.wk(4, 0) == 0.5);
    REQUIRE(ex.previous().has_value());
    check_matrices(ex.previous()->trace.heads[0].weights, before, 0.0);
    REQUIRE_FALSE(arma::approx_equal(ex.current().trace.heads[0].weights, before, "absdiff", 1e-3));
    // K's object column changed only for the tokens that have an object component.
    const arma::mat k_change = ex.current().trace.k - ex.previous()->trace.k;
    REQUIRE(k_change(3, 0) == Approx(1.3).margin(1e-12));  // apple: object 1 × (0.5 − (−0.8))
    REQUIRE(k_change(0, 0) == 0.0);                        // I: no object component
    ex.set_mask("causal");
    REQUIRE(ex.undo());
    REQUIRE(ex.world().mask == "none");
    REQUIRE(ex.undo());
    check_matrices(ex.current().trace.heads[0].weights, before, 0.0);
    REQUIRE(ex.redo());
    REQUIRE(ex.world().weights.wk(4, 0) == 0.5);
    // A new edit after an undo drops the redo branch.
    ex.nudge(attn::course::EditMatrix::x, 3, 1, 0.1);  // apple's tech: 1 -> 1.1
    REQUIRE_FALSE(ex.can_redo());
    REQUIRE(ex.world().vocab.embeddings.at("apple")(1) == Approx(1.1).margin(1e-15));
}

TEST_CASE("a refused edit leaves the world as it was", "[explore]") {
    attn::course::Explorer ex = make_explorer("I ate the apple");
    REQUIRE_THROWS_AS(ex.set_sentence("I ate the mango"), attn::course::InputError);
    REQUIRE(ex.world().sentence == "I ate the apple");
    REQUIRE_FALSE(ex.can_undo());
    REQUIRE_THROWS_AS(ex.set_heads(4), attn::course::InputError);  // 4 does not divide the preset's 3 columns
    REQUIRE_THROWS_AS(ex.set_cell(attn::course::EditMatrix::wq, 6, 0, 1.0), attn::course::InputError);
    REQUIRE_FALSE(ex.can_undo());
}

TEST_CASE("the saved world makes attn run compute the same numbers", "[explore]") {
    attn::course::Explorer ex = make_explorer("she ate the apple pie");
    ex.set_cell(attn::course::EditMatrix::x, 3, 1, 0.25);
    ex.set_cell(attn::course::EditMatrix::wq, 4, 0, 2.0);
    ex.set_mask("causal");
    attn::test::TempFile vocab(ex.vocab_toml(), ".toml"), weights(ex.weights_toml(), ".toml");
    const attn::course::Experiment e = run_from_files(ex, vocab, weights);
    check_matrices(e.trace.heads[0].weights, ex.current().trace.heads[0].weights, 0.0);
    check_matrices(e.trace.output, ex.current().trace.output, 0.0);
    // Four heads of random weights, d_k 2: W_O is saved too.
    ex.set_d_k(2);
    ex.set_heads(4);
    REQUIRE(ex.current().trace.heads.size() == 4);
    attn::test::TempFile weights4(ex.weights_toml(), ".toml");
    const attn::course::Experiment e4 = run_from_files(ex, vocab, weights4);
    check_matrices(e4.trace.output, ex.current().trace.output, 0.0);
    REQUIRE(
        ex.run_command("v.toml", "w.toml") ==
        "attn run --vocab 'v.toml' --weights 'w.toml' -s 'she ate the apple pie' --heads 4 --mask causal");
}

TEST_CASE("the temperature flows through every later stage and into the attn run command",
          "[explore][temperature]") {
    attn::course::Explorer ex = make_explorer("I ate the apple");
    ex.set_temperature(0.5);
    const arma::mat& scaled = ex.current().trace.heads[0].scaled;
    REQUIRE(ex.current().trace.heads[0].tempered.has_value());
    check_matrices(*ex.current().trace.heads[0].tempered, scaled / 0.5, 1e-12);
    attn::test::TempFile vocab(ex.vocab_toml(), ".toml"), weights(ex.weights_toml(), ".toml");
    check_matrices(run_from_files(ex, vocab, weights).trace.heads[0].weights,
                   ex.current().trace.heads[0].weights, 0.0);
    REQUIRE(ex.run_command("v.toml", "w.toml") ==
            "attn run --vocab 'v.toml' --weights 'w.toml' -s 'I ate the apple' --temperature 0.5");
    REQUIRE_THROWS_AS(ex.set_temperature(0.0), attn::course::InputError);
    REQUIRE_THROWS_AS(ex.set_temperature(-2.0), attn::course::InputError);
    REQUIRE(ex.world().temperature == 0.5);
    REQUIRE(ex.undo());
    REQUIRE_FALSE(ex.current().trace.heads[0].tempered.has_value());
}

TEST_CASE("compare mode: the word in two sentences, as attn run --compare, live through every edit",
          "[explore][compare]") {
    attn::course::Explorer ex = make_explorer("I ate the apple");
    REQUIRE(ex.default_compare_sentence() == "I love my apple phone");
    ex.set_compare(ex.default_compare_sentence());
    REQUIRE(ex.comparison().has_value());
    // What attn run compares with the shipped files.
    attn::course::RunRequest r;
    r.vocab_path = kVocab;
    const attn::course::FocusComparison shipped =
        attn::course::compare_focus(r, {"I ate the apple", "I love my apple phone"}, "apple");
    const attn::course::FocusComparison& c = *ex.comparison();
    REQUIRE(c.rows == std::vector<arma::uword>{3, 3});
    for (size_t s = 0; s < 2; ++s)
        check_matrices(c.runs[s].trace.output, shipped.runs[s].trace.output, 1e-12);
    REQUIRE(c.output_cosine == Approx(shipped.output_cosine).margin(1e-12));
    // One edit of W_K changes both sides; attn run --compare on the saved files agrees exactly.
    ex.set_cell(attn::course::EditMatrix::wk, 4, 0, 0.5);
    ex.set_temperature(2.0);
    const attn::course::FocusComparison& edited = *ex.comparison();
    for (size_t s = 0; s < 2; ++s)
        REQUIRE_FALSE(arma::approx_equal(edited.runs[s].trace.heads[0].weights,
                                         shipped.runs[s].trace.heads[0].weights, "absdiff", 1e-3));
    attn::test::TempFile vocab(ex.vocab_toml(), ".toml"), weights(ex.weights_toml(), ".toml");
    attn::course::RunRequest saved;
    saved.vocab_path = vocab.path;
    saved.weights = weights.path;
    saved.temperature = 2.0;
    const attn::course::FocusComparison again =
        attn::course::compare_focus(saved, {"I ate the apple", "I love my apple phone"}, "apple");
    for (size_t s = 0; s < 2; ++s)
        check_matrices(again.runs[s].trace.output, edited.runs[s].trace.output, 0.0);
    REQUIRE(again.output_cosine == edited.output_cosine);
    REQUIRE(ex.run_command("v.toml", "w.toml") ==
            "attn run --vocab 'v.toml' --weights 'w.toml' --compare 'I ate the apple' 'I love my apple "
            "phone' --word 'apple' --temperature 2.0");
    // A sentence without the word is refused in compare mode, and the world stays as it was.
    REQUIRE_THROWS_AS(ex.set_sentence("I ate the banana"), attn::course::InputError);
    REQUIRE(ex.world().sentence == "I ate the apple");
    // Undo back to before compare mode; leaving it is one more change.
    ex.set_compare(std::nullopt);
    REQUIRE_FALSE(ex.comparison().has_value());
    REQUIRE(ex.undo());
    REQUIRE(ex.comparison().has_value());
}

TEST_CASE("attn explore --temperature 0 names the flag and the value", "[explore][temperature][errors]") {
    attn::test::require_input_error({"--no-input", "explore", "--temperature", "0"},
                                    {"--temperature 0:", "positive"});
}
