// The writers of a report::Report: colours, text wrapping, relative paths, ASCII, JSON, SVG, HTML,
// and the safe file names of attn export.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cli/export_files.hpp"
#include "render/fit.hpp"
#include "render/report_writers.hpp"
#include "render/svg.hpp"
#include "report/report.hpp"

using namespace attn;

namespace {

report::Report sample_report() {
    report::Report r{"attn test", "/home/learner/attn/data", {}};
    r.heading("The apple example");
    r.facts("inputs",
            report::Facts{
                "",
                {{"inputs", "sentence \"I ate the apple\" with /home/learner/attn/data/apple/vocab.toml"},
                 {"numbers",
                  "v_a = (-0.99912, -0.05034, -0.39911, -0.37402, -0.89512, 0.12345, 0.67890, "
                  "-0.11111, 0.22222, -0.33333)"}}});
    report::LabelledMatrix w{"weights",
                             "rows = queries, columns = keys",
                             arma::mat{{0.9, 0.1}, {0.0, 1.0}},
                             {"I", "apple"},
                             {"I", "apple"},
                             report::Shading::unit};
    w.keep = arma::umat{{1, 1}, {0, 1}};
    r.matrix("weights", w);
    r.table("shift", report::Table{"shift",
                                   {"dimension", "change"},
                                   {{std::string("food"), -0.25}, {std::string("tech"), 0.5}}});
    r.chart("loss", report::Chart{
                        "loss", "epoch", "loss", false, true, {{"train", {{0, 1.0}, {1, 0.5}, {2, 0.25}}}}});
    r.paragraph(
        "A paragraph with `code` and a very long sentence that must be wrapped at the width of the terminal, "
        "at spaces only.");
    return r;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    size_t start = 0;
    while (start < text.size()) {
        const size_t end = std::min(text.find('\n', start), text.size());
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

}  // namespace

TEST_CASE("colour maps: viridis ends and the diverging map's white centre", "[report]") {
    REQUIRE(render::viridis(0) == "#440154");
    REQUIRE(render::viridis(1) == "#fde725");
    REQUIRE(render::viridis(-3) == "#440154");  // clamped
    REQUIRE(render::diverging(0) == "#f7f7f7");
    REQUIRE(render::diverging(-1) == "#053061");
    REQUIRE(render::diverging(1) == "#67001f");
}

TEST_CASE("xml_escape escapes markup in labels", "[report]") {
    REQUIRE(render::xml_escape("<a & \"b\" 'c'>") == "&lt;a &amp; &quot;b&quot; &#39;c&#39;&gt;");
}

TEST_CASE("the text writer wraps at spaces to the width, keeps numbers whole, shows data paths relative",
          "[report]") {
    for (int width : {40, 60, 80}) {
        render::Style style;
        style.width = width;
        style.unicode = false;
        const std::string text = render::report_text(sample_report(), style);
        for (const std::string& line : lines_of(text)) {
            INFO(width << ": '" << line << "'");
            REQUIRE(line.size() <= static_cast<size_t>(width));
        }
        for (const char* number :
             {"-0.99912,", "-0.05034,", "-0.39911,", "-0.37402,", "-0.89512,", "0.67890,", "-0.33333)"})
            REQUIRE(text.find(number) != std::string::npos);
        REQUIRE(text.find("apple/vocab.toml") != std::string::npos);
        REQUIRE(text.find("/home/learner") == std::string::npos);
        for (unsigned char c : text) REQUIRE(c < 0x80);
    }
}

TEST_CASE("the text writer lines facts up, right-aligns number columns, one blank line between blocks",
          "[report]") {
    report::Report r{"attn test", "", {}};
    r.facts("inputs", report::Facts{"",
                                    {{"inputs", "one two three four five six seven eight nine ten eleven"},
                                     {"weights", "preset"}}});
    r.paragraph("A paragraph.");
    r.table("t",
            report::Table{"", {"word", "value"}, {{std::string("a"), 1.5}, {std::string("bb"), -12.25}}});
    render::Style style;
    style.width = 40;
    style.precision = 2;
    REQUIRE(render::report_text(r, style) ==
            "inputs:  one two three four five six\n"
            "         seven eight nine ten eleven\n"
            "weights: preset\n"
            "\n"
            "A paragraph.\n"
            "\n"
            "word   value\n"
            "a       1.50\n"
            "bb    -12.25\n");
}

TEST_CASE("the JSON writer keeps every block, exact numbers and the mask", "[report]") {
    const nlohmann::json doc = nlohmann::json::parse(render::report_json(sample_report()));
    REQUIRE(doc["title"] == "attn test");
    REQUIRE(doc["blocks"].size() == 6);
    const auto& m = doc["blocks"][2];
    REQUIRE(m["kind"] == "matrix");
    REQUIRE(m["name"] == "weights");
    REQUIRE(m["shading"] == "weights");
    REQUIRE(m["values"][0][0].get<double>() == 0.9);
    REQUIRE(m["keep"][1][0] == 0);
    REQUIRE(doc["blocks"][4]["series"][0]["points"][2][1].get<double>() == 0.25);
}

TEST_CASE("the CSV writer: matrix blocks as documented, tables and charts after", "[report]") {
    const std::string csv = render::report_csv(sample_report());
    REQUIRE(
        csv.rfind("# stage: weights\n# shape: 2 x 2\n# rows: I apple\n# columns: I apple\n0.9,0.1\n0,1\n\n",
                  0) == 0);
    REQUIRE(csv.find("# table: shift\ndimension,change\nfood,-0.25\ntech,0.5\n") != std::string::npos);
    REQUIRE(csv.find("# chart: loss\nseries,epoch,loss\ntrain,0,1\n") != std::string::npos);
}

TEST_CASE("the SVG heatmap: one cell per value, blocked cells hatched, values only where they fit",
          "[report]") {
    report::LabelledMatrix small{"weights",  "",         arma::mat{{0.25, 0.75}, {1.0, 0.0}},
                                 {"a", "b"}, {"a", "b"}, report::Shading::unit};
    small.keep = arma::umat{{1, 1}, {1, 0}};
    const std::string svg = render::svg_heatmap(small, render::SvgOptions{});
    REQUIRE(svg.find("<rect class=\"cell\" data-row=\"1\" data-col=\"1\"") != std::string::npos);
    size_t cells = 0;
    for (size_t at = svg.find("class=\"cell\""); at != std::string::npos;
         at = svg.find("class=\"cell\"", at + 1))
        ++cells;
    REQUIRE(cells == 4);
    REQUIRE(svg.find("fill=\"url(#m0-blocked)\"><title>b \u2192 b: masked") != std::string::npos);
    REQUIRE(svg.find(">0.25</text>") != std::string::npos);
    REQUIRE(svg.find("fill=\"#fde725\"") != std::string::npos);  // weight 1 at the bright end of viridis
    report::LabelledMatrix big{"scores", "", arma::mat(40, 40, arma::fill::randn),
                               {},       {}, report::Shading::diverging};
    const std::string large = render::svg_heatmap(big, render::SvgOptions{});
    REQUIRE(large.find("class=\"value\"") == std::string::npos);  // 40 columns: no room for numbers
}

TEST_CASE("the HTML page: tables with th scope, no script, both colour schemes", "[report]") {
    const std::string html = render::report_html(sample_report(), render::Style{});
    REQUIRE(html.rfind("<!DOCTYPE html>", 0) == 0);
    REQUIRE(html.find("<th scope=\"col\">apple</th>") != std::string::npos);
    REQUIRE(html.find("<th scope=\"row\">I</th>") != std::string::npos);
    REQUIRE(html.find("<td>masked</td>") != std::string::npos);
    REQUIRE(html.find("<script") == std::string::npos);
    REQUIRE(html.find("@media (prefers-color-scheme: dark)") != std::string::npos);
    REQUIRE(html.find("<code>code</code>") != std::string::npos);  // the Markdown became HTML
}

TEST_CASE("safe file names never leave the folder", "[report]") {
    REQUIRE(cli::safe_file_name("../../x") == "_.._.._x");
    REQUIRE(cli::safe_file_name("/etc/passwd") == "_etc_passwd");
    REQUIRE(cli::safe_file_name("heads.1.weights") == "heads.1.weights");
    REQUIRE(cli::safe_file_name(".hidden") == "_.hidden");
    REQUIRE(cli::safe_file_name("") == "_");
    REQUIRE(cli::safe_file_name("..") == "_..");
}

TEST_CASE("fit_lines wraps only lines that are too wide, at spaces, keeping numbers whole", "[report]") {
    const std::string wide = "   v_a = (-0.99912, -0.05034, -0.39911, -0.37402, -0.89512)";
    const std::string fitted = render::fit_lines(wide + "\nshort   aligned\n", 30);
    const std::vector<std::string> lines = lines_of(fitted);
    REQUIRE(lines.size() == 4);
    for (const std::string& line : lines) REQUIRE(line.size() <= 30);
    REQUIRE(lines[0] == "   v_a = (-0.99912, -0.05034,");
    REQUIRE(lines[1] == "     -0.39911, -0.37402,");
    REQUIRE(lines[2] == "     -0.89512)");
    REQUIRE(lines[3] == "short   aligned");  // a line that fits keeps its spacing
    REQUIRE(fitted.back() == '\n');
    REQUIRE(render::fit_lines("/a/very/long/path/that/cannot/break", 20) ==
            "/a/very/long/path/that/cannot/break");
}

TEST_CASE("fit_command breaks a command only outside quotes, each row ending in a shell continuation",
          "[report]") {
    const std::string line =
        "Resume with: attn --lessons /srv/a/course --data /srv/a/data run -s \"I ate the apple\"";
    REQUIRE(render::fit_command(line, 100) == line);
    const std::string fitted = render::fit_command(line, 40);
    CHECK(fitted ==
          "Resume with: attn --lessons \\\n"
          "    /srv/a/course --data /srv/a/data \\\n"
          "    run -s \"I ate the apple\"");
    for (const std::string& row : lines_of(fitted)) CHECK(row.size() <= 40);
}

TEST_CASE("fit_lines breaks a comma list wider than the line after its commas", "[report]") {
    const std::string list = "    x,q,k,v,q_rot,k_rot,scores,scaled,bias,biased,masked,weights,concat,output";
    const std::vector<std::string> lines = lines_of(render::fit_lines(list, 40));
    REQUIRE(lines.size() == 3);
    REQUIRE(lines[0] == "    x,q,k,v,q_rot,k_rot,scores,scaled,");
    REQUIRE(lines[1] == "      bias,biased,masked,weights,concat,");
    REQUIRE(lines[2] == "      output");
}

TEST_CASE("an SVG chart keeps overlapping series apart: width, dash and marker shape per series",
          "[report][chart]") {
    report::Chart chart{
        "t",  "n",
        "s",  true,
        true, {{"full", {{256.0, 1e-3}, {512.0, 4e-3}}}, {"streaming", {{256.0, 1e-3}, {512.0, 4e-3}}}}};
    const std::string svg = render::svg_chart(chart, render::SvgOptions{});
    // The first series wide and solid under the second, thinner and dashed, so both stay visible.
    CHECK(svg.find("data-name=\"full\" stroke=\"#0072b2\" fill=\"#0072b2\"><polyline") != std::string::npos);
    CHECK(svg.find("stroke-width=\"4.5\" stroke-dasharray=\"none\"") != std::string::npos);
    CHECK(svg.find("stroke-width=\"2.5\" stroke-dasharray=\"7 4\"") != std::string::npos);
    // Marks as in the text chart: a filled circle for the first series, a hollow one for the second.
    CHECK(svg.find("<circle cx=") != std::string::npos);
    CHECK(svg.find("fill=\"white\"/>") != std::string::npos);
}
