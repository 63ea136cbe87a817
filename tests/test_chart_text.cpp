// The text chart: markers where the data says, ticks and labels, legend, width and ASCII promises.
#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "render/chart_text.hpp"
#include "render/matrix_text.hpp"

namespace r = attn::render;
using attn::report::Chart;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

// A log–log chart of time ∝ n² and time ∝ n, as the bench draws it.
Chart quadratic_and_linear() {
    Chart chart{"time per method", "n (tokens)", "seconds", true, true, {}};
    std::vector<std::pair<double, double>> square, line;
    for (double n = 256; n <= 4096; n *= 2) {
        square.emplace_back(n, 1e-9 * n * n);
        line.emplace_back(n, 1e-7 * n);
    }
    chart.series = {{"full", square}, {"local", line}};
    return chart;
}

// Index of the plot row holding `marker`, counted from the top line of the output.
std::vector<size_t> rows_with(const std::vector<std::string>& lines, const std::string& marker) {
    std::vector<size_t> rows;
    for (size_t i = 0; i < lines.size(); ++i)
        if (lines[i].find(marker) != std::string::npos && lines[i].rfind("legend", 0) != 0) rows.push_back(i);
    return rows;
}

}  // namespace

TEST_CASE("an ASCII chart uses only ASCII bytes", "[chart]") {
    r::Style style;
    style.unicode = false;
    const std::string text = r::render_chart(quadratic_and_linear(), style);
    for (unsigned char c : text) REQUIRE(c < 128);
    CHECK(text.find("*") != std::string::npos);
    CHECK(text.find("o") != std::string::npos);
}

TEST_CASE("a unicode chart marks series with round glyphs and draws box axes", "[chart]") {
    const std::string text = r::render_chart(quadratic_and_linear(), r::Style{});
    CHECK(text.find("●") != std::string::npos);
    CHECK(text.find("○") != std::string::npos);
    CHECK(text.find("└") != std::string::npos);
}

TEST_CASE("every chart line fits the width", "[chart]") {
    for (int width : {40, 57, 80, 133}) {
        for (bool unicode : {true, false}) {
            r::Style style;
            style.width = width;
            style.unicode = unicode;
            for (const auto& line : lines_of(r::render_chart(quadratic_and_linear(), style))) {
                INFO("width " << width << ": " << line);
                CHECK(r::display_width(line) <= static_cast<size_t>(width));
            }
        }
    }
}

TEST_CASE("title, axis labels with their log scale, tick values and legend are shown", "[chart]") {
    r::Style style;
    style.unicode = false;
    const std::string text = r::render_chart(quadratic_and_linear(), style);
    CHECK(text.rfind("time per method\n", 0) == 0);
    CHECK(text.find("seconds (log scale)") != std::string::npos);
    CHECK(text.find("n (tokens) (log scale)") != std::string::npos);
    CHECK(text.find("legend:  * full  o local") != std::string::npos);
    // x spans 256..4096: less than two decades, so 1-2-5 ticks; y spans 6.6e-5..0.0168 s.
    CHECK(text.find("1000") != std::string::npos);
    CHECK(text.find("2000") != std::string::npos);
    CHECK(text.find("1e-4") != std::string::npos);
    CHECK(text.find("0.001") != std::string::npos);
    CHECK(text.find("0.01") != std::string::npos);
}

TEST_CASE("the smallest point sits on the bottom row and the largest on the top row", "[chart]") {
    r::Style style;
    style.unicode = false;
    Chart chart{"", "x", "y", false, false, {{"line", {{0.0, 0.0}, {5.0, 5.0}, {10.0, 10.0}}}}};
    const auto lines = lines_of(r::render_chart(chart, style));
    const auto rows = rows_with(lines, "*");
    REQUIRE(rows.size() == 3);
    // Line 0 is the y label; 12 plot rows follow.
    CHECK(rows.front() == 1);
    CHECK(rows.back() == 12);
    CHECK(lines[1].find("10 +") == 0);
    CHECK(lines[12].find(" 0 +*") == 0);
    CHECK(lines[1].back() == '*');
}

TEST_CASE("a quadratic on log-log axes rises steadily from bottom to top", "[chart]") {
    r::Style style;
    style.unicode = false;
    Chart chart = quadratic_and_linear();
    chart.series.resize(1);
    const auto lines = lines_of(r::render_chart(chart, style));
    const auto rows = rows_with(lines, "*");
    REQUIRE(rows.size() == 5);
    // Line 0 is the title, line 1 the y label; 12 plot rows follow.
    CHECK(rows.front() == 2);
    CHECK(rows.back() == 13);
    // Equal steps in log n give equal steps in log n², so the rows are evenly spaced (within rounding).
    for (size_t i = 1; i < rows.size(); ++i)
        CHECK((rows[i] - rows[i - 1] == 2 || rows[i] - rows[i - 1] == 3));
}

TEST_CASE("points that cannot be drawn are skipped, and a chart with none says so", "[chart]") {
    r::Style style;
    style.unicode = false;
    Chart chart{"empty", "n", "s", true, true, {{"bad", {{-1.0, 2.0}, {4.0, 0.0}, {std::nan(""), 1.0}}}}};
    CHECK(r::render_chart(chart, style) == "empty\n(no points to draw)\n");
    chart.series[0].second.emplace_back(8.0, 3.0);
    const std::string one = r::render_chart(chart, style);
    CHECK(rows_with(lines_of(one), "*").size() == 1);
}

TEST_CASE("tick values are round numbers", "[chart][ticks]") {
    CHECK(r::chart_ticks(1e-4, 0.1, true) == std::vector<double>{1e-4, 1e-3, 1e-2, 1e-1});
    CHECK(r::chart_ticks(0.0, 10.0, false) == std::vector<double>{0.0, 2.0, 4.0, 6.0, 8.0, 10.0});
    CHECK(r::chart_ticks(256.0, 4096.0, true) == std::vector<double>{500.0, 1000.0, 2000.0});
    // Only one round value inside the range: the two ends are shown instead.
    CHECK(r::chart_ticks(300.0, 900.0, true) == std::vector<double>{300.0, 900.0});
}

TEST_CASE("a chart draws exactly this for two points", "[chart]") {
    r::Style style;
    style.unicode = false;
    style.width = 40;
    Chart chart{"t", "n", "s", false, false, {{"a", {{0.0, 0.0}, {10.0, 10.0}}}}};
    const auto lines = lines_of(r::render_chart(chart, style));
    REQUIRE(lines.size() == 19);
    CHECK(lines[1] == "   s");
    CHECK(lines[2] == "10 +                                  .*");
    CHECK(lines[13] == " 0 +*.");
    CHECK(lines[14] == "   ++------+------+------+------+------+");
    CHECK(lines[15] == "    0      2      4      6      8     10");
    CHECK(lines[17] == "legend:  * a");
    CHECK(lines[18] == "  . line between measured points");  // the dots are explained too
}

TEST_CASE("series on the same point show a shared marker the legend names - none hides another", "[chart]") {
    r::Style style;
    style.unicode = true;
    style.width = 60;
    // full and streaming at the same times; local apart.
    Chart chart{"t",
                "n",
                "s",
                true,
                true,
                {{"full", {{256.0, 1e-3}, {512.0, 4e-3}}},
                 {"local", {{256.0, 1e-4}, {512.0, 2e-4}}},
                 {"streaming", {{256.0, 1e-3}, {512.0, 4e-3}}}}};
    const std::string out = r::render_chart(chart, style);
    const std::string plot = out.substr(0, out.find("legend:"));
    CHECK(plot.find("●") == std::string::npos);  // full's marker is never drawn alone...
    CHECK(plot.find("■") == std::string::npos);
    CHECK(plot.find("◉") != std::string::npos);  // ...but as the shared one
    CHECK(plot.find("○") != std::string::npos);
    CHECK(out.find("◉ full and streaming on the same point") != std::string::npos);
    for (const auto& line : lines_of(out)) CHECK(r::display_width(line) <= 60);
    style.unicode = false;
    const std::string ascii = r::render_chart(chart, style);
    CHECK(ascii.find("& full and streaming on the same point") != std::string::npos);
    // Apart, no shared marker and no note.
    chart.series[2].second = {{256.0, 3e-3}, {512.0, 2e-2}};
    CHECK(r::render_chart(chart, style).find("same point") == std::string::npos);
}

TEST_CASE("tick labels are short", "[chart][ticks]") {
    CHECK(r::compact_number(1000.0) == "1000");
    CHECK(r::compact_number(0.25) == "0.25");
    CHECK(r::compact_number(0.0) == "0");
    CHECK(r::compact_number(1e6) == "1e6");
    CHECK(r::compact_number(2.5e-5) == "2.5e-5");
    CHECK(r::compact_number(-20.0) == "-20");
}
