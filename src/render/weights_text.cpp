#include "render/weights_text.hpp"

#include <sstream>

#include "render/export.hpp"

namespace attn::render {

std::string toml_matrix(const std::string& key, const arma::mat& m) {
    std::string out = key + " = [\n";
    for (arma::uword r = 0; r < m.n_rows; ++r) {
        out += "  [";
        for (arma::uword c = 0; c < m.n_cols; ++c) out += (c ? ", " : "") + exact_number(m(r, c));
        out += "],\n";
    }
    return out + "]\n";
}

std::string weights_toml_text(const std::string& header,
                              const std::vector<std::pair<std::string, arma::mat>>& matrices) {
    std::string out;
    std::istringstream lines(header);
    for (std::string line; std::getline(lines, line);) out += "# " + line + "\n";
    for (const auto& [key, m] : matrices) out += "\n" + toml_matrix(key, m);
    return out;
}

}  // namespace attn::render
