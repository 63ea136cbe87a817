#include "render/similarity.hpp"

#include "render/export.hpp"
#include "render/matrix_text.hpp"

namespace attn::render {

namespace {

std::string joined(const std::vector<std::string>& items, const std::string& separator) {
    std::string out;
    for (size_t i = 0; i < items.size(); ++i) out += (i ? separator : "") + items[i];
    return out;
}

}  // namespace

std::string labelled_matrix_csv(const report::LabelledMatrix& m) {
    std::string out = "# " + m.title + (m.legend.empty() ? "" : ": " + m.legend) + "\n";
    out += "# rows: " + joined(m.row_labels, " ") + "\n# columns: " + joined(m.col_labels, " ") + "\n";
    for (arma::uword r = 0; r < m.values.n_rows; ++r) {
        for (arma::uword c = 0; c < m.values.n_cols; ++c)
            out += (c ? "," : "") + exact_number(m.values(r, c));
        out += "\n";
    }
    return out;
}

nlohmann::json labelled_matrix_json(const report::LabelledMatrix& m) {
    return {{"title", m.title},
            {"legend", m.legend},
            {"rows", m.row_labels},
            {"columns", m.col_labels},
            {"values", matrix_json(m.values)}};
}

nlohmann::json similarity_json(const course::Similarity& s) {
    return {{"space", s.space},          {"measure", s.measure}, {"inputs", s.inputs_note},
            {"weights", s.weights_note}, {"notes", s.notes},     {"matrix", labelled_matrix_json(s.matrix)}};
}

std::string similarity_csv(const course::Similarity& s) {
    return "# space: " + s.space + ", measure: " + s.measure + "\n" + labelled_matrix_csv(s.matrix);
}

}  // namespace attn::render
