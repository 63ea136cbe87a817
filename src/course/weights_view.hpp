// attn weights: W_Q, W_K, W_V (and W_O) as labelled matrices, so the learner can see them or write them
// out as CSV or TOML files to edit.
#pragma once
#include <armadillo>
#include <string>
#include <utility>
#include <vector>

#include "course/data_layers.hpp"
#include "report/blocks.hpp"

namespace attn::course {

struct WeightsView {
    std::string source;                            // the file they came from
    std::vector<std::string> keys;                 // "wq", "wk", "wv" (and "wo"), in that order
    std::vector<report::LabelledMatrix> matrices;  // one per key; rows named by the vocabulary's dimensions
};

// The preset weights of the vocabulary at `vocab_path` (weights = "preset"; a missing file falls
// through the data layers) or a weights TOML file. Throws InputError for a vocabulary without preset.
WeightsView weights_view(const std::string& vocab_path, const std::string& weights, const DataLayers& data);

// Projection weights as TOML that `attn run --weights FILE` reads back (keys w_q, w_k, w_v, w_o):
// `key = [ [..], .. ]` with every number exact (parses back to the same double).
std::string toml_matrix_text(const std::string& key, const arma::mat& m);
// A weights file: `header` (each line becomes a comment), then one TOML matrix per (key, matrix).
std::string weights_toml_text(const std::string& header,
                              const std::vector<std::pair<std::string, arma::mat>>& matrices);

}  // namespace attn::course
