#include "inputs/train_task.hpp"

#include <algorithm>
#include <filesystem>

#include "inputs/input_error.hpp"
#include "inputs/toml_read.hpp"

namespace attn::course {

namespace fs = std::filesystem;

namespace {

arma::uword index_of(const std::vector<std::string>& names, const std::string& name) {
    for (size_t i = 0; i < names.size(); ++i)
        if (lower(names[i]) == lower(name)) return i;
    return names.size();
}

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

// One item of `train` or `test`: ["sentence", "class"] for a sense task, "sentence" for a copy task.
TaskSentence read_item(const TrainTask& task, const toml::node& item, const std::string& key) {
    const std::string where = at_location(task.path, line_of(item), key);
    if (task.kind == TaskKind::copy) {
        const std::optional<std::string> text = item.value<std::string>();
        if (!text) throw InputError(where + ": each item must be a sentence in quotes, like \"cat dog owl\"");
        return make_task_sentence(task, *text, std::nullopt, where);
    }
    const toml::array* pair = item.as_array();
    if (!pair || pair->size() != 2 || !pair->get(0)->is_string() || !pair->get(1)->is_string())
        throw InputError(
            where + ": each item must be [\"sentence\", \"class\"], like [\"I ate the apple\", \"fruit\"]");
    return make_task_sentence(task, *pair->get(0)->value<std::string>(), *pair->get(1)->value<std::string>(),
                              where);
}

std::vector<TaskSentence> read_items(const TrainTask& task, const toml::table& root, const std::string& key) {
    std::vector<TaskSentence> out;
    const toml::node* node = root.get(key);
    if (!node) return out;
    const toml::array* items = node->as_array();
    if (!items) throw InputError(at_location(task.path, line_of(*node), key + " must be a list of examples"));
    for (const toml::node& item : *items) out.push_back(read_item(task, item, key));
    return out;
}

// [defaults] KEY: a whole number from 1 to `most`; 2.5, "3" or -1 is an error at its line, never ignored.
arma::uword whole_default(const toml::table& d, const std::string& path, const std::string& key,
                          arma::uword current, int64_t most) {
    const toml::node* node = d.get(key);
    if (!node) return current;
    const std::optional<int64_t> n = node->is_integer() ? node->value<int64_t>() : std::nullopt;
    if (!n || *n < 1 || *n > most)
        throw InputError(at_location(path, line_of(*node),
                                     key + " must be a whole number from 1 to " + std::to_string(most)));
    return static_cast<arma::uword>(*n);
}

void read_defaults(TrainTask& task, const toml::table& root) {
    const toml::table* d = root["defaults"].as_table();
    if (!d) return;
    // A value of the wrong type is an error at its line, never silently the default.
    if (const toml::node* optimizer = d->get("optimizer"); optimizer && !optimizer->is_string())
        throw InputError(
            at_location(task.path, line_of(*optimizer), "optimizer must be \"sgd\" or \"adam\""));
    if (const toml::node* lr = d->get("lr"); lr && !lr->is_number())
        throw InputError(at_location(task.path, line_of(*lr), "lr must be a number, like 0.05"));
    task.defaults.optimizer = (*d)["optimizer"].value_or(task.defaults.optimizer);
    task.defaults.learning_rate = (*d)["lr"].value_or(task.defaults.learning_rate);
    task.defaults.epochs = whole_default(*d, task.path, "epochs", task.defaults.epochs, 1000000);
    task.defaults.d_k = whole_default(*d, task.path, "d_k", task.defaults.d_k, 1024);
}

void read_kind_and_classes(TrainTask& task, const toml::table& root) {
    const std::string kind = toml_string(root, task.path, "kind");
    if (kind == "copy") {
        task.kind = TaskKind::copy;
        for (const std::string& w : task.vocab.words)
            if (lower(w) != lower(task.vocab.pad_token)) task.classes.push_back(lower(w));
        return;
    }
    if (kind != "sense")
        throw InputError(at_location(task.path, line_of(*root.get("kind")),
                                     "kind must be \"sense\" or \"copy\", not \"" + kind + "\""));
    task.focus = toml_string(root, task.path, "focus");
    task.classes = toml_strings(toml_required(root, task.path, "classes", "the senses of the focus word"),
                                task.path, "classes");
    if (task.classes.size() < 2)
        throw InputError(
            at_location(task.path, line_of(*root.get("classes")), "classes needs at least two names"));
}

}  // namespace

TaskSentence make_task_sentence(const TrainTask& task, const std::string& text,
                                const std::optional<std::string>& label, const std::string& where) {
    TaskSentence s{text, tokenize(text), {}};
    try {
        s.example.x = embed(task.vocab, s.tokens);
    } catch (const InputError& e) {
        throw InputError(where + ": " + e.what());
    }
    if (task.kind == TaskKind::copy) {
        for (arma::uword i = 0; i < s.tokens.size(); ++i) {
            const arma::uword c = index_of(task.classes, s.tokens[i]);
            if (c == task.classes.size())
                throw InputError(where + ": '" + s.tokens[i] + "' cannot be copied: it is the padding token");
            s.example.rows.push_back(i);
            s.example.targets.push_back(c);
        }
        return s;
    }
    const arma::uword focus = index_of(s.tokens, task.focus);
    if (focus == s.tokens.size())
        throw InputError(where + ": \"" + text + "\" has no '" + task.focus +
                         "'; every sentence of this task needs it");
    const arma::uword c = label ? index_of(task.classes, *label) : 0;
    if (c == task.classes.size())
        throw InputError(where + ": class '" + *label +
                         "' is not one of the task's classes: " + joined(task.classes));
    s.example.rows = {focus};
    s.example.targets = {c};
    return s;
}

TrainTask load_train_task(const std::string& path) {
    const toml::table root = parse_toml_file(path);
    TrainTask task;
    task.path = path;
    task.name = fs::path(path).stem().string();
    task.description = root["description"].value_or(std::string());
    const fs::path vocab = fs::path(path).parent_path() / toml_string(root, path, "vocab");
    task.vocab = load_vocabulary(vocab.lexically_normal().string());
    read_kind_and_classes(task, root);
    task.probe = toml_string(root, path, "probe");
    make_task_sentence(task, task.probe, std::nullopt,
                       at_location(path, line_of(*root.get("probe")), "probe"));
    toml_required(root, path, "train", "the training examples");
    task.train = read_items(task, root, "train");
    task.test = read_items(task, root, "test");
    if (task.train.empty())
        throw InputError(at_location(path, line_of(*root.get("train")), "train needs at least one example"));
    read_defaults(task, root);
    return task;
}

std::vector<std::string> list_train_tasks(const std::string& data_dir) {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(fs::path(data_dir) / "train", ec))
        if (entry.path().extension() == ".toml") names.push_back(entry.path().stem().string());
    std::sort(names.begin(), names.end());
    return names;
}

std::string resolve_train_task(const std::string& given, const std::string& data_dir) {
    std::error_code fs_error;  // a path too long, or a loop of links, counts as missing (no exception)
    if (fs::is_regular_file(given, fs_error)) return given;
    const fs::path named = fs::path(data_dir) / "train" / (given + ".toml");
    if (given.find('/') == std::string::npos && fs::is_regular_file(named, fs_error)) return named.string();
    throw InputError("--task " + given + ": no such file, and no task of that name in " +
                     (fs::path(data_dir) / "train").string() +
                     " (there: " + joined(list_train_tasks(data_dir)) + ")");
}

}  // namespace attn::course
