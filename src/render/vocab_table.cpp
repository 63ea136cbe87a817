#include "render/vocab_table.hpp"

#include "render/export.hpp"
#include "render/matrix_text.hpp"
#include "render/similarity.hpp"

namespace attn::render {

std::string vocab_text(const course::VocabTable& v, const Style& style) {
    std::string out = dim(style, "vocabulary: " + v.path) + "\n";
    if (!v.description.empty()) out += v.description + "\n";
    out += "dimensions (d_model = " + std::to_string(v.dimensions.size()) + "):";
    for (size_t i = 0; i < v.dimensions.size(); ++i) out += " " + std::to_string(i) + "=" + v.dimensions[i];
    out += "\n\n" + render_matrix(v.table, style);
    out += dim(style, "Each row is one word's embedding. To change them, edit\n  " + v.path) + "\n";
    return out;
}

nlohmann::json vocab_json(const course::VocabTable& v) {
    return {{"vocabulary", v.path},  {"description", v.description},        {"dimensions", v.dimensions},
            {"pad", v.pad_token},    {"words", v.table.row_labels},          {"embeddings", matrix_json(v.table.values)}};
}

std::string vocab_csv(const course::VocabTable& v) {
    return labelled_matrix_csv(v.table);
}

}  // namespace attn::render
