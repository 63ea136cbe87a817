#include "course/labels.hpp"

namespace attn::course {

std::vector<std::string> numbered_labels(const std::string& prefix, arma::uword n) {
    std::vector<std::string> labels;
    labels.reserve(n);
    for (arma::uword i = 0; i < n; ++i) labels.push_back(prefix + std::to_string(i));
    return labels;
}

}  // namespace attn::course
