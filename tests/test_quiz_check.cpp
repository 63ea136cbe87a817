// check_answer and expected_answer without the binary: a fake runner stands in for attn's commands.
#include <cmath>

#include "check_matrices.hpp"
#include "course/quiz.hpp"
#include "inputs/input_error.hpp"

using namespace attn::course;

namespace {

Question make(QuestionKind kind, const std::string& answer, std::vector<std::string> choices = {}) {
    Question q;
    q.id = "q";
    q.kind = kind;
    q.prompt = "p";
    q.answer = answer;
    q.choices = std::move(choices);
    q.path = "l.md";
    q.line = 7;
    return q;
}

// A stand-in for `attn run ... --format json`: two tokens, one head, d_k = 2.
std::string fake_run(const std::string&) {
    return R"({"tokens": ["a", "b"], "key_tokens": ["a", "b"],
               "stages": {"q": [[1, 2], [0, 0]], "k": [[1, 0], [0, 1]], "scores": [[1, 2], [0, 0]],
                          "scaled": [[0.7071067811865475, 1.414213562373095], [0, 0]],
                          "weights": [[0.33, 0.67], [0.5, 0.5]]}})";
}

}  // namespace

TEST_CASE("expected answers come from the live reference - verdicts compare as the kind says",
          "[quiz][check]") {
    LiveEvaluator evaluator(fake_run, "l.md");
    const Question numeric = make(QuestionKind::numeric, "run | stages.scores[a][b]");
    const ExpectedAnswer two = expected_answer(numeric, evaluator, fake_run);
    CHECK(two.value.number == 2);
    CHECK(check_answer(numeric, two, "2").right);
    CHECK(check_answer(numeric, two, "4/2").right);
    CHECK(check_answer(numeric, two, "2,004").right);
    CHECK_FALSE(check_answer(numeric, two, "2.006").right);
    CHECK_THROWS_AS(check_answer(numeric, two, "two"), InputError);
    const Question label = make(QuestionKind::predict, "run | stages.scores[a].argmax");
    const ExpectedAnswer b = expected_answer(label, evaluator, fake_run);
    CHECK(b.text == "b");
    CHECK(check_answer(label, b, " B ").right);
    CHECK_FALSE(check_answer(label, b, "a").right);
    const Question choice = make(QuestionKind::choice, "run | stages.scores[a].argmax", {"a", "b"});
    const ExpectedAnswer pick = expected_answer(choice, evaluator, fake_run);
    CHECK(pick.text == "b) b");
    CHECK(check_answer(choice, pick, "2").right);
    CHECK_FALSE(check_answer(choice, pick, "a").right);
    CHECK_THROWS_AS(check_answer(choice, pick, "c"), InputError);
    const Question missing = make(QuestionKind::choice, "run | stages.scores[a].argmax", {"a", "c"});
    CHECK_THROWS_WITH(expected_answer(missing, evaluator, fake_run),
                      Catch::StartsWith("l.md:7:") && Catch::Contains("not among"));
}

TEST_CASE("a hand question is explained from the command's own q and k", "[quiz][check][hand]") {
    LiveEvaluator evaluator(fake_run, "l.md");
    Question hand = make(QuestionKind::hand, "");
    hand.command = "run";
    hand.query = "A";  // any case
    hand.key = "1";    // or an index
    const ExpectedAnswer e = expected_answer(hand, evaluator, fake_run);
    REQUIRE(e.hand);
    const double m = std::sqrt(2.0), weight = std::exp(2 / m - m) / (std::exp(1 / m - m) + 1);
    CHECK(std::fabs(e.hand->truth.weight - weight) <= 1e-12);
    const Verdict v = check_answer(hand, e, "0 2 2 1.414 0.493 1 1.493 0.67");
    CHECK(v.right);
    CHECK(v.entries.size() == 8);
    const Verdict wrong = check_answer(hand, e, "0 2 2 1.5");
    CHECK_FALSE(wrong.right);
    CHECK(wrong.message.rfind("Entry 4, the scaled score", 0) == 0);
    hand.key = "c";
    CHECK_THROWS_WITH(expected_answer(hand, evaluator, fake_run),
                      Catch::StartsWith("l.md:7:") && Catch::Contains("tokens are: a b"));
}
