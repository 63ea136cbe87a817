#include "course/word_flag.hpp"

#include <cmath>
#include <sstream>

#include "inputs/input_error.hpp"

namespace attn::course {

namespace {

std::string dimension_list(const Vocabulary& vocab) {
    std::string names;
    for (const std::string& d : vocab.dimensions) names += (names.empty() ? "" : ", ") + d;
    return names;
}

arma::rowvec parse_numbers(const std::string& definition, const std::string& numbers,
                           const Vocabulary& vocab) {
    std::vector<double> values;
    std::istringstream in(numbers);
    for (std::string cell; std::getline(in, cell, ',');) {
        size_t used = 0;
        double v = 0;
        try {
            v = std::stod(cell, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used == 0 || cell.find_first_not_of(" \t", used) != std::string::npos || !std::isfinite(v))
            throw InputError("--word " + definition + ": '" + cell + "' is not a finite number");
        values.push_back(v);
    }
    if (values.size() != vocab.dimensions.size())
        throw InputError("--word " + definition + ": " + std::to_string(values.size()) + " numbers, but " +
                         vocab.path + " has " + std::to_string(vocab.dimensions.size()) + " dimensions (" +
                         dimension_list(vocab) + "); give one number each");
    return arma::rowvec(values);
}

}  // namespace

bool is_word_definition(const std::string& text) { return text.find('=') != std::string::npos; }

void add_word_definitions(Vocabulary& vocab, const std::vector<std::string>& definitions) {
    for (const std::string& definition : definitions) {
        const size_t eq = definition.find('=');
        const std::string name = definition.substr(0, eq);
        if (eq == std::string::npos || name.empty() || name.find_first_of(" \t") != std::string::npos)
            throw InputError("--word " + definition + ": write NAME=N,N,... with one number per dimension (" +
                             dimension_list(vocab) + ")");
        const arma::rowvec row = parse_numbers(definition, definition.substr(eq + 1), vocab);
        if (!vocab.embeddings.count(lower(name))) vocab.words.push_back(name);
        vocab.embeddings[lower(name)] = row;
    }
}

}  // namespace attn::course
