// Numeric matrices from CSV: one row per token, no header. Blank lines and lines starting with '#' are
// skipped, so the blocks `attn run --format csv` writes load back.
#pragma once
#include <armadillo>
#include <string>

#include "inputs/input_file.hpp"

namespace attn::course {

// Parses CSV text; `source` names it in errors ("FILE:LINE: ..."). Throws InputError on a ragged row,
// a non-numeric cell, NaN or Inf, or no rows at all.
arma::mat parse_matrix_csv(const std::string& text, const std::string& source);

// Reads and parses a CSV file. Throws InputError when it cannot be read.
arma::mat load_matrix_csv(const std::string& path);

}  // namespace attn::course
