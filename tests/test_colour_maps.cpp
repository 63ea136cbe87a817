// render/style's one colour table: the terminal's 256 colours and the SVG's hex colours come from the
// same stops, so that a positive value is red and a negative one blue in every format.
#include <catch2/catch.hpp>
#include <cmath>
#include <regex>

#include "render/matrix_text.hpp"
#include "render/style.hpp"
#include "render/svg.hpp"

namespace render = attn::render;

namespace {

// Hue in degrees [0, 360): 0 red, 120 green, 240 blue.
double hue_of(const render::Rgb& c) {
    const double hi = std::max({c.r, c.g, c.b}), lo = std::min({c.r, c.g, c.b});
    REQUIRE(hi - lo > 0.05);  // a colour with a hue, not a grey
    double h = hi == c.r   ? std::fmod((c.g - c.b) / (hi - lo), 6.0)
               : hi == c.g ? (c.b - c.r) / (hi - lo) + 2
                           : (c.r - c.g) / (hi - lo) + 4;
    h *= 60;
    return h < 0 ? h + 360 : h;
}

double hue_distance(double a, double b) {
    const double d = std::fabs(a - b);
    return std::min(d, 360 - d);
}

// The 256-colour background of the first cell painted in a coloured text matrix whose cells are `value`.
int terminal_background(double value, attn::report::Shading shading) {
    attn::report::LabelledMatrix m{"m", "", arma::mat(1, 1, arma::fill::value(value)), {"a"}, {"b"}, shading};
    render::Style style;
    style.color = true;
    const std::string text = render::render_matrix(m, style);
    std::smatch match;
    const std::string cell = text.substr(text.find("\na "));  // the row, past the legend's swatches
    REQUIRE(std::regex_search(cell, match, std::regex("48;5;([0-9]+)m")));
    return std::stoi(match[1]);
}

}  // namespace

TEST_CASE("a positive value is red and a negative one blue in the terminal and in SVG alike", "[colour]") {
    using attn::report::Shading;
    const double red = hue_of(render::rgb_of_hex(render::diverging(1.0)));
    const double blue = hue_of(render::rgb_of_hex(render::diverging(-1.0)));
    CHECK(hue_distance(red, 0) < 20);
    CHECK(hue_distance(blue, 225) < 30);
    const int positive = terminal_background(2.5, Shading::diverging);
    const int negative = terminal_background(-2.5, Shading::diverging);
    CHECK(hue_distance(hue_of(render::rgb_of_ansi256(positive)), red) < 20);
    CHECK(hue_distance(hue_of(render::rgb_of_ansi256(negative)), blue) < 20);
    CHECK(positive == render::ansi256_of(render::rgb_of_hex(render::diverging(1.0))));
}

TEST_CASE("weights use viridis in the terminal as in SVG", "[colour]") {
    using attn::report::Shading;
    CHECK(terminal_background(1.0, Shading::unit) ==
          render::ansi256_of(render::rgb_of_hex(render::viridis(1.0))));
    CHECK(terminal_background(0.0, Shading::unit) ==
          render::ansi256_of(render::rgb_of_hex(render::viridis(0.0))));
    CHECK(render::viridis(0.0) == render::colour_map_traits(render::ColourMap::sequential).stops.front());
}

TEST_CASE("the xterm 256-colour conversion finds exact cube and grey colours", "[colour]") {
    CHECK(render::ansi256_of({1, 0, 0}) == 196);
    CHECK(render::ansi256_of({0, 0, 0}) == 16);
    CHECK(render::ansi256_of({95 / 255.0, 135 / 255.0, 175 / 255.0}) == 67);
    CHECK(render::ansi256_of({8 / 255.0, 8 / 255.0, 8 / 255.0}) == 232);
    CHECK(render::hex_of(render::rgb_of_ansi256(231)) == "#ffffff");
    CHECK(render::hex_of(render::colour_at(render::ColourMap::categorical, 7)) == "#0072b2");  // wraps
}

TEST_CASE("a coloured matrix carries its colour legend - a plain one its glyph legend", "[colour]") {
    attn::report::LabelledMatrix m{"m",   "",         arma::mat{{-2.0, 1.0}},
                                   {"a"}, {"b", "c"}, attn::report::Shading::diverging};
    render::Style style;
    style.color = true;
    CHECK_THAT(render::render_matrix(m, style),
               Catch::Contains("colour: -2.00") && Catch::Contains("2.00 (blue < 0 < red)"));
    style.color = false;
    CHECK_THAT(render::render_matrix(m, style), !Catch::Contains("colour:") && Catch::Contains("shading:"));
}
