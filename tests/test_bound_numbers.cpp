// attn check --strict's detector: literal decimals of lesson prose that a lesson's commands print.
#include <catch2/catch.hpp>

#include "course/bound_numbers.hpp"

using attn::course::bound_literals;
using attn::course::printed_numbers;

TEST_CASE("printed numbers are the decimals of a command's text, minus signs included", "[course][strict]") {
    const std::vector<double> n = printed_numbers(
        "apple  \xe2\x88\x92"
        "0.3000  3.2250 -1.5 v1.2.3 x2.5 12 0.25.");
    REQUIRE(n.size() == 4);
    CHECK(n[0] == -0.3);
    CHECK(n[1] == 3.225);
    CHECK(n[2] == -1.5);
    CHECK(n[3] == 0.25);
}

TEST_CASE("a literal of the prose is bound when it rounds from a printed number", "[course][strict]") {
    const std::vector<double> printed = {3.2250, -0.3, 0.4464, 1.8620};
    const std::string prose =
        "Apple scores ate 3.225 and I \xe2\x88\x92"
        "0.3,\n"                                                            // line 7: both bound
        "not 3.24 nor 0.47 but 0.4464; live `=run | x | 3` and `3.225`,\n"  // line 8: 0.4464 bound
        "```\n3.225 in code\n```\n"                                         // lines 9-11: code
        "a constant `=const 1.862`, a version 1.8620.1, and 1.86.\n";       // line 12: 1.86 bound
    const auto bound = bound_literals(prose, 7, printed);
    REQUIRE(bound.size() == 4);
    CHECK((bound[0].line == 7 && bound[0].literal == "3.225"));
    CHECK((bound[1].line == 7 && bound[1].literal == "-0.3"));
    CHECK((bound[2].line == 8 && bound[2].literal == "0.4464"));
    CHECK((bound[3].line == 12 && bound[3].literal == "1.86"));
}

TEST_CASE("a text that ends in digits or a point is read to its end and no further", "[course][strict]") {
    // The reader once looked one character past the end after trailing digits (ASan: heap overflow).
    CHECK(printed_numbers("12").empty());
    CHECK(printed_numbers("n = 4096").empty());
    CHECK(printed_numbers("7.").empty());
    const std::vector<double> n = printed_numbers("costs 2.5");
    REQUIRE(n.size() == 1);
    CHECK(n[0] == 2.5);
    const std::vector<double> m = printed_numbers("-0.75.");
    REQUIRE(m.size() == 1);
    CHECK(m[0] == -0.75);
}
