// attn vocab: the embedding table of a vocabulary, from the course room and through the binary.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "check_matrices.hpp"
#include "course/vocab_table.hpp"
#include "inputs/input_error.hpp"
#include "run_binary.hpp"

using attn::test::check_matrices;
using attn::test::run_attn;
namespace course = attn::course;
namespace fs = std::filesystem;

namespace {

// A two-dimension vocabulary in a scratch file, removed at the end of the test.
struct TinyVocab {
    std::string path =
        (fs::temp_directory_path() / ("attn-test-vocab-" + std::to_string(::getpid()) + ".toml")).string();
    TinyVocab() {
        std::ofstream(path) << "description = \"tiny\"\ndimensions = [\"sweet\", \"hard\"]\n"
                               "[words]\nplum = [1.0, 0.25]\nrock = [0.0, 1.0]\nsugar = [1.0, -0.5]\n";
    }
    ~TinyVocab() { std::remove(path.c_str()); }
};

}  // namespace

TEST_CASE("vocab table: every word in file order, or the chosen words", "[vocab]") {
    TinyVocab tiny;
    const course::Vocabulary vocab = course::load_vocabulary(tiny.path);
    const course::VocabTable all = course::vocab_table(vocab, {});
    REQUIRE(all.dimensions == std::vector<std::string>{"sweet", "hard"});
    REQUIRE(all.table.row_labels == std::vector<std::string>{"plum", "rock", "sugar"});
    REQUIRE(all.table.col_labels == all.dimensions);
    check_matrices(all.table.values, arma::mat{{1.0, 0.25}, {0.0, 1.0}, {1.0, -0.5}}, 1e-12);
    const course::VocabTable some = course::vocab_table(vocab, {"sugar", "PLUM"});
    check_matrices(some.table.values, arma::mat{{1.0, -0.5}, {1.0, 0.25}}, 1e-12);
    REQUIRE_THROWS_AS(course::vocab_table(vocab, {"plumm"}), course::InputError);
}

TEST_CASE("attn vocab end to end", "[vocab][cli]") {
    TinyVocab tiny;
    const auto j = run_attn({"vocab", "--vocab", tiny.path, "--words", "rock,sugar", "--format", "json"});
    INFO(j.err);
    REQUIRE(j.exit_code == 0);
    const nlohmann::json doc = nlohmann::json::parse(j.out);
    REQUIRE(doc["dimensions"] == nlohmann::json({"sweet", "hard"}));
    REQUIRE(doc["words"] == nlohmann::json({"rock", "sugar"}));
    REQUIRE(doc["embeddings"] == nlohmann::json({{0.0, 1.0}, {1.0, -0.5}}));

    const auto c = run_attn({"vocab", "--vocab", tiny.path, "--format", "csv"});
    REQUIRE(c.exit_code == 0);
    REQUIRE(c.out.find("# columns: sweet hard\n1,0.25\n0,1\n1,-0.5\n") != std::string::npos);

    const auto t = run_attn({"vocab", "--color", "never"});  // the shipped apple vocabulary
    REQUIRE(t.exit_code == 0);
    for (const char* needle : {"food", "tech", "function", "apple", "phone"})
        REQUIRE(t.out.find(needle) != std::string::npos);

    const auto bad = run_attn({"vocab", "--vocab", tiny.path, "--words", "plumm"});
    REQUIRE(bad.exit_code == 2);
    REQUIRE(bad.out.empty());
    REQUIRE(bad.err.find("plum") != std::string::npos);
    REQUIRE(run_attn({"vocab", "--vocab", "no-such-vocabulary"}).exit_code == 2);
    REQUIRE(run_attn({"vocab", "--help"}).out.find("Examples") != std::string::npos);
}
