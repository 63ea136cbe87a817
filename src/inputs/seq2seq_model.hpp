// The toy English → French Seq2Seq model shipped in data/seq2seq/: vocab.toml (embeddings of both
// languages and sentence pairs) and weights.toml (the recurrent encoder/decoder and the attention
// weights, each documented in the file).
#pragma once
#include <armadillo>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "math/recurrent.hpp"
#include "math/seq2seq.hpp"

namespace attn::course {

struct Seq2SeqVocab {
    std::string path;
    std::vector<std::string> dimensions;         // names of the embedding columns
    std::string start = "<s>";                   // the decoder's first input
    std::map<std::string, arma::rowvec> source;  // lower-case word → (1, d_e)
    std::map<std::string, arma::rowvec> target;  // lower-case word → (1, d_e), including `start`
    std::vector<std::pair<std::string, std::string>> pairs;  // (source, target) sentences, default first
};

struct Seq2SeqWeights {
    std::string path;
    std::vector<std::string> hidden;  // names of the hidden units (d_h of them)
    math::RecurrentWeights encoder, decoder;
    math::ScoreWeights general, concat, additive;
    math::PositionWeights position;
    arma::mat wc;                          // (d_out, d_s + d_t)
    std::vector<std::string> attentional;  // names of h̃'s units (d_out of them)
};

// Each throws InputError "FILE:LINE: ..." for a syntax error, a missing key or a bad row.
Seq2SeqVocab load_seq2seq_vocab(const std::string& path);
Seq2SeqWeights load_seq2seq_weights(const std::string& path);

// The embedding rows (n, d_e) of `words` in one language; throws InputError naming an unknown word,
// the `flag` it came from, and the words there are.
arma::mat embed_words(const std::map<std::string, arma::rowvec>& table, const std::vector<std::string>& words,
                      const std::string& flag, const std::string& path);

// The target sentence of the pair whose source is `source` (compared word by word, ignoring case),
// or an empty string when none matches.
std::string paired_target(const Seq2SeqVocab& vocab, const std::string& source);

}  // namespace attn::course
