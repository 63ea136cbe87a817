#include "inputs/utf8.hpp"

#include <algorithm>
#include <cstdio>

#include "inputs/input_error.hpp"
#include "text/utf8.hpp"

namespace attn::course {

using text::invalid_utf8_offset;

namespace {

std::string hex_byte(unsigned char c) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02X", c);
    return buf;
}

}  // namespace

void require_utf8(std::string_view text, const std::string& what) {
    const size_t at = invalid_utf8_offset(text);
    if (at == std::string_view::npos) return;
    throw InputError(what + ": not UTF-8 at byte " + std::to_string(at) + " (" +
                     hex_byte(static_cast<unsigned char>(text[at])) +
                     "); write it in UTF-8 (iconv -t UTF-8 converts other encodings)");
}

void require_utf8_file(std::string_view text, const std::string& path) {
    const size_t at = invalid_utf8_offset(text);
    if (at == std::string_view::npos) return;
    const long line = 1 + static_cast<long>(std::count(text.begin(), text.begin() + at, '\n'));
    throw InputError(at_location(path, line,
                                 "not UTF-8 at byte " + std::to_string(at) + " (" +
                                     hex_byte(static_cast<unsigned char>(text[at])) +
                                     "); save the file as UTF-8 (iconv -t UTF-8 converts it)"));
}

}  // namespace attn::course
