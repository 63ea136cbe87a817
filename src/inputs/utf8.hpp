// Text from outside (labels, words, course files) is UTF-8: checked at the edge, with the byte offset of
// the first bad byte (text/utf8.hpp has the checks themselves and visible_controls).
#pragma once
#include <string>
#include <string_view>

namespace attn::course {

// Throws InputError "WHAT: not UTF-8 at byte N (0xFF); ..." when `text` is not UTF-8.
void require_utf8(std::string_view text, const std::string& what);

// Throws InputError "PATH:LINE: not UTF-8 at byte N ..." when a file's text is not UTF-8.
void require_utf8_file(std::string_view text, const std::string& path);

}  // namespace attn::course
