// Text from outside (labels, words, course files) is UTF-8: checked at the edge, with the byte offset of
// the first bad byte, and shown on a terminal without its control characters.
#pragma once
#include <string>
#include <string_view>

namespace attn::course {

// The offset of the first byte that does not begin or continue a well-formed UTF-8 sequence (overlong
// forms, surrogates and code points past U+10FFFF included), or std::string_view::npos when all is well.
size_t invalid_utf8_offset(std::string_view text);

// Throws InputError "WHAT: not UTF-8 at byte N (0xFF); ..." when `text` is not UTF-8.
void require_utf8(std::string_view text, const std::string& what);

// Throws InputError "PATH:LINE: not UTF-8 at byte N ..." when a file's text is not UTF-8.
void require_utf8_file(std::string_view text, const std::string& path);

// `text` with its C0 control characters (ESC, BEL, backspace ...), DEL and C1 controls shown visibly as
// ^[ , ^G ... so that nothing a course author writes can move the cursor or retitle a terminal. Tab and
// newline stay; bytes that are not UTF-8 become U+FFFD.
std::string visible_controls(std::string_view text);

}  // namespace attn::course
