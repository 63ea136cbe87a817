// The evaluator of live values: runs each command a lesson's prose quotes (once per render), selects
// the quoted values, decides `=if` conditions and puts the values into the prose.
#include "course/live_value.hpp"

#include <cmath>
#include <cstdlib>

#include "course/paths.hpp"
#include "inputs/input_error.hpp"
#include "inputs/strings.hpp"

namespace attn::course {

LiveEvaluator::LiveEvaluator(CommandRunner runner, std::string lesson_path)
    : runner_(std::move(runner)), lesson_path_(std::move(lesson_path)) {}

const nlohmann::json& LiveEvaluator::document(const std::string& command, long line) {
    const auto found = cache_.find(command);
    if (found != cache_.end()) return found->second;
    // A command that failed once fails again: say so at this line without running it again.
    if (const auto failed = failures_.find(command); failed != failures_.end())
        throw InputError(at_location(lesson_path_, line, failed->second));
    std::string output;
    if (const auto seen = remembered_.find(command); seen != remembered_.end()) {
        output = std::move(seen->second);
        remembered_.erase(seen);
    } else {
        try {
            ++runs_;
            output = runner_(command);
        } catch (const std::exception& e) {
            failures_[command] = "live value: 'attn " + command + "' failed: " + e.what();
            throw InputError(at_location(lesson_path_, line, failures_[command]));
        }
    }
    nlohmann::json doc = nlohmann::json::parse(output, nullptr, false);
    if (doc.is_discarded()) {
        failures_[command] = "live value: 'attn " + command + " --format json' did not print JSON";
        throw InputError(at_location(lesson_path_, line, failures_[command]));
    }
    return cache_.emplace(command, std::move(doc)).first->second;
}

void LiveEvaluator::remember(const std::string& command, std::string json_text) {
    if (json_text.empty()) return;
    cache_.erase(command);  // a step laid out again ran its command again: quote the new run
    failures_.erase(command);
    remembered_[command] = std::move(json_text);
}

LiveValue LiveEvaluator::evaluate(const std::string& reference, long line) {
    LiveRef ref;
    try {
        ref = parse_live_ref(reference);
    } catch (const InputError& e) {
        throw InputError(at_location(lesson_path_, line, e.what()));
    }
    return select(ref.command, ref.path, line);
}

LiveValue LiveEvaluator::select(const std::string& command, const std::string& path, long line) {
    const nlohmann::json& doc = document(command, line);
    try {
        return select_live_value(doc, path);
    } catch (const InputError& e) {
        throw InputError(
            at_location(lesson_path_, line, "live value of 'attn " + command + "': " + e.what()));
    }
}

std::string LiveEvaluator::order(const std::string& comparison, long line) {
    const std::vector<std::string> parts = split_live_parts(comparison);
    const size_t sign = parts.size() == 5 ? parts[1].find("<>") : std::string::npos;
    if (sign == std::string::npos || parts[0].empty())
        throw InputError(at_location(lesson_path_, line,
                                     "comparison '" + comparison +
                                         "': write =order COMMAND | PATH_A <> PATH_B | A LARGER | TIED | "
                                         "B LARGER"));
    const LiveValue a = select(parts[0], trim(parts[1].substr(0, sign)), line);
    const LiveValue b = select(parts[0], trim(parts[1].substr(sign + 2)), line);
    if (!a.is_number || !b.is_number)
        throw InputError(at_location(lesson_path_, line, "comparison '" + comparison + "': compares labels"));
    // Tied as the screen shows them: both round to the same 4 decimals.
    if (std::round(a.number * 1e4) == std::round(b.number * 1e4)) return parts[3];
    return a.number > b.number ? parts[2] : parts[4];
}

std::string LiveEvaluator::shipped_text(const std::string& reference, long line) {
    // The learner's layers stay beneath --data, but the shipped folder holds every file it ships.
    const std::string dir = find_shipped_dir("data").path;
    return text("--data \"" + dir + "\" " + reference, line);
}

std::string LiveEvaluator::text(const std::string& reference, long line) {
    const LiveValue value = evaluate(reference, line);
    return format_live_value(value, parse_live_ref(reference).decimals);
}

bool LiveEvaluator::holds(const std::string& condition, long line) {
    const std::vector<std::string> parts = split_live_parts(condition);
    if (parts.size() != 2 || parts[0].empty())
        throw InputError(at_location(lesson_path_, line,
                                     "condition '" + condition + "': write =if COMMAND | PATH OP VALUE"));
    LiveCondition c;
    try {
        c = split_live_condition(parts[1]);
    } catch (const InputError& e) {
        throw InputError(at_location(lesson_path_, line, e.what()));
    }
    const nlohmann::json& doc = document(parts[0], line);
    try {
        const LiveValue left = select_live_value(doc, c.path);
        // VALUE is a number, another path of the same JSON, or a label.
        char* end = nullptr;
        const double number = std::strtod(c.value.c_str(), &end);
        LiveValue right;
        if (end && *end == '\0')
            right.is_number = true, right.number = number;
        else if (c.value.find_first_of(".[") != std::string::npos)
            right = select_live_value(doc, c.value);
        else
            right.label = c.value;
        return compare_live_values(left, c.op, right);
    } catch (const InputError& e) {
        throw InputError(
            at_location(lesson_path_, line, "condition of 'attn " + parts[0] + "': " + e.what()));
    }
}

namespace {

// One substitution of a block's prose: the `=if` / `=else` / `=end` nesting so far, and, when checking,
// where the failures go (else the first one is thrown).
struct Substitution {
    LiveEvaluator& evaluator;
    std::vector<std::string>* failures = nullptr;  // checking: every failure, and every span tried
    std::vector<std::pair<bool, bool>> levels;     // (this branch shows, the enclosing text shows)

    bool showing() const { return levels.empty() || (levels.back().first && levels.back().second); }

    // Runs `step`; when checking, a failure is recorded and `fallback` stands in for its result.
    template <typename T, typename F>
    T attempt(F&& step, T fallback) {
        if (!failures) return step();
        try {
            return step();
        } catch (const InputError& e) {
            failures->push_back(e.what());
            return fallback;
        }
    }

    void fail(long line, const std::string& message) {
        const std::string where = at_location(evaluator.lesson_path(), line, message);
        if (!failures) throw InputError(where);
        failures->push_back(where);
    }

    // One live span (its text after '='): a value, or a step of a condition. Returns the text it
    // stands for.
    std::string span(const std::string& text, long line) {
        if (text.rfind("if ", 0) == 0) {
            const bool outer = showing();
            // When checking, a hidden condition is still tried; one that fails counts as false.
            const bool holds =
                (outer || failures) && attempt([&] { return evaluator.holds(text.substr(3), line); }, false);
            levels.push_back({holds, outer});
            return "";
        }
        if (text == "else" || text == "end") {
            if (levels.empty()) {
                fail(line, "`=" + text + "` without an `=if` before it");
                return "";
            }
            if (text == "end")
                levels.pop_back();
            else
                levels.back().first = !levels.back().first;
            return "";
        }
        if (!showing() && !failures) return "";
        if (text.rfind("const ", 0) == 0) return showing() ? text.substr(6) : "";
        const std::string value = attempt(
            [&] {
                if (text.rfind("order ", 0) == 0) return evaluator.order(text.substr(6), line);
                if (text.rfind("shipped ", 0) == 0) return evaluator.shipped_text(text.substr(8), line);
                return evaluator.text(text, line);
            },
            std::string());
        return showing() ? value : "";
    }
};

// The spans of one line of prose outside fenced code replaced by their values (a span with one
// backtick on each side; a `=` span is live, any other stays code).
std::string substitute_line(const std::string& row, long line, Substitution& s) {
    std::string kept;
    size_t pos = 0;
    while (pos < row.size()) {
        const size_t open = row.find('`', pos);
        const size_t close = open == std::string::npos ? std::string::npos : row.find('`', open + 1);
        const bool showing = s.showing();
        if (close == std::string::npos) {
            kept += showing ? row.substr(pos) : "";
            break;
        }
        kept += showing ? row.substr(pos, open - pos) : "";
        const std::string span = row.substr(open + 1, close - open - 1);
        if (span.size() > 1 && span[0] == '=')
            kept += s.span(span.substr(1), line);
        else if (showing)
            kept += row.substr(open, close - open + 1);
        pos = close + 1;
    }
    return kept;
}

bool is_fence(const std::string& row) {
    const size_t first = row.find_first_not_of(" \t");
    return first != std::string::npos &&
           (row.compare(first, 3, "```") == 0 || row.compare(first, 3, "~~~") == 0);
}

std::string substitute(const std::string& text, long first_line, Substitution& s) {
    std::string out;
    long line = first_line;
    bool fenced = false;
    for (size_t start = 0; start < text.size(); ++line) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        const std::string row = text.substr(start, end - start);
        const bool fence = is_fence(row);
        if (fence) fenced = !fenced;
        const std::string kept = fenced || fence ? row : substitute_line(row, line, s);
        // A line that conditions emptied (hidden, or only `=else`/`=end`) leaves nothing, not even its
        // line break, so that it does not end the paragraph; nor does a break inside a hidden branch.
        const bool blank = row.find_first_not_of(" \t\n") == std::string::npos;
        const bool hidden_line = (kept.empty() && !blank) || !s.showing();
        out += kept;
        if (end < text.size() && !hidden_line) out += '\n';
        start = end + 1;
    }
    if (!s.levels.empty()) s.fail(line - 1, "an `=if` is not closed by `=end` in this paragraph");
    return out;
}

}  // namespace

std::string substitute_live_values(const std::string& text, long first_line, LiveEvaluator& evaluator) {
    Substitution s{evaluator, nullptr, {}};
    return substitute(text, first_line, s);
}

std::vector<std::string> live_value_failures(const std::string& text, long first_line,
                                             LiveEvaluator& evaluator) {
    std::vector<std::string> failures;
    Substitution s{evaluator, &failures, {}};
    substitute(text, first_line, s);
    return failures;
}

}  // namespace attn::course
