// attn seq2seq end to end: the real binary, its three formats, --explain, and every bad input
// (one message on stderr, exit code 2, nothing on stdout).
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "build_paths.hpp"
#include "check_matrices.hpp"
#include "test_support.hpp"

using attn::test::check_matrices;
using attn::test::fixture_path;

namespace {

struct Outcome {
    int code = -1;
    std::string out, err;
};

// A fresh path under /tmp for this process.
std::string temp_path(const std::string& suffix) {
    static int counter = 0;
    return "/tmp/attn-test-seq2seq-" + std::to_string(getpid()) + "-" + std::to_string(++counter) + suffix;
}

std::string quoted(const std::string& arg) {
    std::string q = "'";
    for (char c : arg) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

// Runs attn with `args` (data from the source tree, colour off), capturing stdout and stderr.
Outcome seq2seq(const std::vector<std::string>& args) {
    const std::string err_path = temp_path(".err");
    std::string command = "ATTN_DATA_DIR=" + quoted(std::string(ATTN_SOURCE_DIR) + "/data") + " " +
                          quoted(ATTN_BINARY) + " --color never seq2seq";
    for (const std::string& a : args) command += " " + quoted(a);
    command += " 2>" + quoted(err_path) + " </dev/null";
    Outcome o;
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buffer[4096];
    for (size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) o.out.append(buffer, n);
    const int status = pclose(pipe);
    o.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::ifstream err(err_path);
    std::stringstream text;
    text << err.rdbuf();
    o.err = text.str();
    std::remove(err_path.c_str());
    return o;
}

std::string csv(const std::string& name) { return fixture_path("seq2seq/csv/" + name + ".csv"); }

std::vector<std::string>& temp_files() {
    static std::vector<std::string> files;
    return files;
}

std::string temp_file(const std::string& text) {
    const std::string path = temp_path(".csv");
    std::ofstream(path) << text;
    temp_files().push_back(path);
    return path;
}

// Exit 2, nothing on stdout, one "attn: error:" message on stderr containing `needle`.
void require_input_error(const std::vector<std::string>& args, const std::string& needle) {
    const Outcome o = seq2seq(args);
    INFO("stderr: " << o.err);
    REQUIRE(o.code == 2);
    REQUIRE(o.out.empty());
    REQUIRE(o.err.rfind("attn: error: ", 0) == 0);
    REQUIRE(o.err.find(needle) != std::string::npos);
}

}  // namespace

TEST_CASE("attn seq2seq prints the toy pair's alignment, contexts and cost table", "[seq2seq][cli]") {
    const Outcome o = seq2seq({});
    REQUIRE(o.code == 0);
    REQUIRE(o.err.empty());
    for (const char* part :
         {"\"the black cat sleeps\" -> \"le chat noir dort\"", "alignment (4 × 4)", "contexts (4 × 10)",
          "attentional (4 × 3)", "operations per decoder step", "2 noir"})
        REQUIRE(o.out.find(part) != std::string::npos);
}

TEST_CASE("attn seq2seq --format json round-trips the reference numbers exactly", "[seq2seq][cli]") {
    std::ifstream in(fixture_path("seq2seq/toy.json"));
    const nlohmann::json expected = nlohmann::json::parse(in)["cases"][0]["results"]["general/local-p"];
    const Outcome o =
        seq2seq({"--score", "general", "--attention", "local-p", "--format", "json", "--explain", "noir"});
    REQUIRE(o.code == 0);
    const nlohmann::json doc = nlohmann::json::parse(o.out);
    check_matrices(attn::test::json_matrix(doc["stages"]["alignment"]),
                   attn::test::json_matrix(expected["alignment"]));
    check_matrices(attn::test::json_matrix(doc["stages"]["contexts"]),
                   attn::test::json_matrix(expected["contexts"]));
    REQUIRE(doc["steps"].size() == 4);
    for (size_t t = 0; t < 4; ++t) {
        const nlohmann::json& step = doc["steps"][t];
        check_matrices(attn::test::json_matrix(nlohmann::json::array({step["weights"]})),
                       attn::test::json_matrix(nlohmann::json::array({expected["alignment"][t]})));
        REQUIRE(std::fabs(step["p"].get<double>() - expected["positions"][t].get<double>()) <= 1e-12);
        REQUIRE(step["window"] == expected["windows"][t]);
        REQUIRE(step["attentional"].size() == 3);
    }
    REQUIRE(doc["explain"]["step"] == 2);
    REQUIRE(doc["explain"]["positions"].size() ==
            doc["steps"][2]["window"][1].get<size_t>() - doc["steps"][2]["window"][0].get<size_t>() + 1);
    REQUIRE(doc["cost"]["rows"][0]["S"] == 10);
}

TEST_CASE("attn seq2seq --format csv writes numpy-readable blocks and tables", "[seq2seq][cli]") {
    const Outcome o = seq2seq({"--attention", "local-m", "--format", "csv"});
    REQUIRE(o.code == 0);
    for (const char* part :
         {"# stage: alignment\n# shape: 4 x 4\n", "# stage: contexts", "# table: windows", "# table: cost"})
        REQUIRE(o.out.find(part) != std::string::npos);
}

TEST_CASE("attn seq2seq --explain recomputes one step by hand", "[seq2seq][cli]") {
    const Outcome o = seq2seq({"--score", "general", "--show", "alignment", "--explain", "2"});
    REQUIRE(o.code == 0);
    REQUIRE(o.out.find("Step 2: producing 'noir' (global attention, general score)") != std::string::npos);
    REQUIRE(o.out.find("(4) The context c_t") != std::string::npos);
    REQUIRE(o.out.find("contexts (") == std::string::npos);  // --show alignment hides the other sections
}

TEST_CASE("attn seq2seq on CSV states: vectors as a row or a column, labels from --source/--target",
          "[seq2seq][cli]") {
    const Outcome o = seq2seq({"--encoder",   csv("hs"),
                               "--decoder",   csv("ht"),
                               "--score",     "additive",
                               "--wa",        csv("wa_additive"),
                               "--ua",        csv("ua_additive"),
                               "--va",        csv("va_additive"),
                               "--attention", "local-p",
                               "--wp",        csv("wp"),
                               "--vp",        csv("vp"),
                               "--window",    "1",
                               "--source",    "a b c d e f g",
                               "--target",    "v w x y z",
                               "--format",    "json"});
    INFO(o.err);
    REQUIRE(o.code == 0);
    std::ifstream in(fixture_path("seq2seq/csv.json"));
    const nlohmann::json expected = nlohmann::json::parse(in)["results"]["additive/local-p/1"];
    const nlohmann::json doc = nlohmann::json::parse(o.out);
    check_matrices(attn::test::json_matrix(doc["stages"]["alignment"]),
                   attn::test::json_matrix(expected["alignment"]));
    REQUIRE(doc["target"][4] == "z");
    REQUIRE(doc["steps"][0]["attentional"].is_null());  // no --wc: no attentional state
}

TEST_CASE("attn seq2seq --attention hard shows the draws and their convergence", "[seq2seq][cli][hard]") {
    const Outcome o = seq2seq({"--attention", "hard", "--samples", "1000", "--show", "hard"});
    REQUIRE(o.code == 0);
    REQUIRE(o.out.find("hard attention: one source position per draw") != std::string::npos);
    REQUIRE(o.out.find("argmax in 1000") != std::string::npos);
    REQUIRE(o.out.find("draws 1-5") != std::string::npos);
}

TEST_CASE("bad seq2seq input: one clear message, exit 2, nothing on stdout", "[seq2seq][cli][errors]") {
    const std::string hs = csv("hs"), ht = csv("ht"), ht4 = csv("ht4");
    require_input_error({"--window", "0", "--attention", "local-m"},
                        "--window 0: the half-width D must be at least 1");
    require_input_error({"--window", "-3"}, "--window -3");
    require_input_error({"--encoder", hs, "--decoder", ht, "--score", "general"},
                        "--score general needs --wa");
    require_input_error({"--encoder", hs, "--decoder", ht, "--score", "concat", "--wa", csv("wa_concat")},
                        "needs --wa");
    require_input_error({"--encoder", hs, "--decoder", ht, "--score", "additive", "--wa", csv("wa_additive"),
                         "--va", csv("va_additive")},
                        "--ua U_A.csv (d_a, d_s) = (d_a, 4)");
    require_input_error({"--encoder", hs, "--decoder", ht4, "--attention", "local-p"},
                        "--attention local-p needs --wp");
    require_input_error({"--encoder", hs, "--decoder", ht}, "d_t = 3, encoder states d_s = 4");
    require_input_error({"--encoder", hs, "--decoder", ht, "--score", "general", "--wa", csv("wa_concat")},
                        "general W_a (6, 7) must be (d_t, d_s) = (3, 4)");
    require_input_error({"--encoder", hs, "--decoder", ht4, "--wc", csv("wc")}, "W_c (3, 7)");
    require_input_error({"--encoder", hs, "--decoder", ht, "--score", "concat", "--wa", csv("wa_concat"),
                         "--va", csv("wa_general")},
                        "v_a must be one row or one column");
    require_input_error({"--encoder", hs, "--decoder", ht4, "--ua", csv("ua_additive")}, "--ua");
    require_input_error({"--encoder", hs, "--decoder", ht4, "--wp", csv("wp4")},
                        "only --attention local-p uses it");
    require_input_error({"--encoder", hs}, "--encoder needs --decoder too");
    require_input_error({"--encoder", "/no/such/file.csv", "--decoder", ht},
                        "/no/such/file.csv: cannot open");
    require_input_error({"--encoder", temp_file("1,2\n3\n"), "--decoder", ht},
                        ":2: this row has 1 values but line 1 has 2");
    require_input_error({"--encoder", temp_file("1,nan\n"), "--decoder", ht}, ":1: column 2 is nan");
    require_input_error({"--encoder", temp_file("1,x\n"), "--decoder", ht},
                        "column 2 is \"x\", which is not a number");
    require_input_error({"--encoder", hs, "--decoder", ht4, "--source", "a b"},
                        "--source has 2 words but --encoder");
    require_input_error(
        {"--source", "the cat eats", "--target", "le chat noir dort et le chien", "--attention", "local-m",
         "--window", "1"},
        "step 4 (0-based): p_t = 4 and D = 1 reach positions 3..5, but the source has only 0..2");
    require_input_error({"--source", "the zebra sleeps", "--target", "le chat dort"}, "'zebra' is not in");
    require_input_error({"--source", "the dog eats"}, "give its translation with --target");
    require_input_error({"--score", "cosine"}, "--score");
    require_input_error({"--attention", "soft"}, "--attention");
    require_input_error({"--explain", "9"}, "--explain step '9'");
    require_input_error({"--show", "weights"}, "--show: unknown section 'weights'");
    require_input_error({"--attention", "hard", "--samples", "0"}, "--samples 0");
    require_input_error({"--sizes", "10,0"}, "--sizes 0");
    for (const std::string& path : temp_files()) std::remove(path.c_str());
}

TEST_CASE("attn seq2seq prints counts as integers: sizes, operations, draws, steps", "[seq2seq][cli]") {
    const Outcome o = seq2seq({"--show", "cost,hard", "--attention", "hard", "--samples", "100", "--sizes",
                               "10,10000", "--window", "2"});
    REQUIRE(o.code == 0);
    REQUIRE(o.out.find("\n   10                5     230      115      149") != std::string::npos);
    REQUIRE(o.out.find("10000                5  230000") != std::string::npos);
    REQUIRE(o.out.find("10.000") == std::string::npos);
    REQUIRE(o.out.find("\n   0  le ") != std::string::npos);
}
