// attn similarity: dot and cosine matrices by hand, spaces x/q/k/v/qk, and the binary.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "check_matrices.hpp"
#include "course/similarity.hpp"
#include "math/similarity.hpp"
#include "run_binary.hpp"

using attn::test::check_matrices;
using attn::test::run_attn;
namespace course = attn::course;
namespace math = attn::math;
namespace fs = std::filesystem;

namespace {

// Two dimensions, W_Q swaps them, W_K doubles them, W_V is the identity.
struct TinyData {
    fs::path dir = fs::temp_directory_path() / ("attn-test-sim-" + std::to_string(::getpid()));
    TinyData() {
        fs::create_directories(dir);
        std::ofstream(dir / "vocab.toml")
            << "dimensions = [\"a\", \"b\"]\npreset_weights = \"w.toml\"\n"
               "[words]\nup = [1.0, 0.0]\nright = [0.0, 2.0]\nboth = [3.0, 4.0]\nnone = [0.0, 0.0]\n";
        std::ofstream(dir / "w.toml") << "w_q = [[0.0, 1.0], [1.0, 0.0]]\nw_k = [[2.0, 0.0], [0.0, "
                                         "2.0]]\nw_v = [[1.0, 0.0], [0.0, 1.0]]\n";
    }
    ~TinyData() { fs::remove_all(dir); }
    course::SimilarityRequest request(const std::string& sentence, const std::string& space,
                                      const std::string& measure) const {
        course::SimilarityRequest r;
        r.run.sentence = sentence;
        r.run.vocab_path = (dir / "vocab.toml").string();
        r.space = space;
        r.measure = measure;
        return r;
    }
};

}  // namespace

TEST_CASE("dot similarity is A·Bᵀ", "[similarity]") {
    const arma::mat a{{1.0, 2.0}, {3.0, 4.0}};
    const arma::mat b{{1.0, 0.0}, {0.0, 1.0}, {1.0, 1.0}};
    check_matrices(math::dot_similarity(a, b), arma::mat{{1.0, 2.0, 3.0}, {3.0, 4.0, 7.0}}, 1e-12);
    REQUIRE_THROWS_AS(math::dot_similarity(a, arma::mat(2, 3, arma::fill::ones)), std::invalid_argument);
}

TEST_CASE("cosine similarity divides out the lengths - a zero row is nan", "[similarity]") {
    const arma::mat c =
        math::cosine_similarity_matrix(arma::mat{{3.0, 4.0}}, arma::mat{{4.0, 3.0}, {0.0, 5.0}, {0.0, 0.0}});
    REQUIRE(std::fabs(c(0, 0) - 24.0 / 25.0) <= 1e-12);
    REQUIRE(std::fabs(c(0, 1) - 0.8) <= 1e-12);
    REQUIRE(std::isnan(c(0, 2)));
}

TEST_CASE("similarity in the spaces x, q, k and qk", "[similarity]") {
    TinyData data;
    // x: up·both = 3, |up| = 1, |both| = 5 → cosine 0.6; right·both = 8, |right| = 2 → 0.8.
    const course::Similarity x = course::compute_similarity(data.request("up right both", "x", "cosine"));
    REQUIRE(x.matrix.row_labels == std::vector<std::string>{"up", "right", "both"});
    check_matrices(x.matrix.values, arma::mat{{1.0, 0.0, 0.6}, {0.0, 1.0, 0.8}, {0.6, 0.8, 1.0}}, 1e-12);
    // q = x with a and b swapped: up → (0,1), right → (2,0). Q·Qᵀ.
    const course::Similarity q = course::compute_similarity(data.request("up right", "q", "dot"));
    check_matrices(q.matrix.values, arma::mat{{1.0, 0.0}, {0.0, 4.0}}, 1e-12);
    // qk: q_up = (0,1), k_right = (0,4) → 4; q_right = (2,0), k_up = (2,0) → 4; q_up·k_up = 0.
    const course::Similarity qk = course::compute_similarity(data.request("up right", "qk", "dot"));
    check_matrices(qk.matrix.values, arma::mat{{0.0, 4.0}, {4.0, 0.0}}, 1e-12);
    // k = 2x: cosine is unchanged by the doubling.
    const course::Similarity k = course::compute_similarity(data.request("up both", "k", "cosine"));
    check_matrices(k.matrix.values, arma::mat{{1.0, 0.6}, {0.6, 1.0}}, 1e-12);
    // A zero vector: nan and a note naming it.
    const course::Similarity zero = course::compute_similarity(data.request("up none", "x", "cosine"));
    REQUIRE(std::isnan(zero.matrix.values(0, 1)));
    REQUIRE(zero.notes.size() == 1);
    REQUIRE(zero.notes[0].find("'none'") != std::string::npos);
}

TEST_CASE("attn similarity end to end on the apple vocabulary", "[similarity][cli]") {
    const auto r = run_attn({"similarity", "--words", "apple,phone,ate", "--format", "json"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const nlohmann::json doc = nlohmann::json::parse(r.out);
    REQUIRE(doc["matrix"]["rows"] == nlohmann::json({"apple", "phone", "ate"}));
    // apple (1,1,0,0,1,0), phone (0,1,0,0,1,0), ate (0.9,0,1,0,0,0)
    REQUIRE(std::fabs(doc["matrix"]["values"][0][1].get<double>() - 2 / std::sqrt(6.0)) <= 1e-12);
    REQUIRE(std::fabs(doc["matrix"]["values"][0][2].get<double>() -
                      0.9 / (std::sqrt(3.0) * std::sqrt(1.81))) <= 1e-12);
    // The query of 'apple' (1.5, 0, 0) against the key of 'ate' (2.15, 0, 1): 3.225.
    const auto qk = run_attn(
        {"similarity", "-s", "I ate the apple", "--space", "qk", "--measure", "dot", "--format", "json"});
    REQUIRE(qk.exit_code == 0);
    REQUIRE(std::fabs(nlohmann::json::parse(qk.out)["matrix"]["values"][3][1].get<double>() - 3.225) <=
            1e-12);

    const auto csv =
        run_attn({"similarity", "--words", "apple,phone", "--measure", "dot", "--format", "csv"});
    REQUIRE(csv.exit_code == 0);
    REQUIRE(csv.out.find("\n3,2\n2,2\n") != std::string::npos);

    for (const std::vector<std::string>& bad : {std::vector<std::string>{"similarity"},
                                                {"similarity", "--words", "apple", "-s", "I ate"},
                                                {"similarity", "--words", "apple", "--space", "z"},
                                                {"similarity", "--words", "appel"}}) {
        const auto b = run_attn(bad);
        INFO(b.err);
        REQUIRE(b.exit_code == 2);
        REQUIRE(b.out.empty());
    }
}

TEST_CASE("a word the sentence repeats gets its all-zero note once", "[similarity][cli]") {
    // "the" is all zeros among the queries (its preset row of W_Q gives 0); it appears twice.
    const auto r = attn::test::run_attn({"similarity", "-s", "the apple ate the apple", "--space", "q"});
    REQUIRE(r.exit_code == 0);
    const std::string note = "Note: 'the' is an all-zero vector among the queries";
    REQUIRE(r.out.find(note) != std::string::npos);
    CHECK(r.out.find(note) == r.out.rfind(note));
}
