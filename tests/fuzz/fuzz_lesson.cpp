// Fuzz target: lesson Markdown, as a teacher writes it (md4c, headings, ```attn blocks).
#include <cstddef>
#include <cstdint>
#include <string>

#include "course/lesson.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    attn::fuzz::expect_clean([&] {
        for (const attn::course::Step& step : attn::course::parse_lesson_markdown(text, "fuzz.md"))
            for (const attn::course::Block& block : step.blocks)
                if (block.text.empty() || block.line < 1)
                    throw std::logic_error("an empty block or a line before 1");
    });
    return 0;
}
