// Reading and comparing a learner's answers: numbers as numbers, fractions, any locale, labels, choices.
#include <clocale>

#include "check_matrices.hpp"
#include "course/answer_check.hpp"
#include "course/hand_calculation.hpp"

using attn::course::labels_match;
using attn::course::numbers_match;
using attn::course::parse_number;
using attn::course::pick_choice;

TEST_CASE("numbers are read as a learner types them", "[quiz][answer]") {
    CHECK(*parse_number("0.25") == 0.25);
    CHECK(*parse_number("  -3 ") == -3);
    CHECK(*parse_number("+1.5") == 1.5);
    CHECK(*parse_number(".5") == 0.5);
    CHECK(*parse_number("2e-3") == 0.002);
    CHECK(*parse_number("1/4") == 0.25);
    CHECK(*parse_number("-3/8") == -0.375);
    CHECK(*parse_number(" 3 / 4 ") == 0.75);
    CHECK(*parse_number("0,25") == 0.25);  // a decimal comma
    CHECK(*parse_number("25%") == 0.25);
    for (const char* bad :
         {"", "abc", "1/0", "nan", "inf", "1e999", "1.2.3", "1,000.5", "0x10", "1/2/3", "--1", "3 4"}) {
        INFO(bad);
        CHECK_FALSE(parse_number(bad));
    }
}

TEST_CASE("reading numbers does not depend on the locale", "[quiz][answer]") {
    // de_DE writes 0,25; if the machine has such a locale, a C library call would read "0.25" as 0.
    const char* previous = std::setlocale(LC_NUMERIC, nullptr);
    const std::string saved = previous ? previous : "C";
    for (const char* name : {"de_DE.UTF-8", "fr_FR.UTF-8", "C"}) {
        if (!std::setlocale(LC_NUMERIC, name)) continue;
        INFO(name);
        CHECK(*parse_number("0.25") == 0.25);
        CHECK(*parse_number("1/8") == 0.125);
        CHECK(attn::course::short_value(0.125) == "0.125");
    }
    std::setlocale(LC_NUMERIC, saved.c_str());
}

TEST_CASE("numbers match within the tolerance, inclusive", "[quiz][answer]") {
    CHECK(numbers_match(0.23, 0.2345, 0.005));
    CHECK(numbers_match(0.2395, 0.2345, 0.005));  // exactly on the edge, despite binary rounding
    CHECK_FALSE(numbers_match(0.24, 0.2345, 0.005));
    CHECK(numbers_match(3.225, 3.225, 0));
    CHECK_FALSE(numbers_match(3.2251, 3.225, 0));
    CHECK(numbers_match(-INFINITY, -INFINITY, 0.01));
    CHECK_FALSE(numbers_match(-1e9, -INFINITY, 0.01));
}

TEST_CASE("labels ignore case and spaces - choices by text, letter or number", "[quiz][answer]") {
    CHECK(labels_match(" Apple ", "apple"));
    CHECK_FALSE(labels_match("apples", "apple"));
    const std::vector<std::string> choices{"ate", "the", "apple"};
    CHECK(*pick_choice("THE", choices) == 1);
    CHECK(*pick_choice("c", choices) == 2);
    CHECK(*pick_choice("C", choices) == 2);
    CHECK(*pick_choice("1", choices) == 0);
    CHECK_FALSE(pick_choice("4", choices));
    CHECK_FALSE(pick_choice("d", choices));
    CHECK_FALSE(pick_choice("phone", choices));
    // The answer as attn writes it ("b) the", fuzz_answers' first finding): letter and text must agree.
    CHECK(*pick_choice("b) the", choices) == 1);
    CHECK(*pick_choice("C)", choices) == 2);
    CHECK_FALSE(pick_choice("b) apple", choices));
    CHECK(attn::course::split_entries(" 1.5; 0 ;0\t3.2 ") ==
          std::vector<std::string>{"1.5", "0", "0", "3.2"});
}
