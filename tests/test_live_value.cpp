// Live values: the lesson engine selects the numbers prose quotes from a command's JSON.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "build_paths.hpp"
#include "cli/context.hpp"
#include "cli/lesson_player.hpp"
#include "course/live_value.hpp"
#include "inputs/input_error.hpp"

using attn::course::format_live_value;
using attn::course::InputError;
using attn::course::LiveEvaluator;
using attn::course::LiveValue;
using attn::course::parse_live_ref;
using attn::course::select_live_value;

namespace {

// The shape of `attn run -s "I ate the apple" --format json`, with its apple row of weights (the
// same numbers lesson 7 quotes, tests/test_lesson_numbers.cpp).
const nlohmann::json kRun = nlohmann::json::parse(R"({
  "tokens": ["I", "ate", "the", "apple"],
  "key_tokens": ["I", "ate", "the", "apple"],
  "dimensions": ["food", "tech", "person", "action"],
  "n_heads": 1,
  "stages": {
    "weights": [[0.25, 0.25, 0.25, 0.25], [0.1, 0.6, 0.1, 0.2], [0.25, 0.25, 0.25, 0.25],
                [0.0583, 0.4464, 0.0292, 0.4661]],
    "scores": [[0, null, null, null], [1, 2, null, null], [0, 0, 0, null], [-1.5, 0.62, -2.2, 0.66]],
    "output": [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0.87, 0.47, 0.1, 0.2]]
  },
  "heads": [{"weights": [[1]]}, {"weights": [[0.5, 0.5], [0.3, 0.7]]}]
})");

double number(const std::string& path) {
    const LiveValue v = select_live_value(kRun, path);
    REQUIRE(v.is_number);
    return v.number;
}

std::string label(const std::string& path) {
    const LiveValue v = select_live_value(kRun, path);
    REQUIRE_FALSE(v.is_number);
    return v.label;
}

}  // namespace

TEST_CASE("a live reference is COMMAND | PATH [| DECIMALS]", "[course][live]") {
    const auto ref = parse_live_ref("run -s \"I ate | the apple\" | stages.weights[apple][ate] | 3");
    CHECK(ref.command == "run -s \"I ate | the apple\"");
    CHECK(ref.path == "stages.weights[apple][ate]");
    REQUIRE(ref.decimals);
    CHECK(*ref.decimals == 3);
    CHECK_FALSE(parse_live_ref("run | n_heads").decimals);
    REQUIRE_THROWS_WITH(parse_live_ref("run"), Catch::Contains("COMMAND | PATH"));
    REQUIRE_THROWS_WITH(parse_live_ref("run | a | b | c"), Catch::Contains("COMMAND | PATH"));
    REQUIRE_THROWS_WITH(parse_live_ref("run | a | x"), Catch::Contains("decimals") && Catch::Contains("'x'"));
}

TEST_CASE("paths select cells by token label, case-insensitive, or by index", "[course][live]") {
    CHECK(number("stages.weights[apple][ate]") == 0.4464);
    CHECK(number("stages.weights[Apple][ATE]") == 0.4464);
    CHECK(number("stages.weights[3][1]") == 0.4464);
    CHECK(number("stages.weights[apple][3]") == 0.4661);
    // The columns of an output are the model's dimensions: 'food' is in no token list, so the
    // dimensions (as long as the row) answer.
    CHECK(number("stages.output[apple][food]") == 0.87);
    CHECK(number("heads[1].weights[1][1]") == 0.7);
    CHECK(label("tokens[1]") == "ate");
    CHECK(number("n_heads") == 1);
    CHECK(format_live_value(select_live_value(kRun, "n_heads"), std::nullopt) == "1");
}

TEST_CASE("reductions: argmax and argmin name the label, sum max min give numbers", "[course][live]") {
    CHECK(label("stages.weights[apple].argmax") == "apple");
    CHECK(label("stages.weights[apple].argmin") == "the");
    CHECK(number("stages.weights[apple].sum") == Approx(1.0).epsilon(1e-12));
    CHECK(number("stages.weights[apple].max") == 0.4661);
    CHECK(number("stages.weights[apple].min") == 0.0292);
    // A masked score (null) is −∞: never the argmax, and printed as -inf.
    CHECK(label("stages.scores[ate].argmax") == "ate");
    CHECK(format_live_value(select_live_value(kRun, "stages.scores[I][ate]"), 2) == "-inf");
    // An array without a list of its length answers with the index.
    CHECK(label("heads[1].weights[1].argmax") == "1");
}

TEST_CASE(".count is the length of any array, a whole number", "[course][live]") {
    CHECK(number("dimensions.count") == 4);  // labels, not numbers: d_model
    CHECK(number("stages.weights[apple].count") == 4);
    CHECK(number("heads.count") == 2);
    CHECK(number("heads[1].weights.count") == 2);
    CHECK(format_live_value(select_live_value(kRun, "tokens.count"), std::nullopt) == "4");
}

TEST_CASE("a reduction over a list of labels compares only those elements", "[course][live]") {
    // apple's output: food 0.87, tech 0.47, person 0.1, action 0.2
    CHECK(label("stages.output[apple][tech,action].argmax") == "tech");
    CHECK(label("stages.output[apple][ action , person ].argmin") == "person");
    CHECK(label("stages.weights[apple][I,the].argmax") == "I");
    CHECK(number("stages.weights[apple][ate,apple].sum") == Approx(0.4464 + 0.4661).epsilon(1e-12));
    CHECK(label("stages.output[3][1,3].argmax") == "1");  // indices name themselves
    REQUIRE_THROWS_WITH(select_live_value(kRun, "stages.output[apple][food,pear].argmax"),
                        Catch::Contains("no label 'pear'"));
    REQUIRE_THROWS_WITH(select_live_value(kRun, "stages.output[apple][food,tech]"),
                        Catch::Contains("followed by a reduction"));
    REQUIRE_THROWS_WITH(select_live_value(kRun, "stages.output[apple][food,].max"),
                        Catch::Contains("empty label"));
}

TEST_CASE("numbers print with the asked decimals, 3 by default, never -0.000", "[course][live]") {
    LiveValue v;
    v.is_number = true;
    v.number = 0.46614;
    CHECK(format_live_value(v, std::nullopt) == "0.466");
    CHECK(format_live_value(v, 2) == "0.47");
    CHECK(format_live_value(v, 0) == "0");
    v.number = -0.0001;
    CHECK(format_live_value(v, 3) == "0.000");
    v.number = -1.5;
    CHECK(format_live_value(v, 1) == "-1.5");
}

TEST_CASE("a path that does not resolve says what was there instead", "[course][live][errors]") {
    REQUIRE_THROWS_WITH(select_live_value(kRun, "stages.weight[apple]"),
                        Catch::Contains("no key 'weight'") && Catch::Contains("weights"));
    REQUIRE_THROWS_WITH(select_live_value(kRun, "stages.weights[pear][ate]"),
                        Catch::Contains("no label 'pear'") && Catch::Contains("apple"));
    REQUIRE_THROWS_WITH(select_live_value(kRun, "stages.weights[7]"),
                        Catch::Contains("out of range (0 to 3)"));
    REQUIRE_THROWS_WITH(select_live_value(kRun, "stages.weights[apple]"), Catch::Contains("selects a list"));
    REQUIRE_THROWS_WITH(select_live_value(kRun, "stages.weights[apple.sum"),
                        Catch::Contains("without its ']'"));
    REQUIRE_THROWS_WITH(select_live_value(kRun, "tokens.argmax"), Catch::Contains("not a number"));
    REQUIRE_THROWS_AS(select_live_value(kRun, ""), InputError);
}

TEST_CASE("the evaluator runs each command once per lesson and names the lesson line on errors",
          "[course][live]") {
    size_t calls = 0;
    LiveEvaluator live(
        [&](const std::string& command) {
            ++calls;
            if (command == "broken") throw std::runtime_error("unknown word 'pear'");
            if (command == "text") return std::string("not json");
            return kRun.dump();
        },
        "lessons/07.md");
    const std::string prose =
        "Apple gives ate `=run | stages.weights[apple][ate] | 2`, and\nmost to `=run | "
        "stages.weights[apple].argmax`; `code` stays.\n```\n`=not live`\n```\n";
    CHECK(substitute_live_values(prose, 10, live) ==
          "Apple gives ate 0.45, and\nmost to apple; `code` stays.\n```\n`=not live`\n```\n");
    CHECK(calls == 1);
    CHECK(live.commands_run() == 1);
    REQUIRE_THROWS_WITH(substitute_live_values("a\n`=broken | x`", 20, live),
                        Catch::StartsWith("lessons/07.md:21:") && Catch::Contains("unknown word 'pear'"));
    REQUIRE_THROWS_WITH(live.text("text | x", 5),
                        Catch::StartsWith("lessons/07.md:5:") && Catch::Contains("JSON"));
    REQUIRE_THROWS_WITH(live.text("run | stages.nope", 6),
                        Catch::StartsWith("lessons/07.md:6:") && Catch::Contains("no key 'nope'"));
    REQUIRE_THROWS_WITH(live.text("run", 7),
                        Catch::StartsWith("lessons/07.md:7:") && Catch::Contains("COMMAND | PATH"));
}

TEST_CASE("conditional prose shows only while its claim holds", "[course][live]") {
    LiveEvaluator live([](const std::string&) { return kRun.dump(); }, "l.md");
    CHECK(live.holds("run | stages.weights[apple].argmax == APPLE", 1));
    CHECK_FALSE(live.holds("run | stages.weights[apple].argmax != apple", 1));
    CHECK(live.holds("run | stages.weights[apple][ate] > 0.4", 1));
    CHECK(live.holds("run | stages.weights[apple][ate] < stages.weights[apple][apple]", 1));
    CHECK_FALSE(live.holds("run | stages.weights[apple][ate] >= stages.weights[apple][apple]", 1));
    REQUIRE_THROWS_WITH(live.holds("run | stages.weights[apple].argmax > 2", 3),
                        Catch::StartsWith("l.md:3:") && Catch::Contains("compares a number with a label"));
    REQUIRE_THROWS_WITH(live.holds("run | stages.weights[apple]", 4),
                        Catch::StartsWith("l.md:4:") && Catch::Contains("OP"));
    const std::string prose =
        "Apple `=if run | stages.weights[apple].argmax == apple`keeps\nmost for itself`=else`looks away\n"
        "elsewhere`=end`.\n\nNext `=if run | stages.weights[apple][ate] > 0.9`never`=end`shown.\n";
    CHECK(substitute_live_values(prose, 1, live) == "Apple keeps\nmost for itself.\n\nNext shown.\n");
    REQUIRE_THROWS_WITH(substitute_live_values("a `=end`", 7, live),
                        Catch::StartsWith("l.md:7:") && Catch::Contains("without"));
    REQUIRE_THROWS_WITH(substitute_live_values("a `=if run | n_heads == 1`\nb\n", 7, live),
                        Catch::StartsWith("l.md:8:") && Catch::Contains("not closed"));
}

TEST_CASE("checking a paragraph lists every failing live value with its line - hidden branches too",
          "[course][live][check]") {
    size_t calls = 0;
    LiveEvaluator live(
        [&](const std::string& command) {
            ++calls;
            if (command == "broken") throw std::runtime_error("unknown word 'pear'");
            return kRun.dump();
        },
        "l.md");
    const std::string prose =
        "A `=run | stages.nope` and `=run | stages.weights[apple][ate] | 2`,\n"  // 10
        "b `=broken | x` and `=broken | y`,\n"                                   // 11
        "`=if run | stages.weights[apple][ate] > 0.4`c`=else`\n"                 // 12
        "d `=run | stages.weights[pear][ate]``=end` `=end`\n";                   // 13
    const std::vector<std::string> failures = attn::course::live_value_failures(prose, 10, live);
    REQUIRE(failures.size() == 5);
    CHECK_THAT(failures[0], Catch::StartsWith("l.md:10:") && Catch::Contains("no key 'nope'"));
    CHECK_THAT(failures[1], Catch::StartsWith("l.md:11:") && Catch::Contains("pear"));
    CHECK_THAT(failures[2], Catch::StartsWith("l.md:11:") && Catch::Contains("pear"));
    CHECK_THAT(failures[3], Catch::StartsWith("l.md:13:") && Catch::Contains("no label 'pear'"));
    CHECK_THAT(failures[4], Catch::StartsWith("l.md:13:") && Catch::Contains("without an `=if`"));
    CHECK(calls == 2);  // the failing command ran once, not once per value
    CHECK(attn::course::live_value_failures("`=run | n_heads` fine\n", 1, live).empty());
    // Substituting still stops at the first failure, and does not look into the hidden branch.
    REQUIRE_THROWS_WITH(substitute_live_values(prose, 10, live), Catch::StartsWith("l.md:10:"));
    CHECK(substitute_live_values("`=if run | n_heads == 2`x `=nope`\n`=end`y", 1, live) == "y");
}

TEST_CASE("live values from the real attn run: lesson 7's apple row", "[course][live][cli]") {
    attn::cli::Context ctx;
    ctx.global.data_dir = std::string(ATTN_SOURCE_DIR) + "/data";
    ctx.global.lessons_dir = std::string(ATTN_SOURCE_DIR) + "/lessons";
    attn::course::Lesson lesson;
    lesson.path = "lesson.md";
    LiveEvaluator live = attn::cli::live_evaluator(ctx, lesson);
    // The same four weights tests/test_lesson_numbers.cpp checks against the stable softmax.
    CHECK(live.text("run -s \"I ate the apple\" | stages.weights[apple][I] | 4", 1) == "0.0583");
    CHECK(live.text("run -s \"I ate the apple\" | stages.weights[apple][ate] | 4", 1) == "0.4464");
    CHECK(live.text("run -s \"I ate the apple\" | stages.weights[apple][the] | 4", 1) == "0.0292");
    CHECK(live.text("run -s \"I ate the apple\" | stages.weights[apple].argmax", 1) == "apple");
    CHECK(live.commands_run() == 1);
    REQUIRE_THROWS_WITH(live.text("run -s \"I ate the pear\" | stages.weights[0][0]", 9),
                        Catch::StartsWith("lesson.md:9:") && Catch::Contains("pear"));
    REQUIRE_THROWS_WITH(live.text("lesson 3 | x", 9), Catch::Contains("course commands"));
}

TEST_CASE("a comparison's wording, a shipped value and a constant come out of their spans",
          "[course][live]") {
    std::vector<std::string> ran;
    LiveEvaluator live(
        [&](const std::string& command) {
            ran.push_back(command);
            return kRun.dump();
        },
        "l.md");
    // apple row: I 0.0583, ate 0.4464, the 0.0292, apple 0.4661; the row of "the" is uniform.
    CHECK(
        live.order("run | stages.weights[apple][ate] <> stages.weights[apple][apple] | above | level | below",
                   1) == "below");
    CHECK(
        live.order("run | stages.weights[apple][apple] <> stages.weights[apple][ate] | above | level | below",
                   1) == "above");
    CHECK(live.order("run | stages.weights[the].max <> stages.weights[the].min | uneven | even | -", 1) ==
          "even");
    REQUIRE_THROWS_WITH(live.order("run | stages.weights[the].max | a | b | c", 4),
                        Catch::StartsWith("l.md:4:") && Catch::Contains("<>"));
    REQUIRE_THROWS_WITH(live.order("run | stages.weights[the].argmax <> tokens[0] | a | b | c", 5),
                        Catch::StartsWith("l.md:5:") && Catch::Contains("labels"));
    CHECK(substitute_live_values("Ate is `=order run | stages.weights[apple][ate] <> "
                                 "stages.weights[apple][I] | more | as | less` than I; `=const 1e-9`.",
                                 1, live) == "Ate is more than I; 1e-9.");
    CHECK(live.shipped_text("run | stages.weights[apple][ate] | 2", 1) == "0.45");
    REQUIRE(ran.size() == 2);
    CHECK_THAT(ran[1], Catch::StartsWith("--data \"") && Catch::EndsWith("\" run"));
}
