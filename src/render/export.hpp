// The exact numbers of the machine formats: matrices as JSON rows, CSV blocks, shortest round-trip text.
#pragma once
#include <armadillo>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "report/blocks.hpp"

namespace attn::render {

// A matrix as an array of rows. Numbers keep every bit (shortest text that parses back to the same
// double); −∞ (a masked cell) becomes null, since JSON has no infinity.
nlohmann::json matrix_json(const arma::mat& m);
nlohmann::json matrix_json(const arma::umat& m);

// One CSV block: "# stage: NAME", "# shape: R x C", "# rows: ...", "# columns: ..." (labels separated by
// spaces), the rows as comma-separated exact numbers (−∞ as -inf), then a blank line.
std::string csv_block(const std::string& name, const report::LabelledMatrix& view);

// A number as the shortest text that parses back to exactly the same double.
std::string exact_number(double value);

}  // namespace attn::render
