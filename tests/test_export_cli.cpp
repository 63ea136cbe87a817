// attn export and --format md|svg|html end to end: every file valid XML, the heatmap's cells and
// labels, never a file overwritten without --force, never a file outside -o DIR.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <regex>
#include <set>

#include "export_support.hpp"
#include "run_binary.hpp"

using attn::test::count_of;
using attn::test::read_file;
using attn::test::run_attn;
using attn::test::TempDir;
namespace fs = std::filesystem;

namespace {

std::set<std::string> files_in(const fs::path& dir) {
    std::set<std::string> names;
    for (const auto& entry : fs::recursive_directory_iterator(dir))
        names.insert(fs::relative(entry.path(), dir).string());
    return names;
}

void require_valid_xml(const std::string& path) {
    std::string messages;
    INFO(path << ": " << messages);
    REQUIRE(attn::test::xml_valid(path, messages));
}

// The row labels, then the column labels, of the first heatmap in an SVG or HTML text.
std::pair<std::vector<std::string>, std::vector<std::string>> labels_of(const std::string& svg) {
    std::pair<std::vector<std::string>, std::vector<std::string>> out;
    static const std::regex label("class=\"(row|col)-label\"[^>]*>([^<]*)</text>");
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), label); it != std::sregex_iterator(); ++it)
        ((*it)[1] == "row" ? out.first : out.second).push_back((*it)[2]);
    return out;
}

}  // namespace

TEST_CASE("attn run --format svg: one heatmap per stage, n x n cells, token labels, valid XML", "[export]") {
    const auto r = run_attn({"run", "-s", "I ate the apple", "--show", "weights", "--format", "svg"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    REQUIRE(r.out.rfind("<?xml", 0) == 0);
    REQUIRE(count_of(r.out, "class=\"cell\"") == 16);
    const auto [rows, cols] = labels_of(r.out);
    REQUIRE(rows == std::vector<std::string>{"I", "ate", "the", "apple"});
    REQUIRE(cols == rows);
    REQUIRE(r.out.find("weights (4 \u00d7 4)") != std::string::npos);  // the title names the stage and shape
    REQUIRE(r.out.find("http://www.w3.org/2000/svg") != std::string::npos);
    // Nothing to fetch: the only URL is the SVG namespace.
    REQUIRE(count_of(r.out, "http") == count_of(r.out, "http://www.w3.org/2000/svg"));
    TempDir dir;
    attn::test::write_file(dir / "run.svg", r.out);
    require_valid_xml(dir / "run.svg");
}

TEST_CASE("masked cells are drawn blocked, not as a weight of 0", "[export]") {
    const auto r = run_attn(
        {"run", "-s", "I ate the apple", "--mask", "causal", "--show", "weights", "--format", "svg"});
    REQUIRE(r.exit_code == 0);
    REQUIRE(count_of(r.out, "class=\"cell\"") == 16);
    REQUIRE(count_of(r.out, "-blocked)\"><title>") == 6);  // the 6 cells above the diagonal of 4 x 4
    REQUIRE(r.out.find(">masked</text>") !=
            std::string::npos);  // and the legend says what the hatching means
}

TEST_CASE("every subcommand with --format also writes md, html and svg", "[export]") {
    const std::vector<std::vector<std::string>> commands = {
        {"run", "-s", "I ate the apple"},
        {"run"},
        {"vocab"},
        {"similarity", "--words", "apple,banana,phone"},
        {"scaling", "--trials", "50"},
        {"softmax", "--logits=3,1,0.2", "--mask", "1,1,0"},
        {"bench", "--sizes", "64,128", "--repeats", "1", "--d", "8"},
        {"seq2seq"},
        {"transformer", "-s", "I ate the apple"},
        {"train", "--epochs", "5"},
        {"cache", "--preset", "Gemma-3-27B", "--block-size", "16"},
    };
    TempDir dir;
    for (const auto& command : commands) {
        for (const char* format : {"md", "html", "svg"}) {
            std::vector<std::string> args = command;
            args.insert(args.end(), {"--format", format});
            const auto r = run_attn(args);
            INFO(command[0] << " --format " << format << ": " << r.err);
            REQUIRE(r.exit_code == 0);
            REQUIRE(!r.out.empty());
            if (std::string(format) == "md") {
                REQUIRE(r.out.rfind("# attn ", 0) == 0);
                continue;
            }
            const std::string file = dir / (command[0] + "." + format);
            attn::test::write_file(file, r.out);
            require_valid_xml(file);
            if (std::string(format) == "html") {
                REQUIRE(r.out.find("<script") == std::string::npos);
                REQUIRE(r.out.find("prefers-color-scheme: dark") != std::string::npos);
            }
        }
    }
}

TEST_CASE("attn bench and train --format svg draw charts with axes, ticks and a legend", "[export]") {
    const auto b =
        run_attn({"bench", "--sizes", "64,128,256", "--repeats", "1", "--d", "8", "--format", "svg"});
    REQUIRE(b.exit_code == 0);
    REQUIRE(count_of(b.out, "class=\"series\"") == 3);  // full, local, streaming
    REQUIRE(b.out.find("n (tokens) (log)") != std::string::npos);
    REQUIRE(b.out.find("seconds (log)") != std::string::npos);
    REQUIRE(count_of(b.out, "class=\"tick\"") >= 4);
    const auto t = run_attn({"train", "--epochs", "20", "--format", "svg"});
    REQUIRE(t.exit_code == 0);
    REQUIRE(count_of(t.out, "class=\"chart\"") == 1);
    REQUIRE(count_of(t.out, "class=\"heatmap\"") >= 2);  // the probe before and after
}

TEST_CASE(
    "attn export run writes one file per stage and format, atomically, never over a file without --force",
    "[export]") {
    TempDir dir;
    const std::string out = dir / "figures";
    const auto r = run_attn({"export", "run", "-s", "I ate the apple", "--show", "scores,weights", "-o", out,
                             "--format", "svg,csv,html"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const std::set<std::string> expected = {"scores.svg", "weights.svg", "scores.csv", "weights.csv",
                                            "run.html"};
    REQUIRE(files_in(out) == expected);
    for (const char* name : {"scores.svg", "weights.svg", "run.html"})
        require_valid_xml((fs::path(out) / name).string());
    REQUIRE(read_file(fs::path(out) / "weights.csv").rfind("# stage: weights\n# shape: 4 x 4\n", 0) == 0);
    // stdout lists the files written.
    REQUIRE(count_of(r.out, "\n") == 5);

    // Again: refused, nothing touched.
    attn::test::write_file(fs::path(out) / "weights.svg", "mine");
    const auto again = run_attn(
        {"export", "run", "-s", "I ate the apple", "--show", "scores,weights", "-o", out, "--format", "svg"});
    REQUIRE(again.exit_code == 2);
    REQUIRE(again.err.find("already exists; add --force") != std::string::npos);
    REQUIRE(read_file(fs::path(out) / "weights.svg") == "mine");
    REQUIRE(files_in(out) == expected);  // no temporary file left behind

    const auto forced = run_attn({"export", "run", "-s", "I ate the apple", "--show", "weights", "-o", out,
                                  "--format", "svg", "--force"});
    REQUIRE(forced.exit_code == 0);
    REQUIRE(read_file(fs::path(out) / "weights.svg").rfind("<?xml", 0) == 0);
}

TEST_CASE("attn export writes nothing outside -o DIR, whatever a token is called", "[export]") {
    TempDir dir;
    const std::string x = dir / "x.csv";
    attn::test::write_file(x, "1,0\n0,1\n1,1\n");
    const std::string w = dir / "w.csv";
    attn::test::write_file(w, "1,0\n0,1\n");
    const std::string out = dir / "a/b/out";
    const auto r = run_attn({"export", "run", "--x", x, "--wq", w, "--wk", w, "--wv", w, "--labels",
                             "../../x ../y /etc/z", "--format", "svg,csv,json,md,text,html", "-o", out});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    // Only the two inputs and the output folder exist under the scratch folder.
    for (const auto& entry : fs::recursive_directory_iterator(dir.path)) {
        const std::string rel = fs::relative(entry.path(), dir.path).string();
        INFO(rel);
        REQUIRE(
            (rel == "x.csv" || rel == "w.csv" || rel == "a" || rel == "a/b" || rel.rfind("a/b/out", 0) == 0));
    }
    const std::string svg = read_file(fs::path(out) / "weights.svg");
    REQUIRE(labels_of(svg).first == std::vector<std::string>{"../../x", "../y", "/etc/z"});
    require_valid_xml((fs::path(out) / "weights.svg").string());
    // A lesson name cannot lead outside either.
    const auto bad = run_attn({"export", "lesson", "../../x", "-o", out});
    REQUIRE(bad.exit_code == 2);
}

TEST_CASE("attn export refuses what it cannot do, with exit 2", "[export]") {
    TempDir dir;
    REQUIRE(run_attn({"export", "-o", dir / "o"}).exit_code == 2);          // no command
    REQUIRE(run_attn({"export", "run"}).exit_code == 2);                    // no -o
    REQUIRE(run_attn({"export", "list", "-o", dir / "o"}).exit_code == 2);  // nothing to export
    REQUIRE(run_attn({"export", "run", "--format", "gif", "-o", dir / "o"}).exit_code == 2);
    const auto bad = run_attn({"export", "run", "-s", "I ate the zebra", "-o", dir / "o"});
    REQUIRE(bad.exit_code == 2);
    REQUIRE(bad.err.find("zebra") != std::string::npos);
    REQUIRE(bad.err.find("attn: error: attn: error") == std::string::npos);
    REQUIRE(!fs::exists(dir / "o"));  // nothing created for a command that failed
    attn::test::write_file(dir / "file", "x");
    REQUIRE(run_attn({"export", "run", "-o", dir / "file"}).exit_code == 2);
    REQUIRE(run_attn({"run", "--format", "pdf"}).exit_code == 2);
}

TEST_CASE("attn export lesson N --format html: one self-contained page with prose, heatmaps and tables",
          "[export]") {
    TempDir dir;
    const auto r = run_attn({"export", "lesson", "4", "--format", "html", "-o", dir / "site"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const std::string page_path = dir / "site/lesson-4.html";
    REQUIRE(fs::exists(page_path));
    require_valid_xml(page_path);
    const std::string page = read_file(page_path);
    REQUIRE(page.find("<script") == std::string::npos);
    REQUIRE(page.find("<link") == std::string::npos);
    // Namespaces only (and the Content-Security-Policy's http-equiv): nothing fetched.
    REQUIRE(count_of(page, "http") == count_of(page, "http://www.w3.org/") + count_of(page, "http-equiv"));
    REQUIRE(page.find("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';") !=
            std::string::npos);
    REQUIRE(count_of(page, "class=\"heatmap\"") >= 1);
    REQUIRE(page.find("<th scope=\"col\">") != std::string::npos);
    REQUIRE(page.find("<th scope=\"row\">") != std::string::npos);
    REQUIRE(page.find("prefers-color-scheme: dark") != std::string::npos);
    REQUIRE(page.find("<title>Lesson 4: ") != std::string::npos);
    REQUIRE(count_of(page, "<h1") == 1);  // the lesson's own title, not the page title again
    REQUIRE(page.find("/data/apple/vocab.toml") ==
            std::string::npos);  // data paths relative to the data folder
    REQUIRE(page.find("apple/vocab.toml") != std::string::npos);
}

TEST_CASE(
    "attn export lesson 8: its questions, each matrix drawn once with its numbers folded, workspace "
    "paths relative, heatmaps drawn larger than their natural size",
    "[export]") {
    TempDir dir;
    const std::string ws = dir / "ws";
    REQUIRE(run_attn({"workspace", "init", ws}).exit_code == 0);
    const auto r = run_attn({"export", "lesson", "8", "-o", dir / "site"}, {"ATTN_DATA_DIR=" + ws});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const std::string page_path = dir / "site/lesson-8.html";
    require_valid_xml(page_path);
    const std::string page = read_file(page_path);
    // Every question of the lesson, with the command that answers or checks it.
    for (const char* id : {"apple-food", "phone-apple-leans", "apple-phone-by-hand", "apple-leans-tech"})
        CHECK(page.find(std::string("[") + id + "]") != std::string::npos);
    CHECK(page.find("attn quiz 8 --question apple-food --answer VALUE") != std::string::npos);
    CHECK(page.find("attn quiz 8 --question apple-leans-tech --check") != std::string::npos);
    CHECK(page.find("q of 'apple' = [1.5, 0, 0]") != std::string::npos);  // a hand one's data
    // A matrix's table is folded under its heatmap, one of each per figure.
    CHECK(count_of(page, "<figure class=\"matrix\"") == count_of(page, "<details><summary>"));
    CHECK(count_of(page, "<figure class=\"matrix\"") == count_of(page, "<svg"));
    // The workspace is named relative to itself.
    CHECK(page.find(ws) == std::string::npos);
    CHECK(page.find("apple/vocab.toml") != std::string::npos);
    // The weights heatmap of "I ate the apple" is shown at 1.5 times the size it is drawn at.
    const size_t label = page.find("aria-label=\"weights (4 × 4)\"");
    REQUIRE(label != std::string::npos);
    const size_t svg = page.rfind("<svg", label);
    const std::string tag = page.substr(svg, page.find('>', svg) - svg);
    int width = 0, height = 0, vw = 0, vh = 0;
    REQUIRE(std::sscanf(
                tag.c_str(),
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\"",
                &width, &height, &vw, &vh) == 4);
    CHECK(std::abs(width - 1.5 * vw) <= 1);
    CHECK(std::abs(height - 1.5 * vh) <= 1);
}
