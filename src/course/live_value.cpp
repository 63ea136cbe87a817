#include "course/live_value.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <numeric>
#include <vector>

#include "inputs/input_error.hpp"

namespace attn::course {

namespace {

std::string trim(const std::string& s) {
    const size_t first = s.find_first_not_of(" \t\n");
    if (first == std::string::npos) return "";
    return s.substr(first, s.find_last_not_of(" \t\n") - first + 1);
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool all_digits(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

// Splits at '|' outside double quotes, so that a sentence may hold a '|'.
std::vector<std::string> split_bars(const std::string& s) {
    std::vector<std::string> parts(1);
    bool quoted = false;
    for (char c : s) {
        if (c == '"') quoted = !quoted;
        if (c == '|' && !quoted) parts.emplace_back();
        else parts.back() += c;
    }
    for (std::string& p : parts) p = trim(p);
    return parts;
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
        if (key.find(']') != std::string::npos) throw InputError("path '" + path + "': a ']' without its '['");
        parts.push_back({key, false});
        i = end == std::string::npos ? path.size() : end;
    }
    if (parts.empty()) throw InputError("empty path: say what to select, for example stages.weights[apple][ate]");
    return parts;
}

// Names of the label lists a bracket prefers: the rows of a matrix are its queries, later indices its
// keys (or the model's dimensions).
const std::vector<std::string>& preferred_lists(size_t bracket_position) {
    // attn run: tokens (queries), key_tokens; attn seq2seq: target (rows), source (columns).
    static const std::vector<std::string> rows = {"tokens", "query_tokens", "target", "key_tokens", "source", "dimensions"};
    static const std::vector<std::string> columns = {"key_tokens", "source", "dimensions", "tokens", "target"};
    return bracket_position == 0 ? rows : columns;
}

// Which axis `array` spans: a matrix's first index runs over rows (queries, targets), anything after
// over columns; a lone vector (a step's weights over the source) is a row, so it spans columns.
size_t axis(const nlohmann::json& array, size_t bracket_position) {
    const bool vector = !array.empty() && !array.front().is_array();
    return bracket_position == 0 && vector ? 1 : bracket_position;
}

bool is_label_list(const nlohmann::json& j) {
    return j.is_array() && !j.empty() && std::all_of(j.begin(), j.end(), [](const nlohmann::json& e) { return e.is_string(); });
}

// Every label list that could name the elements of an array of `size` at `bracket_position`, the
// innermost enclosing object's first, each object's preferred names first.
std::vector<const nlohmann::json*> label_lists(const std::vector<const nlohmann::json*>& enclosing, size_t size,
                                               size_t bracket_position) {
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

size_t resolve_index(const std::string& label, const nlohmann::json& array, const std::vector<const nlohmann::json*>& enclosing,
                     size_t bracket_position, const std::string& where) {
    if (all_digits(label)) {
        const size_t index = std::stoul(label.substr(0, 9));
        if (label.size() > 9 || index >= array.size())
            throw InputError(where + ": index " + label + " is out of range (0 to " + std::to_string(array.size() - 1) + ")");
        return index;
    }
    const std::vector<const nlohmann::json*> lists = label_lists(enclosing, array.size(), bracket_position);
    for (const nlohmann::json* list : lists)
        for (size_t k = 0; k < list->size(); ++k)
            if (lower((*list)[k].get<std::string>()) == lower(label)) return k;
    std::string known;
    for (const nlohmann::json* list : lists)
        for (const auto& name : *list) known += (known.empty() ? "" : ", ") + name.get<std::string>();
    throw InputError(where + ": no label '" + label + "' here" +
                     (known.empty() ? " (no token list fits; use a 0-based index)" : "; the labels are " + known));
}

double as_number(const nlohmann::json& j, const std::string& where) {
    if (j.is_null()) return -std::numeric_limits<double>::infinity();  // a masked cell
    if (!j.is_number()) throw InputError(where + ": '" + j.dump() + "' is not a number");
    return j.get<double>();
}

// .sum .max .min .argmax .argmin over a numeric array.
LiveValue reduce(const std::string& op, const nlohmann::json& array, const std::vector<const nlohmann::json*>& enclosing,
                 size_t bracket_position, const std::string& where) {
    if (array.empty()) throw InputError(where + ": ." + op + " of an empty list");
    std::vector<double> values;
    for (const nlohmann::json& e : array) values.push_back(as_number(e, where));
    LiveValue v;
    if (op == "sum" || op == "max" || op == "min") {
        v.is_number = true;
        v.number = op == "sum" ? std::accumulate(values.begin(), values.end(), 0.0) : op == "max" ? *std::max_element(values.begin(), values.end())
                                                                         : *std::min_element(values.begin(), values.end());
        return v;
    }
    const auto best = op == "argmax" ? std::max_element(values.begin(), values.end()) : std::min_element(values.begin(), values.end());
    const size_t index = static_cast<size_t>(best - values.begin());
    const std::vector<const nlohmann::json*> lists = label_lists(enclosing, array.size(), bracket_position);
    v.label = lists.empty() ? std::to_string(index) : (*lists.front())[index].get<std::string>();
    return v;
}

bool is_reduction(const std::string& name) {
    return name == "sum" || name == "max" || name == "min" || name == "argmax" || name == "argmin";
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
        throw InputError("path '" + path + "' selects " + (node.is_array() ? "a list" : "an object") +
                         ", not one value; add [label], [index] or a reduction (.argmax .argmin .sum .max .min)");
    }
    return v;
}

std::string object_keys(const nlohmann::json& object) {
    std::string keys;
    for (const auto& item : object.items()) keys += (keys.empty() ? "" : ", ") + item.key();
    return keys;
}

}  // namespace

LiveRef parse_live_ref(const std::string& reference) {
    const std::vector<std::string> parts = split_bars(reference);
    if (parts.size() < 2 || parts.size() > 3 || parts[0].empty() || parts[1].empty())
        throw InputError("live value '" + reference + "': write COMMAND | PATH [| DECIMALS], for example " +
                         "=run -s \"I ate the apple\" | stages.weights[apple][ate] | 3");
    LiveRef ref{parts[0], parts[1], std::nullopt};
    if (parts.size() == 3) {
        if (!all_digits(parts[2]) || parts[2].size() > 2 || std::stoi(parts[2]) > 12)
            throw InputError("live value '" + reference + "': decimals must be a whole number from 0 to 12, not '" + parts[2] + "'");
        ref.decimals = std::stoi(parts[2]);
    }
    return ref;
}

LiveValue select_live_value(const nlohmann::json& doc, const std::string& path) {
    const std::vector<PathPart> parts = split_path(path);
    const nlohmann::json* node = &doc;
    std::vector<const nlohmann::json*> enclosing;
    size_t bracket_position = 0;
    std::string walked;
    for (size_t k = 0; k < parts.size(); ++k) {
        const PathPart& part = parts[k];
        const std::string where = "path '" + path + "' at '" + (part.bracket ? "[" + part.text + "]" : part.text) + "'";
        if (!part.bracket && node->is_array() && is_reduction(part.text)) {
            if (k + 1 != parts.size()) throw InputError(where + ": a reduction must end the path");
            return reduce(part.text, *node, enclosing, axis(*node, bracket_position), where);
        }
        if (!part.bracket) {
            if (!node->is_object()) throw InputError(where + ": '" + walked + "' is a list, not an object; use [label] or [index]");
            if (!node->contains(part.text))
                throw InputError(where + ": no key '" + part.text + "'" + (walked.empty() ? "" : " in '" + walked + "'") +
                                 "; the keys are " + object_keys(*node));
            enclosing.push_back(node);
            node = &(*node)[part.text];
            bracket_position = 0;
            walked += (walked.empty() ? "" : ".") + part.text;
            continue;
        }
        if (!node->is_array()) throw InputError(where + ": '" + walked + "' is not a list");
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

LiveEvaluator::LiveEvaluator(CommandRunner runner, std::string lesson_path)
    : runner_(std::move(runner)), lesson_path_(std::move(lesson_path)) {}

const nlohmann::json& LiveEvaluator::document(const std::string& command, long line) {
    const auto found = cache_.find(command);
    if (found != cache_.end()) return found->second;
    std::string output;
    if (const auto seen = remembered_.find(command); seen != remembered_.end()) {
        output = std::move(seen->second);
        remembered_.erase(seen);
    } else {
        try {
            output = runner_(command);
        } catch (const std::exception& e) {
            throw InputError(at_location(lesson_path_, line, "live value: 'attn " + command + "' failed: " + e.what()));
        }
        ++runs_;
    }
    nlohmann::json doc = nlohmann::json::parse(output, nullptr, false);
    if (doc.is_discarded())
        throw InputError(at_location(lesson_path_, line, "live value: 'attn " + command + " --format json' did not print JSON"));
    return cache_.emplace(command, std::move(doc)).first->second;
}

void LiveEvaluator::remember(const std::string& command, std::string json_text) {
    if (json_text.empty()) return;
    cache_.erase(command);  // a step laid out again ran its command again: quote the new run
    remembered_[command] = std::move(json_text);
}

LiveValue LiveEvaluator::evaluate(const std::string& reference, long line) {
    LiveRef ref;
    try {
        ref = parse_live_ref(reference);
    } catch (const InputError& e) {
        throw InputError(at_location(lesson_path_, line, e.what()));
    }
    const nlohmann::json& doc = document(ref.command, line);
    try {
        return select_live_value(doc, ref.path);
    } catch (const InputError& e) {
        throw InputError(at_location(lesson_path_, line, "live value of 'attn " + ref.command + "': " + e.what()));
    }
}

std::string LiveEvaluator::text(const std::string& reference, long line) {
    const LiveValue value = evaluate(reference, line);
    return format_live_value(value, parse_live_ref(reference).decimals);
}

namespace {

const char* const kOperators[] = {"==", "!=", "<=", ">=", "<", ">"};

// "PATH OP VALUE" split at its operator (outside brackets), or throws.
void split_condition(const std::string& text, std::string& path, std::string& op, std::string& value) {
    int depth = 0;
    for (size_t k = 0; k < text.size(); ++k) {
        depth += text[k] == '[' ? 1 : text[k] == ']' ? -1 : 0;
        if (depth != 0) continue;
        for (const char* candidate : kOperators) {
            if (text.compare(k, std::strlen(candidate), candidate) != 0) continue;
            path = trim(text.substr(0, k)), op = candidate, value = trim(text.substr(k + std::strlen(candidate)));
            if (path.empty() || value.empty()) break;
            return;
        }
    }
    throw InputError("condition '" + text + "': write PATH OP VALUE with OP one of == != < <= > >=");
}

bool compare(double a, const std::string& op, double b) {
    if (op == "==") return a == b;
    if (op == "!=") return a != b;
    if (op == "<") return a < b;
    if (op == "<=") return a <= b;
    if (op == ">") return a > b;
    return a >= b;
}

}  // namespace

bool LiveEvaluator::holds(const std::string& condition, long line) {
    const std::vector<std::string> parts = split_bars(condition);
    if (parts.size() != 2 || parts[0].empty())
        throw InputError(at_location(lesson_path_, line, "condition '" + condition + "': write =if COMMAND | PATH OP VALUE"));
    std::string path, op, value;
    try {
        split_condition(parts[1], path, op, value);
    } catch (const InputError& e) {
        throw InputError(at_location(lesson_path_, line, e.what()));
    }
    const nlohmann::json& doc = document(parts[0], line);
    try {
        const LiveValue left = select_live_value(doc, path);
        char* end = nullptr;
        const double number = std::strtod(value.c_str(), &end);
        LiveValue right;
        if (end && *end == '\0') right.is_number = true, right.number = number;
        else if (value.find_first_of(".[") != std::string::npos) right = select_live_value(doc, value);
        else right.label = value;
        if (left.is_number && right.is_number) return compare(left.number, op, right.number);
        if (left.is_number != right.is_number || (op != "==" && op != "!="))
            throw InputError("'" + path + "' " + op + " '" + value + "' compares a number with a label");
        return (lower(left.label) == lower(right.label)) == (op == "==");
    } catch (const InputError& e) {
        throw InputError(at_location(lesson_path_, line, "condition of 'attn " + parts[0] + "': " + e.what()));
    }
}

namespace {

// The `=if` / `=else` / `=end` nesting while prose is substituted: text shows when every level is on.
struct Conditions {
    std::vector<std::pair<bool, bool>> levels;  // (this branch shows, the enclosing text shows)
    bool showing() const { return levels.empty() || (levels.back().first && levels.back().second); }
};

// One live span: a value, or a step of a condition. Returns the text it stands for.
std::string live_span(const std::string& span, long line, Conditions& conditions, LiveEvaluator& evaluator,
                      const std::string& lesson_path) {
    if (span.rfind("if ", 0) == 0) {
        const bool outer = conditions.showing();
        conditions.levels.push_back({outer && evaluator.holds(span.substr(3), line), outer});
        return "";
    }
    if (span == "else" || span == "end") {
        if (conditions.levels.empty())
            throw InputError(at_location(lesson_path, line, "`=" + span + "` without an `=if` before it"));
        if (span == "end") conditions.levels.pop_back();
        else conditions.levels.back().first = !conditions.levels.back().first;
        return "";
    }
    return conditions.showing() ? evaluator.text(span, line) : "";
}

}  // namespace

std::string substitute_live_values(const std::string& text, long first_line, LiveEvaluator& evaluator) {
    std::string out;
    Conditions conditions;
    long line = first_line;
    bool fenced = false;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        const std::string row = text.substr(start, end - start);
        const std::string stripped = trim(row);
        const bool fence = stripped.rfind("```", 0) == 0 || stripped.rfind("~~~", 0) == 0;
        if (fence) fenced = !fenced;
        std::string kept;
        if (fenced || fence) {
            kept = row;
        } else {
            // Inline spans with one backtick on each side; a `=` span is live, any other stays code.
            size_t pos = 0;
            while (pos < row.size()) {
                const size_t open = row.find('`', pos);
                const size_t close = open == std::string::npos ? std::string::npos : row.find('`', open + 1);
                const bool showing = conditions.showing();
                if (close == std::string::npos) {
                    kept += showing ? row.substr(pos) : "";
                    break;
                }
                kept += showing ? row.substr(pos, open - pos) : "";
                const std::string span = row.substr(open + 1, close - open - 1);
                if (span.size() > 1 && span[0] == '=')
                    kept += live_span(span.substr(1), line, conditions, evaluator, evaluator.lesson_path());
                else if (showing)
                    kept += row.substr(open, close - open + 1);
                pos = close + 1;
            }
        }
        // A line that conditions emptied (hidden, or only `=else`/`=end`) leaves nothing, not even its
        // line break, so that it does not end the paragraph; nor does a break inside a hidden branch.
        const bool hidden_line = (kept.empty() && !stripped.empty()) || !conditions.showing();
        out += kept;
        if (end < text.size() && !hidden_line) out += '\n';
        start = end + 1;
        ++line;
    }
    if (!conditions.levels.empty())
        throw InputError(at_location(evaluator.lesson_path(), line - 1, "an `=if` is not closed by `=end` in this paragraph"));
    return out;
}

}  // namespace attn::course
