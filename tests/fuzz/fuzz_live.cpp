// Fuzz target: live references and claims in lesson prose (`=COMMAND | PATH`, `=if`, `=else`, `=end`,
// `=order`, `=shipped`, `=const`). Every command answers with the JSON of `attn run` on the shipped data,
// computed once in lesson mode, so that the parsers, the path selection and the conditions are what is
// searched, and nothing runs per input. The first line is also tried as a bare reference and condition.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "course/live_path.hpp"
#include "course/live_value.hpp"
#include "fuzz_shipped.hpp"
#include "fuzz_support.hpp"

namespace {

void bare_reference(const std::string& line, const nlohmann::json& doc) {
    namespace c = attn::course;
    attn::fuzz::expect_clean([&] {
        const c::LiveRef ref = c::parse_live_ref(line);
        c::format_live_value(c::select_live_value(doc, ref.path), ref.decimals);
    });
    attn::fuzz::expect_clean([&] {
        const c::LiveCondition condition = c::split_live_condition(line);
        c::compare_live_values(c::select_live_value(doc, condition.path), condition.op,
                               c::select_live_value(doc, condition.value));
    });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    namespace c = attn::course;
    static const std::string json = attn::fuzz::shipped_json("run -s \"I ate the apple\"");
    static const nlohmann::json doc = nlohmann::json::parse(json);
    const std::string text(reinterpret_cast<const char*>(data), size);
    const c::CommandRunner runner = [](const std::string&) { return json; };
    bare_reference(text.substr(0, text.find('\n')), doc);
    attn::fuzz::expect_clean([&] {
        c::LiveEvaluator evaluator(runner, "fuzz.md");
        c::substitute_live_values(text, 1, evaluator);
    });
    attn::fuzz::expect_clean([&] {
        c::LiveEvaluator evaluator(runner, "fuzz.md");
        c::live_value_failures(text, 1, evaluator);
    });
    return 0;
}
