#include "inputs/seq2seq_model.hpp"

#include "inputs/input_error.hpp"
#include "inputs/toml_read.hpp"
#include "inputs/vocabulary.hpp"

namespace attn::course {

namespace {

const toml::table& subtable(const toml::table& root, const std::string& path, const std::string& key,
                            const std::string& purpose) {
    const toml::node& node = toml_required(root, path, key, purpose);
    const toml::table* table = node.as_table();
    if (!table)
        throw InputError(at_location(path, line_of(node),
                                     "'" + key + "' must be a table [" + key + "] (" + purpose + ")"));
    return *table;
}

arma::mat matrix_at(const toml::table& t, const std::string& path, const std::string& section,
                    const std::string& key) {
    return toml_matrix(toml_required(t, path, key, "a matrix in [" + section + "]"), path,
                       section + "." + key);
}

arma::vec vector_at(const toml::table& t, const std::string& path, const std::string& section,
                    const std::string& key) {
    const arma::rowvec row = toml_row(toml_required(t, path, key, "a list of numbers in [" + section + "]"),
                                      path, section + "." + key);
    return row.t();
}

std::map<std::string, arma::rowvec> word_table(const toml::table& t, const std::string& path,
                                               const std::string& section, arma::uword width) {
    std::map<std::string, arma::rowvec> words;
    for (const auto& [key, node] : t) {
        const std::string word(key.str());
        arma::rowvec row = toml_row(node, path, section + "." + word);
        if (row.n_elem != width)
            throw InputError(at_location(path, line_of(node),
                                         section + "." + word + " has " + std::to_string(row.n_elem) +
                                             " numbers but there are " + std::to_string(width) +
                                             " dimensions"));
        words[lower(word)] = row;
    }
    return words;
}

math::RecurrentWeights recurrent_at(const toml::table& root, const std::string& path,
                                    const std::string& section) {
    const toml::table& t = subtable(root, path, section, "the " + section + " network");
    return {matrix_at(t, path, section, "w_x"), matrix_at(t, path, section, "w_h"),
            vector_at(t, path, section, "b")};
}

std::vector<std::pair<std::string, std::string>> pairs_at(const toml::table& root, const std::string& path) {
    const toml::array* array =
        toml_required(root, path, "pairs", "[[pairs]] of source and target sentences").as_array();
    if (!array || array->empty()) throw InputError(path + ": 'pairs' must be one or more [[pairs]] tables");
    std::vector<std::pair<std::string, std::string>> pairs;
    for (const toml::node& node : *array) {
        const toml::table* pair = node.as_table();
        if (!pair)
            throw InputError(at_location(path, line_of(node),
                                         "each [[pairs]] entry needs source = \"...\" and target = \"...\""));
        pairs.emplace_back(toml_string(*pair, path, "source"), toml_string(*pair, path, "target"));
    }
    return pairs;
}

}  // namespace

Seq2SeqVocab load_seq2seq_vocab(const std::string& path) {
    const toml::table root = parse_toml_file(path);
    Seq2SeqVocab v;
    v.path = path;
    v.dimensions = toml_strings(toml_required(root, path, "dimensions", "names of the embedding columns"),
                                path, "dimensions");
    v.start = toml_string(root, path, "start");
    v.source = word_table(subtable(root, path, "source", "source-language words"), path, "source",
                          v.dimensions.size());
    v.target = word_table(subtable(root, path, "target", "target-language words"), path, "target",
                          v.dimensions.size());
    if (!v.target.count(lower(v.start)))
        throw InputError(path + ": the start token '" + v.start + "' needs a row in [target]");
    v.pairs = pairs_at(root, path);
    return v;
}

Seq2SeqWeights load_seq2seq_weights(const std::string& path) {
    const toml::table root = parse_toml_file(path);
    Seq2SeqWeights w;
    w.path = path;
    w.hidden = toml_strings(toml_required(root, path, "hidden", "names of the hidden units"), path, "hidden");
    w.encoder = recurrent_at(root, path, "encoder");
    w.decoder = recurrent_at(root, path, "decoder");
    const toml::table& general = subtable(root, path, "general", "W_a of the general score");
    w.general.wa = matrix_at(general, path, "general", "w_a");
    const toml::table& concat = subtable(root, path, "concat", "W_a and v_a of the concat score");
    w.concat = {matrix_at(concat, path, "concat", "w_a"), std::nullopt,
                vector_at(concat, path, "concat", "v_a")};
    const toml::table& additive = subtable(root, path, "additive", "W_a, U_a and v_a of the additive score");
    w.additive = {matrix_at(additive, path, "additive", "w_a"), matrix_at(additive, path, "additive", "u_a"),
                  vector_at(additive, path, "additive", "v_a")};
    const toml::table& local = subtable(root, path, "local_p", "W_p and v_p of local-p attention");
    w.position = {matrix_at(local, path, "local_p", "w_p"), vector_at(local, path, "local_p", "v_p")};
    const toml::table& out = subtable(root, path, "attentional", "W_c of the attentional state");
    w.wc = matrix_at(out, path, "attentional", "w_c");
    w.attentional =
        toml_strings(toml_required(out, path, "names", "names of h̃'s units"), path, "attentional.names");
    return w;
}

arma::mat embed_words(const std::map<std::string, arma::rowvec>& table, const std::vector<std::string>& words,
                      const std::string& flag, const std::string& path) {
    if (words.empty()) throw InputError(flag + ": the sentence is empty; write at least one word");
    arma::mat x(words.size(), table.begin()->second.n_elem);
    for (size_t i = 0; i < words.size(); ++i) {
        const auto found = table.find(lower(words[i]));
        if (found == table.end()) {
            std::string known;
            for (const auto& [word, row] : table) known += (known.empty() ? "" : ", ") + word;
            throw InputError(flag + ": '" + words[i] + "' is not in " + path + "; known words: " + known);
        }
        x.row(i) = found->second;
    }
    return x;
}

std::string paired_target(const Seq2SeqVocab& vocab, const std::string& source) {
    std::string wanted;
    for (const std::string& w : tokenize(source)) wanted += lower(w) + " ";
    for (const auto& [src, tgt] : vocab.pairs) {
        std::string have;
        for (const std::string& w : tokenize(src)) have += lower(w) + " ";
        if (have == wanted) return tgt;
    }
    return "";
}

}  // namespace attn::course
