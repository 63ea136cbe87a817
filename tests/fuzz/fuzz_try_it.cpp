// Fuzz target: try-it extraction. Lesson Markdown → parse_lesson_markdown → try_it_commands (the
// `attn ...` lines of its sh blocks, backslash continuations joined); every line found is then parsed,
// never run, by the command-line parser that attn check uses.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "cli/app.hpp"
#include "course/lesson.hpp"
#include "course/lesson_check.hpp"
#include "fuzz_shipped.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    namespace c = attn::course;
    static attn::cli::CommandParser parser(attn::fuzz::shipped_context());
    const std::string text(reinterpret_cast<const char*>(data), size);
    attn::fuzz::expect_clean([&] {
        c::Lesson lesson;
        lesson.path = "fuzz.md";
        lesson.steps = c::parse_lesson_markdown(text, lesson.path);
        for (const c::TryCommand& command : c::try_it_commands(lesson)) {
            if (command.line < 1) throw std::logic_error("a try-it command before line 1");
            const attn::cli::CommandResult parsed = parser.parse(command.command);
            if (parsed.code != 0 && parsed.code != 2)
                throw std::logic_error("parsing a try-it line gave exit " + std::to_string(parsed.code));
        }
    });
    return 0;
}
