// The screen tells the truth: every text line of every subcommand and every lesson fits COLUMNS (60,
// 80 and 100), and --ascii output has no byte outside ASCII.
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "build_paths.hpp"
#include "run_binary.hpp"

using attn::test::run_attn;

namespace {

// Terminal columns of a UTF-8 line: one per code point (the glyphs attn prints are all one column).
size_t columns_of(const std::string& line) {
    size_t n = 0;
    for (unsigned char c : line) n += (c & 0xC0) != 0x80;
    return n;
}

// Lessons record progress: keep it in a scratch state folder, never the learner's.
std::string state_env() {
    static const std::string dir =
        (std::filesystem::temp_directory_path() / ("attn-width-" + std::to_string(::getpid()))).string();
    return "XDG_STATE_HOME=" + dir;
}

// A scratch folder for the commands that write (workspace init, export): one per call, never the learner's,
// removed when the tests end.
std::string scratch_dir(const std::string& what) {
    struct Made {
        std::vector<std::string> dirs;
        ~Made() {
            for (const std::string& dir : dirs) std::filesystem::remove_all(dir);
        }
    };
    static Made made;
    made.dirs.push_back(
        (std::filesystem::temp_directory_path() /
         ("attn-width-" + std::to_string(::getpid()) + "-" + what + std::to_string(made.dirs.size())))
            .string());
    return made.dirs.back();
}

// `attn quiz --answer` exits 1 for a wrong answer (99 is one here), with its verdict on stdout.
int expected_exit(const std::vector<std::string>& args) {
    return std::find(args.begin(), args.end(), "--answer") != args.end() && args.back() == "99" ? 1 : 0;
}

void require_fits(const std::vector<std::string>& args, int width) {
    const auto r = run_attn(args, {"COLUMNS=" + std::to_string(width), state_env()});
    std::string shown;
    for (const auto& a : args) shown += a + " ";
    INFO("attn " << shown << "at COLUMNS=" << width << "\n" << r.err);
    REQUIRE(r.exit_code == expected_exit(args));
    REQUIRE(!r.out.empty());
    size_t start = 0;
    while (start < r.out.size()) {
        size_t end = r.out.find('\n', start);
        if (end == std::string::npos) end = r.out.size();
        const std::string line = r.out.substr(start, end - start);
        INFO("line: '" << line << "'");
        CHECK(columns_of(line) <= static_cast<size_t>(width));
        start = end + 1;
    }
}

void require_ascii(std::vector<std::string> args) {
    args.insert(args.begin(), "--ascii");
    const auto r = run_attn(args, {"COLUMNS=80", state_env()});
    std::string shown;
    for (const auto& a : args) shown += a + " ";
    INFO("attn " << shown << ": " << r.err);
    REQUIRE(r.exit_code == expected_exit(args));
    size_t bad = std::string::npos;
    for (size_t i = 0; i < r.out.size() && bad == std::string::npos; ++i)
        if (static_cast<unsigned char>(r.out[i]) >= 0x80) bad = i;
    INFO("non-ASCII near: '" << (bad == std::string::npos ? "" : r.out.substr(bad < 30 ? 0 : bad - 30, 60))
                             << "'");
    CHECK(bad == std::string::npos);
}

const std::vector<std::vector<std::string>>& commands() {
    static const std::vector<std::vector<std::string>> all = {
        {"run"},
        {"run", "-s", "I ate the apple"},
        {"run", "-s", "I love my apple phone", "--heads", "2", "--mask", "causal", "--explain",
         "apple,phone"},
        {"vocab"},
        {"similarity", "--words", "apple,banana,phone,eat"},
        {"scaling", "--trials", "50"},
        {"softmax", "--logits=3,1,0.2", "--temperature", "0.5,1,2", "--mask", "1,1,0"},
        {"bench", "--sizes", "64,128", "--repeats", "1", "--d", "8"},
        {"seq2seq"},
        {"seq2seq", "--attention", "local-p", "--score", "general", "--explain", "0"},
        {"transformer", "-s", "I ate the apple", "--positional"},
        {"train", "--epochs", "5"},
        {"decode", "-s", "I ate the apple"},
        {"stream", "-s", "I love my apple phone", "--block", "2", "--causal"},
        {"weights"},
        {"run", "-s", "I ate the apple", "--d-k", "4", "--rope", "--alibi", "--heads", "2", "--explain",
         "apple,ate"},
        {"run", "-s", "I ate the apple", "--kernel", "linear", "--show", "weights", "--explain", "apple,ate"},
        {"softmax", "--logits", "1000,999", "--show", "naive"},
        {"seq2seq", "--score", "concat", "--explain", "noir", "--show", "hard,cost", "--attention", "hard"},
        {"transformer", "-s", "I ate the apple", "--permute", "reverse", "--decoder", "she ate a banana",
         "--explain", "apple,ate"},
        {"decode", "-s", "I ate pie, you ate the apple", "--window", "3", "--sinks", "1", "--heads", "2",
         "--kv-heads", "1"},
        {"bench", "--methods", "gemm,decode,linear", "--sizes", "64,128", "--repeats", "2", "--d", "8"},
        {"quiz", "4", "--list"},
        {"quiz", "4", "--question", "i-ate-score", "--answer", "99"},
        {"quiz", "4", "--question", "i-ate-score", "--answer", "1"},
        {"hint", "4", "i-ate-score", "--level", "3"},
        {"solution", "4", "i-ate-score", "--force"},
        {"glossary"},
        {"glossary", "softmax"},
        {"list"},
        {"paths"},
        {},
        {"--help"},
        {"run", "--help"},
    };
    return all;
}

// The commands that write: each call gets a fresh folder.
std::vector<std::vector<std::string>> writing_commands() {
    const std::string ws = scratch_dir("ws");
    run_attn({"workspace", "init", ws});
    return {{"workspace", "init", scratch_dir("init")},
            {"workspace", "diff", "--workspace", ws},
            {"workspace", "reset", "--workspace", ws},
            {"export", "transformer", "-s", "I ate the apple", "-o", scratch_dir("export")}};
}

// Every lesson the course lists (their number grows as lessons are added).
int lesson_count() {
    const auto r = run_attn({"list", "--json"}, {state_env()});
    return static_cast<int>(nlohmann::json::parse(r.out)["lessons"].size());
}

}  // namespace

TEST_CASE("every subcommand's text fits 60, 80 and 100 columns", "[width][slow]") {
    for (int width : {60, 80, 100}) {
        for (const auto& command : commands()) require_fits(command, width);
        for (const auto& command : writing_commands()) require_fits(command, width);
    }
}

TEST_CASE("every lesson's text fits 60, 80 and 100 columns", "[width][slow]") {
    for (int width : {60, 80, 100})
        for (int lesson = 1; lesson <= lesson_count(); ++lesson)
            require_fits({"--no-input", "lesson", std::to_string(lesson)}, width);
}

TEST_CASE("the --ascii output is pure ASCII for every subcommand and every lesson", "[width][slow]") {
    for (const auto& command : commands()) require_ascii(command);
    for (const auto& command : writing_commands()) require_ascii(command);
    for (int lesson = 1; lesson <= lesson_count(); ++lesson)
        require_ascii({"--no-input", "lesson", std::to_string(lesson)});
}

TEST_CASE("text shows data paths relative to the data folder, and they work as arguments", "[width]") {
    const auto r = run_attn({"run", "-s", "I ate the apple", "--show", "weights"}, {"COLUMNS=100"});
    REQUIRE(r.exit_code == 0);
    INFO(r.out);
    REQUIRE(r.out.find("apple/vocab.toml") != std::string::npos);
    REQUIRE(r.out.find(std::string(ATTN_SOURCE_DIR) + "/data/") == std::string::npos);
    const auto again =
        run_attn({"run", "--vocab", "apple/vocab.toml", "-s", "I ate the apple", "--show", "weights"},
                 {"COLUMNS=100"});
    REQUIRE(again.exit_code == 0);
    REQUIRE(again.out == r.out);
}
