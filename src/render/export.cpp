#include "render/export.hpp"

#include <fmt/format.h>

#include <cmath>

namespace attn::render {

std::string exact_number(double value) {
    if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
    if (std::isnan(value)) return "nan";
    return fmt::format("{}", value);  // fmt prints the shortest round-trip representation
}

nlohmann::json matrix_json(const arma::mat& m) {
    nlohmann::json rows = nlohmann::json::array();
    for (arma::uword r = 0; r < m.n_rows; ++r) {
        nlohmann::json row = nlohmann::json::array();
        for (arma::uword c = 0; c < m.n_cols; ++c) {
            if (std::isfinite(m(r, c)))
                row.push_back(m(r, c));
            else
                row.push_back(nullptr);
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

nlohmann::json matrix_json(const arma::umat& m) {
    nlohmann::json rows = nlohmann::json::array();
    for (arma::uword r = 0; r < m.n_rows; ++r) {
        nlohmann::json row = nlohmann::json::array();
        for (arma::uword c = 0; c < m.n_cols; ++c) row.push_back(static_cast<int>(m(r, c)));
        rows.push_back(std::move(row));
    }
    return rows;
}

std::string csv_block(const std::string& name, const report::LabelledMatrix& view) {
    const arma::mat& m = view.values;
    std::string out = "# stage: " + name + "\n# shape: " + std::to_string(m.n_rows) + " x " +
                      std::to_string(m.n_cols) + "\n";
    out += "# rows: " + fmt::format("{}", fmt::join(view.row_labels, " ")) + "\n";
    out += "# columns: " + fmt::format("{}", fmt::join(view.col_labels, " ")) + "\n";
    for (arma::uword r = 0; r < m.n_rows; ++r) {
        for (arma::uword c = 0; c < m.n_cols; ++c) out += (c ? "," : "") + exact_number(m(r, c));
        out += "\n";
    }
    return out + "\n";
}

}  // namespace attn::render
