// attn explore --mla driven through a pseudo-terminal: open it on a sentence, step to W_kv_b, type a
// value into a cell, step on to the weights and read them off the screen (a small VT100 emulator): they
// are what the explorer's model computes with that edit; then every stage at 60, 80 and 100 columns
// fits the window in plain ASCII.
#include <unistd.h>

#include <regex>

#include "build_paths.hpp"
#include "cli/explore_mla_view.hpp"
#include "course/explore_mla.hpp"
#include "pty_session.hpp"
#include "render/style.hpp"
#include "test_support.hpp"

namespace {

const std::vector<std::string> kArgs = {"--ascii", "explore",         "--mla",  "mla",
                                        "-s",      "I ate the apple", "--mask", "causal"};

std::vector<std::string> env_for(const std::string& data_home) {
    return {"TERM=vt100", "NO_COLOR=1", "XDG_DATA_HOME=" + data_home};
}

std::string temp_home(const std::string& name) {
    return (std::filesystem::temp_directory_path() / (name + std::to_string(::getpid()))).string();
}

// The matrix row of token `label` on the screen: its numbers left of the arithmetic pane ('|').
std::vector<double> matrix_row(const attn::test::ScreenEmulator& s, const std::string& label) {
    static const std::regex number(R"(-?[0-9]+\.[0-9]{3})");
    for (int r = 4; r < s.rows(); ++r) {
        std::string line = s.row(r);
        if (!line.empty() && line[0] == '>') line = line.substr(1);
        if (line.compare(0, label.size() + 1, label + " ") != 0) continue;
        line = line.substr(0, line.find('|'));
        std::vector<double> values;
        for (std::sregex_iterator m(line.begin() + 8, line.end(), number), end; m != end; ++m)
            values.push_back(std::stod(m->str()));
        return values;
    }
    return {};
}

}  // namespace

TEST_CASE("attn explore --mla in a pseudo-terminal: edit W_kv_b, read the weights it gives",
          "[explore][pty][mla]") {
    const std::string home = temp_home("attn-pty-explore-mla-");
    attn::test::PtySession s(kArgs, env_for(home), 40, 100);
    REQUIRE(s.wait_for("attn explore --mla"));
    s.settle();
    INFO(s.term.text());
    REQUIRE(s.term.row(0).find("sentence: I ate the apple") != std::string::npos);
    REQUIRE(s.term.row(1).find("mask causal") != std::string::npos);
    REQUIRE(s.term.row(1).find("cache 48 B/token (MHA 160)") != std::string::npos);
    REQUIRE(s.term.row(1).find("naive = absorbed") != std::string::npos);
    REQUIRE(s.term.row(3).rfind("weights (head 0)", 0) == 0);
    s.keys_then_settle(std::string(18, '\t'));  // weights -> ... -> cache -> X -> ... -> W_kv_b
    REQUIRE(s.term.row(3).rfind("W_kv_b", 0) == 0);
    REQUIRE(s.term.text().find("editing it recomputes every stage") != std::string::npos);
    s.keys_then_settle("\x1bOB\x1bOC\x1bOC");   // down to c1, right to d2
    s.keys_then_settle("0.7\n");                // kv_b[1][2] = 0.7: head 0's W_UK
    s.keys_then_settle(std::string(13, '\t'));  // W_kv_b -> ... -> weights
    REQUIRE(s.term.row(3).rfind("weights (head 0)", 0) == 0);
    REQUIRE(s.term.row(s.term.rows() - 1).find("last edit changed") != std::string::npos);
    attn::course::RunRequest r;
    r.sentence = "I ate the apple";
    r.vocab_path = std::string(ATTN_SOURCE_DIR) + "/data/apple/vocab.toml";
    r.mla = std::string(ATTN_SOURCE_DIR) + "/data/mla/mla.toml";
    r.masks = {"causal"};
    attn::course::MlaExplorer model(r);
    model.set_cell(attn::course::MlaMatrix::kv_b, 1, 2, 0.7);
    const arma::mat& expected = model.current().trace.heads[0].weights;  // (n, n)
    const std::vector<std::string> tokens = {"I", "ate", "the", "apple"};
    for (size_t i = 0; i < tokens.size(); ++i) {
        const std::vector<double> row = matrix_row(s.term, tokens[i]);
        REQUIRE(row.size() == tokens.size());
        for (size_t j = 0; j < row.size(); ++j) REQUIRE(row[j] == Approx(expected(i, j)).margin(0.0005));
    }
    s.keys_then_settle("q");
    REQUIRE(s.exit_code() == 0);
    REQUIRE(s.screen.find("edits are not saved with --mla") != std::string::npos);
    std::filesystem::remove_all(home);
}

TEST_CASE("attn explore --mla: every stage fits 60, 80 and 100 columns in ASCII", "[explore][pty][mla]") {
    const std::string home = temp_home("attn-pty-explore-mla-widths-");
    for (const int cols : {60, 80, 100}) {
        attn::test::PtySession s(kArgs, env_for(home), 24, static_cast<unsigned short>(cols));
        REQUIRE(s.wait_for("attn explore"));
        for (int tab = 0; tab < 31; ++tab) {
            s.keys_then_settle(tab == 15 ? "n\t" : "\t", 150);  // head 1 from half way
            for (int r = 0; r < s.term.rows(); ++r) {
                const std::string line = s.term.row(r);
                INFO(cols << " columns, tab " << tab << ":\n" << s.term.text());
                CHECK(attn::render::display_width(line) <= static_cast<size_t>(cols));
                CHECK(std::all_of(line.begin(), line.end(), [](char c) { return c >= 32 && c < 127; }));
            }
        }
        s.keys_then_settle("?");
        REQUIRE(s.term.text().find("next head") != std::string::npos);
        s.keys_then_settle(" h");  // any key closes the help; h says why it does nothing here
        REQUIRE(s.term.row(s.term.rows() - 1).find("not with --mla") != std::string::npos);
        s.keys_then_settle("q");
        REQUIRE(s.exit_code() == 0);
    }
    std::filesystem::remove_all(home);
}
