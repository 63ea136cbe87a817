// UTF-8 as every room sees it: whether bytes are well-formed, and text shown on a terminal without its
// control characters. Pure functions over strings; the text room includes nothing of attn's, so that
// inputs (checking files at the edge), render (writing a report) and cli may all use it.
#pragma once
#include <string>
#include <string_view>

namespace attn::text {

// The length of the well-formed UTF-8 sequence that starts at byte `i` of `s` (1 to 4), or 0 when the
// bytes there are not UTF-8 (overlong forms, surrogates and code points past U+10FFFF included).
size_t utf8_sequence_length(std::string_view s, size_t i);

// The offset of the first byte that does not begin or continue a well-formed UTF-8 sequence, or
// std::string_view::npos when all is well.
size_t invalid_utf8_offset(std::string_view text);

// `text` with its C0 control characters (ESC, BEL, backspace ...), DEL and C1 controls shown visibly as
// ^[ , ^G ... so that nothing a course author writes can move the cursor or retitle a terminal. Tab and
// newline stay; bytes that are not UTF-8 become U+FFFD.
std::string visible_controls(std::string_view text);

}  // namespace attn::text
