// text/utf8 and inputs/utf8: which bytes are UTF-8, what a terminal is shown, and the messages.
#include <catch2/catch.hpp>
#include <string>

#include "inputs/input_error.hpp"
#include "inputs/utf8.hpp"
#include "text/utf8.hpp"

using attn::text::invalid_utf8_offset;
using attn::text::utf8_sequence_length;
using attn::text::visible_controls;

TEST_CASE("well-formed UTF-8 has no invalid offset, and the first bad byte is found", "[utf8]") {
    const auto npos = std::string_view::npos;
    CHECK(invalid_utf8_offset("") == npos);
    CHECK(invalid_utf8_offset("apple \xC3\xA9 \xE2\x88\x9A \xF0\x9F\x8D\x8E") == npos);  // é √ 🍎
    CHECK(invalid_utf8_offset("ab\xC0\x80") == 2);                                       // overlong NUL
    CHECK(invalid_utf8_offset("a\xE0\x80\xAF") == 1);                                    // overlong '/'
    CHECK(invalid_utf8_offset("\xED\xA0\x80") == 0);         // a surrogate, U+D800
    CHECK(invalid_utf8_offset("xyz\xF4\x90\x80\x80") == 3);  // past U+10FFFF
    CHECK(invalid_utf8_offset("ok\xE2\x88") == 2);           // cut short
    CHECK(invalid_utf8_offset("\xFF") == 0);
    CHECK(utf8_sequence_length("\xF0\x9F\x8D\x8E", 0) == 4);
    CHECK(utf8_sequence_length("\xE2\x88\x9A", 0) == 3);
    CHECK(utf8_sequence_length("a", 0) == 1);
    CHECK(utf8_sequence_length("\x80", 0) == 0);  // a continuation byte cannot begin
}

TEST_CASE("control characters are shown, never sent to the terminal", "[utf8]") {
    CHECK(visible_controls("a\x1b[2Jb") == "a^[[2Jb");  // ESC
    CHECK(visible_controls("bell\x07") == "bell^G");    // BEL
    CHECK(visible_controls("del\x7f") == "del^?");      // DEL
    CHECK(visible_controls("c1 \xC2\x9B"
                           "31m") == "c1 ^[[31m");                              // CSI as one C1 character
    CHECK(visible_controls("tab\tand\nline") == "tab\tand\nline");              // both stay
    CHECK(visible_controls("windows\r\nline") == "windows\nline");              // CR LF is a line end
    CHECK(visible_controls("bad \xFF byte") == "bad \xEF\xBF\xBD byte");        // U+FFFD
    CHECK(visible_controls("caf\xC3\xA9 \xC2\xA0") == "caf\xC3\xA9 \xC2\xA0");  // é and NBSP are text
}

TEST_CASE("require_utf8 names what and where, and says how to fix it", "[utf8]") {
    REQUIRE_NOTHROW(attn::course::require_utf8("apple", "--sentence"));
    try {
        attn::course::require_utf8("ap\xFFple", "--sentence");
        FAIL("no error");
    } catch (const attn::course::InputError& e) {
        CHECK(std::string(e.what()) ==
              "--sentence: not UTF-8 at byte 2 (0xFF); write it in UTF-8 (iconv -t UTF-8 converts other "
              "encodings)");
    }
    try {
        attn::course::require_utf8_file("line one\nline \xC0\xAF two\n", "vocab.csv");
        FAIL("no error");
    } catch (const attn::course::InputError& e) {
        const std::string what = e.what();
        CHECK(what.find("vocab.csv") != std::string::npos);
        CHECK(what.find(":2") != std::string::npos);
        CHECK(what.find("not UTF-8 at byte 14 (0xC0)") != std::string::npos);
    }
}
