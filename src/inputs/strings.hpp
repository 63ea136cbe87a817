// Small string helpers that the readers and the lesson engine share.
#pragma once
#include <string>

namespace attn::course {

// `s` without the spaces, tabs and line ends at either end ("" when nothing else is left).
std::string trim(const std::string& s);

// `text` in lower case, byte by byte (the vocabularies' words are ASCII; other bytes stay as they are).
std::string lower(std::string text);

}  // namespace attn::course
