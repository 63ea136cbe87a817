// An experiment as text for a learner: the inputs, then each chosen stage as a labelled matrix.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "course/experiment.hpp"
#include "render/style.hpp"

namespace attn::render {

std::string experiment_text(const course::Experiment& e, const std::vector<std::string>& show, const Style& style);

// The arithmetic of weight (row, col) in head `head`: each product of the dot product, the sum, the
// scaling, the exps of the row, their sum and the weight, with tokens named.
std::string explain_text(const course::Experiment& e, arma::uword head, arma::uword row, arma::uword col, const Style& style);

// The same for every head as JSON: [{"head", "row", "col", "query", "key", "products", "score", ...}].
nlohmann::json explain_json(const course::Experiment& e, std::pair<arma::uword, arma::uword> cell);

}  // namespace attn::render
