#include "course/weights_view.hpp"

#include <sstream>

#include "inputs/input_error.hpp"
#include "inputs/vocabulary.hpp"
#include "inputs/weights_file.hpp"
#include "report/value.hpp"

namespace attn::course {

namespace {

// `columns`: names of the projected dimensions when the file gives them (qk_columns), else numbers.
report::LabelledMatrix labelled(const std::string& title, const arma::mat& m,
                                const std::vector<std::string>& dimensions,
                                const std::vector<std::string>& columns = {}) {
    report::LabelledMatrix view{
        title, "rows = embedding dimensions (d_model), columns = projected dimensions",
        m,     {},
        {},    report::Shading::diverging};
    for (arma::uword r = 0; r < m.n_rows; ++r)
        view.row_labels.push_back(m.n_rows == dimensions.size() ? dimensions[r] : std::to_string(r));
    for (arma::uword c = 0; c < m.n_cols; ++c)
        view.col_labels.push_back(m.n_cols == columns.size() ? columns[c] : std::to_string(c));
    return view;
}

}  // namespace

WeightsView weights_view(const std::string& vocab_path, const std::string& weights, const DataLayers& data) {
    const Vocabulary vocab = load_vocabulary(vocab_path);
    WeightsView view;
    if (weights == "preset") {
        if (!vocab.preset_weights)
            throw InputError(
                vocab.path +
                ": this vocabulary has no preset_weights; give a weights file with --weights FILE.toml");
        view.source = data.fall_through(*vocab.preset_weights);
    } else {
        view.source = weights;
    }
    const math::ProjectionWeights w = load_weights_toml(view.source);
    view.keys = {"wq", "wk", "wv"};
    const std::vector<std::string> qk = load_qk_column_names(view.source);
    view.matrices = {labelled("W_Q", w.wq, vocab.dimensions, qk), labelled("W_K", w.wk, vocab.dimensions, qk),
                     labelled("W_V", w.wv, vocab.dimensions)};
    if (w.wo) {
        view.keys.push_back("wo");
        view.matrices.push_back(labelled("W_O", *w.wo, {}));
    }
    return view;
}

std::string toml_matrix_text(const std::string& key, const arma::mat& m) {
    std::string out = key + " = [\n";
    for (arma::uword r = 0; r < m.n_rows; ++r) {
        out += "  [";
        for (arma::uword c = 0; c < m.n_cols; ++c) out += (c ? ", " : "") + report::value_text(m(r, c));
        out += "],\n";
    }
    return out + "]\n";
}

std::string weights_toml_text(const std::string& header,
                              const std::vector<std::pair<std::string, arma::mat>>& matrices) {
    std::string out;
    std::istringstream lines(header);
    for (std::string line; std::getline(lines, line);) out += "# " + line + "\n";
    for (const auto& [key, m] : matrices) out += "\n" + toml_matrix_text(key, m);
    return out;
}

}  // namespace attn::course
