#include "inputs/vocabulary.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <sstream>

#include "inputs/input_error.hpp"
#include "inputs/limits.hpp"
#include "inputs/toml_read.hpp"

namespace attn::course {

namespace {

size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (size_t j = 1; j <= b.size(); ++j)
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

void read_words(Vocabulary& vocab, const toml::table& root) {
    const toml::node& words_node =
        toml_required(root, vocab.path, "words", "a table: word = [one number per dimension]");
    const toml::table* words = words_node.as_table();
    if (!words || words->empty())
        throw InputError(
            at_location(vocab.path, line_of(words_node), "[words] must be a table with at least one word"));
    for (const auto& [key, node] : *words) {
        const std::string word(key.str());
        arma::rowvec row = toml_row(node, vocab.path, "word '" + word + "'");
        if (row.n_elem != vocab.dimensions.size())
            throw InputError(at_location(
                vocab.path, line_of(node),
                "word '" + word + "' has " + std::to_string(row.n_elem) + " numbers but there are " +
                    std::to_string(vocab.dimensions.size()) + " dimensions; give one number per dimension"));
        if (vocab.embeddings.count(lower(word)))
            throw InputError(at_location(vocab.path, line_of(node),
                                         "word '" + word + "' appears twice (words are case-insensitive)"));
        vocab.words.push_back(word);
        vocab.embeddings[lower(word)] = row;
    }
}

void read_example(Vocabulary& vocab, const toml::table& root) {
    const toml::table* example = root["example"].as_table();
    if (!example) return;
    if (const toml::node* sentences = example->get("sentences"))
        vocab.example_sentences = toml_strings(*sentences, vocab.path, "example.sentences");
    if (example->get("focus")) vocab.focus_word = toml_string(*example, vocab.path, "focus");
}

}  // namespace

Vocabulary load_vocabulary(const std::string& path) {
    const toml::table root = parse_toml_file(path);
    Vocabulary vocab;
    vocab.path = path;
    vocab.description = root["description"].value_or(std::string());
    vocab.dimensions = toml_strings(
        toml_required(root, path, "dimensions", "the names of the embedding columns"), path, "dimensions");
    if (vocab.dimensions.empty())
        throw InputError(
            at_location(path, line_of(*root.get("dimensions")), "dimensions must name at least one column"));
    vocab.pad_token = root["pad"].value_or(std::string("<pad>"));
    if (root.get("preset_weights")) {
        const std::filesystem::path relative = toml_string(root, path, "preset_weights");
        vocab.preset_weights =
            (std::filesystem::path(path).parent_path() / relative).lexically_normal().string();
    }
    read_words(vocab, root);
    read_example(vocab, root);
    return vocab;
}

std::vector<std::string> tokenize(const std::string& sentence) {
    std::vector<std::string> tokens;
    std::istringstream in(sentence);
    std::string word;
    const std::string punctuation = ".,!?;:\"'()";
    while (in >> word) {
        const size_t first = word.find_first_not_of(punctuation);
        if (first == std::string::npos) continue;
        const size_t last = word.find_last_not_of(punctuation);
        tokens.push_back(word.substr(first, last - first + 1));
        if (tokens.size() > kMaxTokens)
            throw InputError(
                "the sentence has more than " + std::to_string(kMaxTokens) +
                " words, more than attn can show (every stage is an n x n matrix); use a shorter sentence");
    }
    return tokens;
}

std::vector<std::string> closest_words(const Vocabulary& vocab, const std::string& word, size_t count) {
    std::vector<std::pair<size_t, std::string>> ranked;
    for (const std::string& w : vocab.words) ranked.emplace_back(edit_distance(lower(word), lower(w)), w);
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::string> out;
    for (size_t i = 0; i < ranked.size() && i < count; ++i) out.push_back(ranked[i].second);
    return out;
}

arma::mat embed(const Vocabulary& vocab, const std::vector<std::string>& tokens) {
    if (tokens.empty())
        throw InputError("the sentence has no words; give one, like --sentence \"I ate the apple\"");
    arma::mat x(tokens.size(), vocab.dimensions.size());
    for (size_t i = 0; i < tokens.size(); ++i) {
        auto found = vocab.embeddings.find(lower(tokens[i]));
        if (found == vocab.embeddings.end()) {
            std::string close;
            for (const std::string& w : closest_words(vocab, tokens[i], 5))
                close += (close.empty() ? "" : ", ") + w;
            std::string dims;
            for (const std::string& d : vocab.dimensions) dims += (dims.empty() ? "" : ",") + d;
            throw InputError("the word '" + tokens[i] + "' (word " + std::to_string(i + 1) +
                             " of the sentence) is not in the vocabulary " + vocab.path +
                             "; closest words: " + close + ". Use one of them, or add '" + lower(tokens[i]) +
                             "': for one command with --word " + lower(tokens[i]) + "=N,N,... (" +
                             std::to_string(vocab.dimensions.size()) + " numbers: " + dims +
                             "), or for good under [words] in your workspace's copy of the vocabulary "
                             "('attn workspace init' makes one; `attn vocab` lists every word)");
        }
        x.row(i) = found->second;
    }
    return x;
}

}  // namespace attn::course
