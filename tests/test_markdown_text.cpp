// Lesson prose rendered for a terminal: wrapping, line breaks, lists, and the ASCII fold.
#include "check_matrices.hpp"
#include "render/markdown_text.hpp"

using attn::render::markdown_text;
using attn::render::Style;

namespace {
Style plain(int width) {
    Style s;
    s.color = false;
    s.unicode = true;
    s.width = width;
    return s;
}
}  // namespace

TEST_CASE("soft line ends join, hard breaks stay", "[render][markdown]") {
    CHECK(markdown_text("one\ntwo", plain(80)) == "one two\n\n");
    CHECK(markdown_text("first line  \nsecond\\\nthird", plain(80)) == "first line\nsecond\nthird\n\n");
}

TEST_CASE("paragraphs wrap at the width, lists keep their marker on the first line", "[render][markdown]") {
    CHECK(markdown_text("aaa bbb ccc ddd", plain(8)) == "aaa bbb\nccc ddd\n\n");
    CHECK(markdown_text("- aaa bbb ccc\n- d", plain(12)) == "  • aaa bbb\n    ccc\n  • d\n\n");
}

TEST_CASE("inline code is marked with backticks without colour, and ASCII mode folds symbols", "[render][markdown]") {
    CHECK(markdown_text("use `Q·Kᵀ`", plain(80)) == "use `Q·Kᵀ`\n\n");
    Style ascii = plain(80);
    ascii.unicode = false;
    CHECK(markdown_text("- Q·Kᵀ / √d_k → weights", ascii) == "  - Q.K^T / sqrt d_k -> weights\n\n");
}
