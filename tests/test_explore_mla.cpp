// attn explore --mla's model without a terminal: every stage it shows is what attn run --mla computes,
// an edit recomputes exactly what math::mla_attention computes with that edit made, undo restores, a
// refused edit changes nothing; and the command line refuses what does not go with --mla (exit 2).
#include <filesystem>
#include <fstream>

#include "build_paths.hpp"
#include "check_matrices.hpp"
#include "cli/explore_mla_view.hpp"
#include "course/explore_mla.hpp"
#include "inputs/input_error.hpp"
#include "test_support.hpp"

using attn::cli::MlaTab;
using attn::course::MlaMatrix;
using attn::test::check_matrices;

namespace {

const std::string kSource = ATTN_SOURCE_DIR;

attn::course::RunRequest mla_request(const std::string& mla, bool causal) {
    attn::course::RunRequest r;
    r.sentence = "I ate the apple";
    r.vocab_path = kSource + "/data/apple/vocab.toml";
    r.mla = mla;
    if (causal) r.masks = {"causal"};
    return r;
}

// The stage the explorer shows on `tab` (head `h`).
arma::mat shown(const attn::course::MlaExplorer& ex, MlaTab tab, arma::uword h = 0) {
    return attn::cli::mla_stage_view(ex, tab, h).values;
}

// Recomputes the layer from scratch with math, as the explorer's world says: the expected numbers.
attn::math::MlaTrace recomputed(const arma::mat& x, const attn::math::MlaWeights& w,
                                const attn::course::MlaRun& run) {
    const std::optional<arma::umat> keep =
        run.causal ? std::optional<arma::umat>(attn::math::causal_keep(x.n_rows, x.n_rows)) : std::nullopt;
    return attn::math::mla_attention(x, w, keep, run.options);
}

}  // namespace

TEST_CASE("explore --mla shows every stage attn run --mla computes", "[explore][mla]") {
    const attn::course::RunRequest r = mla_request(kSource + "/data/mla/mla.toml", true);
    const attn::course::MlaExplorer ex(r);
    const attn::course::MlaRun run = attn::course::run_mla(r);
    const attn::math::MlaTrace& t = run.trace;
    check_matrices(shown(ex, MlaTab::x), run.x);
    check_matrices(shown(ex, MlaTab::w_kv_b), run.weights.kv_b);
    check_matrices(shown(ex, MlaTab::kv_a), t.kv_a);
    check_matrices(shown(ex, MlaTab::latent), t.latent);
    check_matrices(shown(ex, MlaTab::k_rope), t.k_rope);
    check_matrices(shown(ex, MlaTab::q_a), *t.q_a);
    check_matrices(shown(ex, MlaTab::q), t.q);
    for (arma::uword h = 0; h < t.heads.size(); ++h) {
        check_matrices(shown(ex, MlaTab::q_nope, h), t.heads[h].q_nope);
        check_matrices(shown(ex, MlaTab::q_rope, h), t.heads[h].q_rope);
        check_matrices(shown(ex, MlaTab::k_nope, h), t.heads[h].k_nope);
        check_matrices(shown(ex, MlaTab::v, h), t.heads[h].v);
        check_matrices(shown(ex, MlaTab::scores, h), t.heads[h].scores);
        check_matrices(shown(ex, MlaTab::weights, h), t.heads[h].weights);
        check_matrices(shown(ex, MlaTab::head_output, h), t.heads[h].output);
        check_matrices(shown(ex, MlaTab::q_absorbed, h), t.heads[h].q_absorbed);
        check_matrices(shown(ex, MlaTab::absorbed_scores, h), t.heads[h].absorbed_scores);
        check_matrices(shown(ex, MlaTab::absorbed_weights, h), t.heads[h].absorbed_weights);
        check_matrices(shown(ex, MlaTab::latent_output, h), t.heads[h].latent_output);
        // The two paths agree to 1e-12 on every head.
        check_matrices(shown(ex, MlaTab::absorbed_head_output, h), t.heads[h].output, 1e-12);
    }
    check_matrices(shown(ex, MlaTab::concat), t.concat);
    check_matrices(shown(ex, MlaTab::output), t.output);
    check_matrices(shown(ex, MlaTab::absorbed_output), t.output, 1e-12);
    REQUIRE(shown(ex, MlaTab::check).max() <= 1e-12);
    REQUIRE(attn::cli::mla_check_text(ex.current()).find("agree to 1e-12") != std::string::npos);
    // The cache per token: latent 4 + rope key 2 = 6 numbers, 48 bytes; these heads in MHA keep 20.
    const arma::mat cache = shown(ex, MlaTab::cache);
    REQUIRE(cache(0, 0) == 6);
    REQUIRE(cache(0, 1) == 48);
    REQUIRE(cache(cache.n_rows - 1, 0) == 20);
    REQUIRE(cache(cache.n_rows - 1, 1) == 160);
}

TEST_CASE("explore --mla: an edit of kv_b changes the output exactly as recomputing says", "[explore][mla]") {
    attn::course::MlaExplorer ex(mla_request(kSource + "/data/mla/mla.toml", true));
    const attn::course::MlaRun before = ex.current();
    ex.set_cell(MlaMatrix::kv_b, 1, 2, 0.7);  // head 0's W_UK, latent 1, nope column 2
    attn::math::MlaWeights w = before.weights;
    w.kv_b(1, 2) = 0.7;
    const attn::math::MlaTrace expected = recomputed(before.x, w, before);
    check_matrices(ex.current().trace.output, expected.output);
    check_matrices(shown(ex, MlaTab::k_nope), expected.heads[0].k_nope);
    REQUIRE(arma::abs(ex.current().trace.output - before.trace.output).max() > 1e-4);
    // Head 1 reads other columns of kv_b: its keys are unchanged; the latent is unchanged.
    check_matrices(shown(ex, MlaTab::k_nope, 1), before.trace.heads[1].k_nope, 0);
    check_matrices(shown(ex, MlaTab::latent), before.trace.latent, 0);
    REQUIRE(ex.current().trace.max_abs_difference <= 1e-12);
    // The view marks what changed: the head's keys, not the latent.
    REQUIRE(attn::cli::mla_stage_view(ex, MlaTab::k_nope, 0).before.has_value());
    REQUIRE(ex.undo());
    check_matrices(ex.current().trace.output, before.trace.output, 0);
    REQUIRE(ex.redo());
    check_matrices(ex.current().trace.output, expected.output);
}

TEST_CASE("explore --mla: an X edit changes the word's embedding and the latent", "[explore][mla]") {
    attn::course::MlaExplorer ex(mla_request(kSource + "/data/mla/mla.toml", false));
    const attn::course::MlaRun before = ex.current();
    ex.nudge(MlaMatrix::x, 3, 0, 0.5);  // apple, dimension 0
    arma::mat x = before.x;             // (n_tokens, d_model)
    x(3, 0) += 0.5;
    const attn::math::MlaTrace expected = recomputed(x, before.weights, before);
    check_matrices(ex.current().x, x);
    check_matrices(ex.current().trace.latent, expected.latent);
    check_matrices(ex.current().trace.output, expected.output);
    // Only apple's latent row moved: each token's c_kv is its own.
    const arma::mat moved = arma::abs(ex.current().trace.latent - before.trace.latent);  // (n, kv_lora)
    REQUIRE(moved.rows(0, 2).max() == 0);
    REQUIRE(moved.row(3).max() > 1e-6);
}

TEST_CASE("explore --mla: the norms, the query's matrices, mask and temperature are edits too",
          "[explore][mla]") {
    attn::course::MlaExplorer ex(mla_request(kSource + "/data/mla/mla.toml", false));
    const attn::course::MlaRun start = ex.current();
    ex.set_cell(MlaMatrix::kv_a_norm, 0, 1, 2.0);
    ex.set_cell(MlaMatrix::q_b, 0, 0, -1.0);
    ex.set_causal(true);
    ex.set_temperature(0.5);
    attn::math::MlaWeights w = start.weights;
    w.kv_a_norm(1) = 2.0;
    w.q_b(0, 0) = -1.0;
    attn::course::MlaRun setting = start;
    setting.causal = true;
    setting.options.temperature = 0.5;
    check_matrices(ex.current().trace.output, recomputed(start.x, w, setting).output);
    const size_t version = ex.version();
    REQUIRE_THROWS_AS(ex.set_cell(MlaMatrix::o, 0, 0, std::nan("")), attn::course::InputError);
    REQUIRE_THROWS_AS(ex.set_cell(MlaMatrix::kv_b, 99, 0, 1.0), attn::course::InputError);
    REQUIRE_THROWS_AS(ex.set_temperature(0), attn::course::InputError);
    REQUIRE_THROWS_AS(ex.set_sentence("I ate the zebra"), attn::course::InputError);
    REQUIRE(ex.version() == version);
    for (int i = 0; i < 4; ++i) REQUIRE(ex.undo());
    REQUIRE_FALSE(ex.undo());
    check_matrices(ex.current().trace.output, start.trace.output, 0);
}

TEST_CASE("explore --mla without q_lora_rank edits W_q and has no q_a stage", "[explore][mla]") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("attn-explore-mla-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const auto write = [&](const std::string& name, const arma::mat& m) {
        m.save((dir / name).string(), arma::csv_ascii);
    };
    write("q.csv", arma::reshape(arma::linspace(-1, 1, 18), 6, 3));     // (d_model, 1 * (1 + 2))
    write("kv_a.csv", arma::reshape(arma::linspace(1, -1, 24), 6, 4));  // (d_model, 2 + 2)
    write("kv_a_norm.csv", arma::mat{{1.0, 0.5}});                      // (1, 2)
    write("kv_b.csv", arma::mat{{0.3, -0.2}, {0.9, 0.4}});              // (2, 1 + 1)
    write("o.csv", arma::mat{{1.0, 0.0, -1.0, 0.5, 0.0, 0.25}});        // (1, d_model)
    std::ofstream(dir / "mla.toml")
        << "heads = 1\nq_lora_rank = 0\nkv_lora_rank = 2\nqk_nope_dim = 1\n"
           "qk_rope_dim = 2\nv_dim = 1\nrope_base = 10000.0\neps = 1e-6\nq = \"q.csv\"\nkv_a = \"kv_a.csv\"\n"
           "kv_a_norm = \"kv_a_norm.csv\"\nkv_b = \"kv_b.csv\"\no = \"o.csv\"\n";
    const attn::course::RunRequest r = mla_request((dir / "mla.toml").string(), true);
    attn::course::MlaExplorer ex(r);
    const std::vector<MlaTab> tabs = attn::cli::mla_tabs(ex);
    REQUIRE(std::find(tabs.begin(), tabs.end(), MlaTab::w_q) != tabs.end());
    REQUIRE(std::find(tabs.begin(), tabs.end(), MlaTab::w_q_a) == tabs.end());
    REQUIRE(std::find(tabs.begin(), tabs.end(), MlaTab::q_a) == tabs.end());
    check_matrices(shown(ex, MlaTab::output), attn::course::run_mla(r).trace.output);
    ex.set_cell(MlaMatrix::q, 2, 1, 3.0);
    attn::math::MlaWeights w = attn::course::run_mla(r).weights;
    w.q(2, 1) = 3.0;
    check_matrices(ex.current().trace.output, recomputed(ex.current().x, w, ex.current()).output);
    fs::remove_all(dir);
}

TEST_CASE("attn explore --mla refuses what does not go with it, exit 2", "[explore][mla]") {
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"explore", "--mla", "mla", "--compare", "I love my apple phone"},
         "--compare does not go with --mla"},
        {{"explore", "--mla", "mla", "--seed", "3"}, "--seed does not go with --mla"},
        {{"explore", "--mla", "mla", "--d-k", "2"}, "--d-k does not go with --mla"},
        {{"explore", "--mla", "mla", "--mask", "padding"}, "--mla takes --mask causal or none"},
        {{"explore", "--mla", "mla", "--heads", "3"}, "drop --heads"},
        {{"explore", "--mla", "no-such-layer"}, "--mla no-such-layer: no such file"},
    };
    for (const auto& [args, message] : cases) {
        const attn::test::ProcessResult r = attn::test::run_attn(args);
        INFO(r.err);
        REQUIRE(r.exit_code == 2);
        REQUIRE(r.err.find(message) != std::string::npos);
    }
    // Off a terminal it does not wait for keys: exit 2 with the attn run --mla that prints the numbers.
    const attn::test::ProcessResult r = attn::test::run_attn({"explore", "--mla", "mla", "--mask", "causal"});
    REQUIRE(r.exit_code == 2);
    REQUIRE(r.out.empty());
    REQUIRE(r.err.find("needs a terminal") != std::string::npos);
    REQUIRE(r.err.find("attn run --vocab 'apple' -s 'I ate the apple' --mla ") != std::string::npos);
    REQUIRE(r.err.find("--mask causal") != std::string::npos);
}
