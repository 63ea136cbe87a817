// Fuzz target: a learner's answer, as `attn quiz --answer` and the lesson player take it, checked
// against four questions of the shipped course: a number (fractions, a decimal comma, percent), a choice
// (number, letter or text), a label, and a hand calculation (entries separated by spaces or ';').
// The expected answers are computed once, in lesson mode, on the shipped data.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli/quiz_session.hpp"
#include "course/answer_check.hpp"
#include "course/question.hpp"
#include "course/quiz.hpp"
#include "fuzz_shipped.hpp"
#include "fuzz_support.hpp"

namespace {

namespace c = attn::course;

struct Asked {
    c::Question question;
    c::ExpectedAnswer expected;
};

const char* const kQuestions[] = {
    "id = 'n'\nkind = 'numeric'\nprompt = 'p'\nanswer = 'run -s \"I ate the apple\" | "
    "stages.scores[I][ate]'\n",
    "id = 'c'\nkind = 'choice'\nprompt = 'p'\nchoices = ['I', 'ate', 'the', 'apple']\n"
    "answer = 'run -s \"I ate the apple\" | stages.scores[apple].argmax'\n",
    "id = 'l'\nkind = 'predict'\nprompt = 'p'\nanswer = 'run -s \"I ate the apple\" | "
    "stages.scores[apple].argmax'\n",
    "id = 'h'\nkind = 'hand'\nprompt = 'p'\ncommand = 'run -s \"I ate the apple\"'\nquery = 'apple'\nkey = "
    "'the'\n",
};

const std::vector<Asked>& asked() {
    static const std::vector<Asked> all = [] {
        std::vector<Asked> out;
        const c::CommandRunner runner = attn::cli::json_runner(attn::fuzz::shipped_context());
        c::LiveEvaluator evaluator(runner, "fuzz.md");
        for (const char* toml : kQuestions) {
            Asked a{c::parse_question(toml, "fuzz.md", 1), {}};
            a.expected = c::expected_answer(a.question, evaluator, runner);
            // The answer as attn writes it must itself be right: the checker and the writer agree. (A
            // hand calculation's text is only its last entry, the weight.)
            if (!a.expected.hand && !c::check_answer(a.question, a.expected, a.expected.text).right)
                throw std::logic_error("the expected answer '" + a.expected.text + "' is judged wrong");
            out.push_back(std::move(a));
        }
        return out;
    }();
    return all;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size > 4096) return 0;
    const std::string answer(reinterpret_cast<const char*>(data), size);
    c::parse_number(answer);
    c::split_entries(answer);
    c::pick_choice(answer, {"I", "ate", "the", "apple"});
    for (const Asked& a : asked())
        attn::fuzz::expect_clean([&] {
            const c::Verdict verdict = c::check_answer(a.question, a.expected, answer);
            if (verdict.message.empty()) throw std::logic_error("a verdict without a message");
        });
    return 0;
}
