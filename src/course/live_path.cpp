#include "course/live_path.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <numeric>

#include "inputs/input_error.hpp"
#include "inputs/strings.hpp"

namespace attn::course {

namespace {

bool all_digits(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

// One step of a path: a key (".name"), or a bracket ("[label]" / "[2]").
struct PathPart {
    std::string text;
    bool bracket = false;
};

std::vector<PathPart> split_path(const std::string& path) {
    std::vector<PathPart> parts;
    size_t i = 0;
    while (i < path.size()) {
        if (path[i] == '.') {
            ++i;
            continue;
        }
        if (path[i] == '[') {
            const size_t close = path.find(']', i);
            if (close == std::string::npos) throw InputError("path '" + path + "': a '[' without its ']'");
            parts.push_back({trim(path.substr(i + 1, close - i - 1)), true});
            if (parts.back().text.empty()) throw InputError("path '" + path + "': empty []");
            i = close + 1;
            continue;
        }
        const size_t end = path.find_first_of(".[", i);
        const std::string key = path.substr(i, end == std::string::npos ? std::string::npos : end - i);
        if (key.find(']') != std::string::npos)
            throw InputError("path '" + path + "': a ']' without its '['");
        parts.push_back({key, false});
        i = end == std::string::npos ? path.size() : end;
    }
    if (parts.empty())
        throw InputError("empty path: say what to select, for example stages.weights[apple][ate]");
    return parts;
}

// Names of the label lists a bracket prefers: the rows of a matrix are its queries, later indices its
// keys (or the model's dimensions).
const std::vector<std::string>& preferred_lists(size_t bracket_position) {
    // attn run: tokens (queries), key_tokens; attn seq2seq: target (rows), source (columns).
    static const std::vector<std::string> rows = {"tokens",     "query_tokens", "target",
                                                  "key_tokens", "source",       "dimensions"};
    static const std::vector<std::string> columns = {"key_tokens", "source", "dimensions", "tokens",
                                                     "target"};
    return bracket_position == 0 ? rows : columns;
}

// Which axis `array` spans: a matrix's first index runs over rows (queries, targets), anything after
// over columns; a lone vector (a step's weights over the source) is a row, so it spans columns.
size_t axis(const nlohmann::json& array, size_t bracket_position) {
    const bool vector = !array.empty() && !array.front().is_array();
    return bracket_position == 0 && vector ? 1 : bracket_position;
}

bool is_label_list(const nlohmann::json& j) {
    return j.is_array() && !j.empty() &&
           std::all_of(j.begin(), j.end(), [](const nlohmann::json& e) { return e.is_string(); });
}

// Every label list that could name the elements of an array of `size` at `bracket_position`, the
// innermost enclosing object's first, each object's preferred names first.
std::vector<const nlohmann::json*> label_lists(const std::vector<const nlohmann::json*>& enclosing,
                                               size_t size, size_t bracket_position) {
    std::vector<const nlohmann::json*> lists;
    for (auto it = enclosing.rbegin(); it != enclosing.rend(); ++it) {
        const nlohmann::json& object = **it;
        auto add = [&](const nlohmann::json& candidate) {
            if (is_label_list(candidate) && candidate.size() == size &&
                std::find(lists.begin(), lists.end(), &candidate) == lists.end())
                lists.push_back(&candidate);
        };
        for (const std::string& name : preferred_lists(bracket_position))
            if (object.contains(name)) add(object[name]);
        for (const auto& item : object.items()) add(item.value());
    }
    return lists;
}

size_t resolve_index(const std::string& label, const nlohmann::json& array,
                     const std::vector<const nlohmann::json*>& enclosing, size_t bracket_position,
                     const std::string& where) {
    if (all_digits(label)) {
        const size_t index = std::stoul(label.substr(0, 9));
        if (label.size() > 9 || index >= array.size())
            throw InputError(where + ": index " + label + " is out of range (0 to " +
                             std::to_string(array.size() - 1) + ")");
        return index;
    }
    const std::vector<const nlohmann::json*> lists = label_lists(enclosing, array.size(), bracket_position);
    for (const nlohmann::json* list : lists)
        for (size_t k = 0; k < list->size(); ++k)
            if (lower((*list)[k].get<std::string>()) == lower(label)) return k;
    std::string known;
    for (const nlohmann::json* list : lists)
        for (const auto& name : *list) known += (known.empty() ? "" : ", ") + name.get<std::string>();
    throw InputError(
        where + ": no label '" + label + "' here" +
        (known.empty() ? " (no token list fits; use a 0-based index)" : "; the labels are " + known));
}

double as_number(const nlohmann::json& j, const std::string& where) {
    if (j.is_null()) return -std::numeric_limits<double>::infinity();  // a masked cell
    if (!j.is_number()) throw InputError(where + ": '" + j.dump() + "' is not a number");
    return j.get<double>();
}

// .sum .max .min .argmax .argmin over a numeric array; .count, how many elements any array has (the
// dimensions of a vocabulary, the sentences of a task).
LiveValue reduce(const std::string& op, const nlohmann::json& array,
                 const std::vector<const nlohmann::json*>& enclosing, size_t bracket_position,
                 const std::string& where) {
    if (op == "count") {
        LiveValue v;
        v.is_number = true;
        v.whole = true;
        v.number = static_cast<double>(array.size());
        return v;
    }
    if (array.empty()) throw InputError(where + ": ." + op + " of an empty list");
    std::vector<double> values;
    for (const nlohmann::json& e : array) values.push_back(as_number(e, where));
    LiveValue v;
    if (op == "sum" || op == "max" || op == "min") {
        v.is_number = true;
        v.number = op == "sum"   ? std::accumulate(values.begin(), values.end(), 0.0)
                   : op == "max" ? *std::max_element(values.begin(), values.end())
                                 : *std::min_element(values.begin(), values.end());
        return v;
    }
    const auto best = op == "argmax" ? std::max_element(values.begin(), values.end())
                                     : std::min_element(values.begin(), values.end());
    const size_t index = static_cast<size_t>(best - values.begin());
    const std::vector<const nlohmann::json*> lists = label_lists(enclosing, array.size(), bracket_position);
    v.label = lists.empty() ? std::to_string(index) : (*lists.front())[index].get<std::string>();
    return v;
}

bool is_reduction(const std::string& name) {
    return name == "sum" || name == "max" || name == "min" || name == "argmax" || name == "argmin" ||
           name == "count";
}

LiveValue leaf_value(const nlohmann::json& node, const std::string& path) {
    LiveValue v;
    if (node.is_string()) {
        v.label = node.get<std::string>();
    } else if (node.is_boolean()) {
        v.label = node.get<bool>() ? "true" : "false";
    } else if (node.is_number() || node.is_null()) {
        v.is_number = true;
        v.number = as_number(node, path);
        v.whole = node.is_number_integer();
    } else {
        throw InputError(
            "path '" + path + "' selects " + (node.is_array() ? "a list" : "an object") +
            ", not one value; add [label], [index] or a reduction (.argmax .argmin .sum .max .min .count)");
    }
    return v;
}

// A bracket that lists labels, [food,tech]: those elements of `array` in a new list (into `subset`),
// named by an object holding their labels (into `names`), so that a reduction after it says which.
void select_subset(const std::string& text, const nlohmann::json& array,
                   const std::vector<const nlohmann::json*>& enclosing, size_t bracket_position,
                   const std::string& where, nlohmann::json& subset, nlohmann::json& names) {
    subset = nlohmann::json::array();
    nlohmann::json labels = nlohmann::json::array();
    size_t start = 0;
    while (start <= text.size()) {
        const size_t comma = std::min(text.find(',', start), text.size());
        const std::string label = trim(text.substr(start, comma - start));
        if (label.empty()) throw InputError(where + ": an empty label in the list");
        subset.push_back(array[resolve_index(label, array, enclosing, bracket_position, where)]);
        labels.push_back(label);
        start = comma + 1;
    }
    names = {{"labels", labels}};
}

std::string object_keys(const nlohmann::json& object) {
    std::string keys;
    for (const auto& item : object.items()) keys += (keys.empty() ? "" : ", ") + item.key();
    return keys;
}

}  // namespace

std::vector<std::string> split_live_parts(const std::string& s) {
    std::vector<std::string> parts(1);
    bool quoted = false;
    for (char c : s) {
        if (c == '"') quoted = !quoted;
        if (c == '|' && !quoted)
            parts.emplace_back();
        else
            parts.back() += c;
    }
    for (std::string& p : parts) p = trim(p);
    return parts;
}

LiveRef parse_live_ref(const std::string& reference) {
    const std::vector<std::string> parts = split_live_parts(reference);
    if (parts.size() < 2 || parts.size() > 3 || parts[0].empty() || parts[1].empty())
        throw InputError("live value '" + reference + "': write COMMAND | PATH [| DECIMALS], for example " +
                         "=run -s \"I ate the apple\" | stages.weights[apple][ate] | 3");
    LiveRef ref{parts[0], parts[1], std::nullopt};
    if (parts.size() == 3) {
        if (!all_digits(parts[2]) || parts[2].size() > 2 || std::stoi(parts[2]) > 12)
            throw InputError("live value '" + reference +
                             "': decimals must be a whole number from 0 to 12, not '" + parts[2] + "'");
        ref.decimals = std::stoi(parts[2]);
    }
    return ref;
}

LiveValue select_live_value(const nlohmann::json& doc, const std::string& path) {
    const std::vector<PathPart> parts = split_path(path);
    const nlohmann::json* node = &doc;
    std::vector<const nlohmann::json*> enclosing;
    nlohmann::json subset, names;  // a bracket that lists labels: those elements, and their names
    size_t bracket_position = 0;
    std::string walked;
    for (size_t k = 0; k < parts.size(); ++k) {
        const PathPart& part = parts[k];
        const std::string where =
            "path '" + path + "' at '" + (part.bracket ? "[" + part.text + "]" : part.text) + "'";
        if (!part.bracket && node->is_array() && is_reduction(part.text)) {
            if (k + 1 != parts.size()) throw InputError(where + ": a reduction must end the path");
            return reduce(part.text, *node, enclosing, axis(*node, bracket_position), where);
        }
        if (!part.bracket) {
            if (!node->is_object())
                throw InputError(where + ": '" + walked +
                                 "' is a list, not an object; use [label] or [index]");
            if (!node->contains(part.text))
                throw InputError(where + ": no key '" + part.text + "'" +
                                 (walked.empty() ? "" : " in '" + walked + "'") + "; the keys are " +
                                 object_keys(*node));
            enclosing.push_back(node);
            node = &(*node)[part.text];
            bracket_position = 0;
            walked += (walked.empty() ? "" : ".") + part.text;
            continue;
        }
        if (!node->is_array()) throw InputError(where + ": '" + walked + "' is not a list");
        if (part.text.find(',') != std::string::npos) {
            if (k + 2 != parts.size() || parts[k + 1].bracket || !is_reduction(parts[k + 1].text))
                throw InputError(where +
                                 ": a list of labels must be followed by a reduction that ends the path, "
                                 "for example [food,tech].argmax");
            select_subset(part.text, *node, enclosing, axis(*node, bracket_position), where, subset, names);
            enclosing.push_back(&names);
            node = &subset;
            bracket_position = 1;  // the list's labels name its elements whatever the axis
            walked += "[" + part.text + "]";
            continue;
        }
        node = &(*node)[resolve_index(part.text, *node, enclosing, axis(*node, bracket_position), where)];
        ++bracket_position;
        walked += "[" + part.text + "]";
    }
    return leaf_value(*node, path);
}

std::string format_live_value(const LiveValue& value, std::optional<int> decimals) {
    if (!value.is_number) return value.label;
    if (std::isinf(value.number)) return value.number < 0 ? "-inf" : "inf";
    if (std::isnan(value.number)) return "nan";
    if (!decimals && value.whole) return std::to_string(static_cast<long long>(value.number));
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals.value_or(3), value.number);
    std::string text = buffer;
    // A value that rounds to zero prints as 0.000, never -0.000.
    if (text[0] == '-' && text.find_first_not_of("-0.") == std::string::npos) text.erase(0, 1);
    return text;
}

LiveCondition split_live_condition(const std::string& text) {
    static const char* const operators[] = {"==", "!=", "<=", ">=", "<", ">"};
    int depth = 0;
    for (size_t k = 0; k < text.size(); ++k) {
        depth += text[k] == '[' ? 1 : text[k] == ']' ? -1 : 0;
        if (depth != 0) continue;
        for (const char* candidate : operators) {
            if (text.compare(k, std::strlen(candidate), candidate) != 0) continue;
            LiveCondition c{trim(text.substr(0, k)), candidate,
                            trim(text.substr(k + std::strlen(candidate)))};
            if (c.path.empty() || c.value.empty()) break;
            return c;
        }
    }
    throw InputError("condition '" + text + "': write PATH OP VALUE with OP one of == != < <= > >=");
}

bool compare_live_values(const LiveValue& left, const std::string& op, const LiveValue& right) {
    if (left.is_number && right.is_number) {
        const double a = left.number, b = right.number;
        if (op == "==") return a == b;
        if (op == "!=") return a != b;
        if (op == "<") return a < b;
        if (op == "<=") return a <= b;
        if (op == ">") return a > b;
        return a >= b;
    }
    if (left.is_number != right.is_number || (op != "==" && op != "!="))
        throw InputError("'" + (left.is_number ? format_live_value(left, std::nullopt) : left.label) + "' " +
                         op + " '" +
                         (right.is_number ? format_live_value(right, std::nullopt) : right.label) +
                         "' compares a number with a label");
    return (lower(left.label) == lower(right.label)) == (op == "==");
}

}  // namespace attn::course
