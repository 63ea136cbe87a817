// The options attn run and attn decode share, declared once so that both take the same inputs with the
// same help: a sentence or --x with its weights, and the heads. Their variant flags (the sliding window
// with its sinks among them) are cli/variant_options.hpp's.
#pragma once
#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "course/experiment.hpp"

namespace attn::cli {

// -s/--sentence, --vocab, --weights, --d-k, --seed, --x, --wq, --wk, --wv, --wo, --labels.
void add_self_attention_inputs(CLI::App* sub, course::RunRequest& r, std::string& vocab);

// --heads and --kv-heads.
void add_head_options(CLI::App* sub, course::RunRequest& r);

// The sentence a command computes on, from exactly one of -s/--sentence and --words (joined with
// spaces). Throws course::InputError when both or neither are given; `what` names the words in that
// message ("the words to map").
std::string sentence_or_words(const std::optional<std::string>& sentence,
                              const std::vector<std::string>& words, const std::string& what);

// The words a projection-only command (map, similarity) computes on, and where they come from.
struct WordInputs {
    std::optional<std::string> sentence;
    std::vector<std::string> words;
    std::string vocab = "apple";
};

// -s/--sentence and --words (`verb` starts their help: "Map"), then --vocab, --weights (`weights_help`),
// --seed and --word, into `in` and `run`.
void add_word_inputs(CLI::App* sub, WordInputs& in, course::RunRequest& run, const std::string& verb,
                     const std::string& weights_help);

// Fills run's sentence, data layers and vocabulary path from `in`; `what` as for sentence_or_words.
void resolve_word_inputs(const WordInputs& in, course::RunRequest& run, const course::DataLayers& data,
                         const std::string& what);

}  // namespace attn::cli
