// The pictures in a real browser: Debian's chromium, headless, opens the exported HTML page and an
// SVG from file:// URLs. From the DOM it checks the heatmap's n x n cells and labels; from a screenshot
// that the picture is not blank and that the legend's colours are on screen.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <regex>

#include "build_paths.hpp"
#include "export_support.hpp"
#include "run_binary.hpp"

using attn::test::count_of;
using attn::test::read_file;
using attn::test::run_attn;
using attn::test::shell_quote;
using attn::test::TempDir;
namespace fs = std::filesystem;

namespace {

// Headless, sandbox off (tests may run as root), and nothing that talks to the network.
std::string chromium(const TempDir& dir, const std::string& what) {
    return "timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
           "--disable-background-networking --disable-component-update --disable-sync --disable-extensions "
           "--user-data-dir=" +
           shell_quote(dir / "profile") + " " + what + " 2> " + shell_quote(dir / "chromium.log");
}

std::string url(const std::string& path) { return "file://" + fs::absolute(path).string(); }

}  // namespace

TEST_CASE("chromium renders the lesson page: n x n heatmap cells with the tokens as labels", "[browser]") {
    REQUIRE(std::system("command -v chromium > /dev/null") == 0);  // ./setup installs it
    TempDir dir;
    const auto r = run_attn({"export", "run", "-s", "I ate the apple", "--show", "weights", "--format",
                             "html", "-o", dir / "page"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const std::string dom_path = dir / "dom.html";
    const int code = std::system((chromium(dir, "--dump-dom " + shell_quote(url(dir / "page/run.html"))) +
                                  " > " + shell_quote(dom_path))
                                     .c_str());
    INFO(read_file(dir / "chromium.log"));
    REQUIRE(code == 0);
    const std::string dom = read_file(dom_path);
    REQUIRE(count_of(dom, "class=\"cell\"") == 16);
    for (const char* token : {"I", "ate", "the", "apple"}) {
        REQUIRE(dom.find(std::string("class=\"row-label\"")) != std::string::npos);
        REQUIRE(
            std::regex_search(dom, std::regex(std::string("class=\"row-label\"[^>]*>") + token + "</text>")));
        REQUIRE(
            std::regex_search(dom, std::regex(std::string("class=\"col-label\"[^>]*>") + token + "</text>")));
        REQUIRE(std::regex_search(dom, std::regex(std::string("<th scope=\"row\">") + token + "</th>")));
    }
}

TEST_CASE("chromium screenshot of a heatmap: not blank, the legend's colours present", "[browser]") {
    REQUIRE(std::system("command -v chromium > /dev/null") == 0);
    TempDir dir;
    const auto r = run_attn({"export", "run", "-s", "I love my apple phone", "--show", "weights", "--format",
                             "svg", "-o", dir / "svg"});
    REQUIRE(r.exit_code == 0);
    const std::string png = dir / "shot.png";
    const int code = std::system(chromium(dir, "--window-size=640,480 --screenshot=" + shell_quote(png) +
                                                   " " + shell_quote(url(dir / "svg/weights.svg")))
                                     .c_str());
    INFO(read_file(dir / "chromium.log"));
    REQUIRE(code == 0);
    REQUIRE(fs::exists(png));
    // The ends of the viridis legend: #440154 (weight 0) and #fde725 (weight 1).
    const std::string facts_path = dir / "pixels.txt";
    REQUIRE(std::system(("python3 " + shell_quote(std::string(ATTN_SOURCE_DIR) + "/tests/png_pixels.py") +
                         " " + shell_quote(png) + " '#440154' '#fde725' > " + shell_quote(facts_path))
                            .c_str()) == 0);
    const std::string facts = read_file(facts_path);
    INFO(facts);
    std::smatch m;
    REQUIRE(std::regex_search(facts, m, std::regex("distinct (\\d+)")));
    REQUIRE(std::stoi(m[1]) > 50);  // text, cells and a gradient: far from a blank page
    REQUIRE(std::regex_search(facts, m, std::regex("nonwhite ([0-9.]+)")));
    REQUIRE(std::stod(m[1]) > 0.05);
    REQUIRE(std::regex_search(facts, m, std::regex("colour #440154 (\\d+)")));
    REQUIRE(std::stoi(m[1]) > 5);
    REQUIRE(std::regex_search(facts, m, std::regex("colour #fde725 (\\d+)")));
    REQUIRE(std::stoi(m[1]) > 5);
}

TEST_CASE("chromium applies the page's own styles under its Content-Security-Policy", "[browser]") {
    REQUIRE(std::system("command -v chromium > /dev/null") == 0);
    TempDir dir;
    const auto r = run_attn({"export", "run", "-s", "I ate the apple", "--show", "weights", "--format",
                             "html", "-o", dir / "page"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const std::string page = read_file(dir / "page/run.html");
    REQUIRE(page.find("Content-Security-Policy") != std::string::npos);
    // The console reports each directive the page breaks ("Applying inline style violates ...").
    const int code = std::system((chromium(dir, "--enable-logging=stderr --v=0 --dump-dom " +
                                                    shell_quote(url(dir / "page/run.html"))) +
                                  " > /dev/null")
                                     .c_str());
    const std::string log = read_file(dir / "chromium.log");
    INFO(log);
    REQUIRE(code == 0);
    CHECK(log.find("Content Security Policy") == std::string::npos);
}
