// The embedding table of a vocabulary as a labelled matrix: rows = words, columns = named dimensions.
#pragma once
#include <string>
#include <vector>

#include "inputs/vocabulary.hpp"
#include "report/blocks.hpp"

namespace attn::course {

struct VocabTable {
    std::string path;                     // the vocabulary file
    std::string description;              // its one-line description
    std::vector<std::string> dimensions;  // the named columns, d_model of them
    std::string pad_token;                // the word the padding mask hides
    report::LabelledMatrix table;         // (words, d_model)
};

// Every word (in the vocabulary's order) when `words` is empty, else the given words in the given order.
// Throws InputError for an unknown word, naming the closest ones.
VocabTable vocab_table(const Vocabulary& vocab, const std::vector<std::string>& words);

}  // namespace attn::course
