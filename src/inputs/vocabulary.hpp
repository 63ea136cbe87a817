// A toy vocabulary: named embedding dimensions and one embedding row per word, read from TOML.
#pragma once
#include <armadillo>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "inputs/strings.hpp"

namespace attn::course {

struct Vocabulary {
    std::string path;                                // the file it was read from
    std::string description;                         // one line for listings
    std::vector<std::string> dimensions;             // names of the embedding columns, d_model of them
    std::vector<std::string> words;                  // in file order
    std::map<std::string, arma::rowvec> embeddings;  // lower-case word → (1, d_model)
    std::string pad_token = "<pad>";                 // keys with this token are hidden by the padding mask
    std::optional<std::string> preset_weights;       // absolute path of the preset W_Q/W_K/W_V file
    std::vector<std::string> example_sentences;      // the sentences `attn run` compares by default
    std::string focus_word;                          // the word compared across them ("apple")
};

// Reads a vocabulary file (see data/apple/vocab.toml for the documented format). Throws InputError
// with file and line for a syntax error, a missing key, a row of the wrong length or a non-number.
Vocabulary load_vocabulary(const std::string& path);

// Splits a sentence into words: whitespace separates, punctuation at either end of a word is dropped.
// "I ate the apple." → {"I", "ate", "the", "apple"}.
std::vector<std::string> tokenize(const std::string& sentence);

// X (n_tokens, d_model): the embedding row of each token. Throws InputError for an empty sentence or a
// word the vocabulary lacks, listing the closest words.
arma::mat embed(const Vocabulary& vocab, const std::vector<std::string>& tokens);

// Up to `count` vocabulary words closest to `word` by edit distance, closest first.
std::vector<std::string> closest_words(const Vocabulary& vocab, const std::string& word, size_t count);

}  // namespace attn::course
