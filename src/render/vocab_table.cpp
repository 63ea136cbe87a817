#include "render/vocab_table.hpp"

#include "render/export.hpp"
#include "render/matrix_text.hpp"
#include "render/similarity.hpp"

namespace attn::render {

nlohmann::json vocab_json(const course::VocabTable& v) {
    return {{"vocabulary", v.path},        {"description", v.description},
            {"dimensions", v.dimensions},  {"pad", v.pad_token},
            {"words", v.table.row_labels}, {"embeddings", matrix_json(v.table.values)}};
}

std::string vocab_csv(const course::VocabTable& v) { return labelled_matrix_csv(v.table); }

}  // namespace attn::render
