// One word in several sentences: the same embedding, different outputs after attention.
#pragma once
#include <string>
#include <vector>

#include "course/experiment.hpp"

namespace attn::course {

struct DimensionShift {
    std::string dimension;  // "food"
    double first = 0;       // the word's output in the first sentence, this dimension
    double second = 0;      // ... in the second
    double change = 0;      // second − first
};

struct FocusComparison {
    std::string word;
    std::vector<std::string> sentences;
    std::vector<Experiment> runs;       // one per sentence
    std::vector<arma::uword> rows;      // the word's row in each run
    arma::rowvec embedding;             // the word's input embedding (1, d_model): the same everywhere
    double output_cosine = 0;           // cosine similarity of the first two outputs
    std::vector<DimensionShift> moved;  // first vs second sentence, largest |change| first
};

// Runs `base` (its sentence replaced) on each sentence and compares `word`'s output rows. Needs at
// least two sentences that each contain the word; throws InputError naming the sentence otherwise.
FocusComparison compare_focus(const RunRequest& base, const std::vector<std::string>& sentences,
                              const std::string& word);

// The same comparison of runs already computed (one per sentence, at least two), as attn explore
// makes them from its edited world. Throws InputError when a sentence lacks the word.
FocusComparison compare_runs(const std::string& word, const std::vector<std::string>& sentences,
                             std::vector<Experiment> runs);

}  // namespace attn::course
