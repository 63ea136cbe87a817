// Projection weights as TOML that `attn run --weights FILE` reads back (keys w_q, w_k, w_v, w_o).
#pragma once
#include <armadillo>
#include <string>
#include <utility>
#include <vector>

namespace attn::render {

// `key = [ [..], .. ]` with every number exact (parses back to the same double).
std::string toml_matrix(const std::string& key, const arma::mat& m);

// A weights file: `header` (each line becomes a comment), then one TOML matrix per (key, matrix).
std::string weights_toml_text(const std::string& header,
                              const std::vector<std::pair<std::string, arma::mat>>& matrices);

}  // namespace attn::render
