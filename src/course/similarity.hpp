// Token × token similarity for lessons 2 and 3: of the embeddings X, or of their projections Q, K, V
// (and of queries against keys, the similarity attention actually uses).
#pragma once
#include <string>
#include <vector>

#include "course/experiment.hpp"
#include "report/blocks.hpp"

namespace attn::course {

// Spaces: x (embeddings), q, k, v (each against itself), qk (queries as rows against keys as columns).
const std::vector<std::string>& similarity_spaces();

struct SimilarityRequest {
    RunRequest run;                  // sentence, vocabulary and weights, as for `attn run`
    std::string space = "x";         // one of similarity_spaces()
    std::string measure = "cosine";  // cosine | dot
};

struct Similarity {
    std::string space, measure;
    std::string inputs_note;         // which sentence and vocabulary
    std::string weights_note;        // which W_Q/W_K/W_V (empty for space x)
    std::vector<std::string> notes;  // e.g. which rows are zero vectors (cosine undefined there)
    report::LabelledMatrix matrix;   // (tokens, tokens)
};

// Runs the projections of `request.run` and compares the chosen space's rows. Throws InputError for an
// unknown space or measure, and whatever run_experiment throws for the sentence and weights.
Similarity compute_similarity(const SimilarityRequest& request);

}  // namespace attn::course
