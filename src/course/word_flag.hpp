// --word NAME=N,N,...: a word added to (or replaced in) the vocabulary for one command, without a file.
#pragma once
#include <string>
#include <vector>

#include "inputs/vocabulary.hpp"

namespace attn::course {

// True for a word definition ("mango=0.9,0,0.1,0,1,0"); false for a plain word ("apple").
bool is_word_definition(const std::string& text);

// Adds each "name=v1,v2,..." to `vocab` (replacing a word of that name). Throws InputError naming the
// flag when a definition has no name, a non-number, NaN/Inf, or not one number per dimension.
void add_word_definitions(Vocabulary& vocab, const std::vector<std::string>& definitions);

}  // namespace attn::course
