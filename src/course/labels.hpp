#pragma once

#include <armadillo>
#include <string>
#include <vector>

namespace attn::course {

// Row or column labels prefix0 … prefix(n-1), for matrices whose columns carry no name of their own
// (dimensions d0 d1 …, cache rows, hidden units).
std::vector<std::string> numbered_labels(const std::string& prefix, arma::uword n);

}  // namespace attn::course
