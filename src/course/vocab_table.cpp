#include "course/vocab_table.hpp"

#include "inputs/input_error.hpp"

namespace attn::course {

VocabTable vocab_table(const Vocabulary& vocab, const std::vector<std::string>& words) {
    VocabTable t{vocab.path, vocab.description, vocab.dimensions, vocab.pad_token, {}};
    const std::vector<std::string> rows = words.empty() ? vocab.words : words;
    if (rows.empty()) throw InputError(vocab.path + ": the vocabulary has no words; add some under [words]");
    t.table.title = "embeddings";
    t.table.legend = "rows = words, columns = named dimensions";
    t.table.values = embed(vocab, rows);  // throws for an unknown word, naming the closest ones
    t.table.row_labels = rows;
    t.table.col_labels = vocab.dimensions;
    t.table.shading = report::Shading::diverging;
    return t;
}

}  // namespace attn::course
