// A toy training task read from TOML (data/train/*.toml): its vocabulary, classes, labelled sentences,
// a probe sentence whose attention is watched, and default hyper-parameters.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "inputs/vocabulary.hpp"
#include "math/train_model.hpp"

namespace attn::course {

enum class TaskKind {
    sense,  // classify the focus word ("apple") into a class from its context
    copy,   // every token predicts its own word: it must find itself among the others
};

struct TaskSentence {
    std::string text;
    std::vector<std::string> tokens;
    math::Example example;
};

// Hyper-parameters the task file suggests; the command line overrides each.
struct TaskDefaults {
    std::string optimizer = "adam";
    double learning_rate = 0.05;
    arma::uword epochs = 100;
    arma::uword d_k = 4;
};

struct TrainTask {
    std::string path;
    std::string name;  // file name without .toml: "apple-sense"
    std::string description;
    TaskKind kind = TaskKind::sense;
    Vocabulary vocab;
    std::vector<std::string> classes;  // sense: from the file; copy: the vocabulary's words but <pad>
    std::string focus;                 // sense: the word whose meaning is classified
    std::string probe;                 // the sentence whose attention is shown while training
    std::vector<TaskSentence> train, test;
    TaskDefaults defaults;
};

// Reads a task file. Throws InputError "FILE:LINE: ..." for a missing key, an unknown kind or class,
// a word the vocabulary lacks, or a sense sentence without the focus word.
TrainTask load_train_task(const std::string& path);

// A task argument: an existing file as given, else a name in DATA/train ("apple-sense" →
// DATA/train/apple-sense.toml). Throws InputError listing the shipped tasks when neither exists.
std::string resolve_train_task(const std::string& given, const std::string& data_dir);

// The names of the tasks in DATA/train, sorted.
std::vector<std::string> list_train_tasks(const std::string& data_dir);

// A sentence as a training example; `label` is the class (sense) and ignored for copy. Throws
// InputError (prefixed with `where`) for unknown words, a missing focus word or an unknown class.
TaskSentence make_task_sentence(const TrainTask& task, const std::string& text,
                                const std::optional<std::string>& label, const std::string& where);

}  // namespace attn::course
