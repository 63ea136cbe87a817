#include "course/edit_goal.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "inputs/input_error.hpp"
#include "inputs/strings.hpp"

namespace attn::course {

namespace {

const char* const kGoalForm =
    "write a goal as COMMAND | LEFT OP RIGHT, for example 'run -s \"I love my apple phone\" | "
    "stages.weights[apple].argmax == phone'";

std::optional<double> literal_number(const std::string& text) {
    char* end = nullptr;
    const double number = std::strtod(text.c_str(), &end);
    if (text.empty() || !end || *end != '\0' || !std::isfinite(number)) return std::nullopt;
    return number;
}

bool is_path(const std::string& text) { return text.find_first_of(".[") != std::string::npos; }

bool is_distance(const std::string& text) {
    return text.size() > 2 && text.front() == '|' && text.back() == '|';
}

// "|A - B|" split into A and B at the " - " outside brackets.
std::pair<std::string, std::string> distance_parts(const std::string& text) {
    const std::string inner = text.substr(1, text.size() - 2);
    int depth = 0;
    for (size_t k = 0; k + 2 < inner.size(); ++k) {
        depth += inner[k] == '[' ? 1 : inner[k] == ']' ? -1 : 0;
        if (depth == 0 && inner.compare(k, 3, " - ") == 0)
            return {trim(inner.substr(0, k)), trim(inner.substr(k + 3))};
    }
    throw InputError("'" + text + "': write a distance as |PATH - PATH|, with spaces around the '-'");
}

// The goal's command, with the first '|' outside double quotes as the end of it.
size_t command_end(const std::string& goal) {
    bool quoted = false;
    for (size_t k = 0; k < goal.size(); ++k) {
        if (goal[k] == '"') quoted = !quoted;
        if (goal[k] == '|' && !quoted) return k;
    }
    return std::string::npos;
}

std::string number_text(double x) {
    char buffer[64];
    const double size = std::fabs(x);
    std::snprintf(buffer, sizeof buffer, size > 0 && size < 0.001 ? "%.1e" : "%.3f", x);
    std::string text = buffer;
    if (text[0] == '-' && text.find_first_not_of("-0.") == std::string::npos) text.erase(0, 1);
    return text;
}

std::string value_text(const LiveValue& v) {
    if (v.whole) return format_live_value(v, std::nullopt);  // a count, a size: 3, not 3.000
    return v.is_number ? number_text(v.number) : v.label;
}

// A path as the learner reads it: the stages of attn run are what every lesson shows.
std::string shown_path(const std::string& path) {
    if (path.rfind("stages.", 0) == 0) return path.substr(7);
    // attn similarity's "matrix.values[apple][phone]" reads "apple → phone", as an argmax goal's row does:
    // the learner never sees the JSON path.
    const std::string matrix = "matrix.values[";
    const size_t close = path.find("][", matrix.size());
    if (path.rfind(matrix, 0) == 0 && close != std::string::npos && path.back() == ']' &&
        path.find('[', close + 2) == std::string::npos)
        return path.substr(matrix.size(), close - matrix.size()) + " → " +
               path.substr(close + 2, path.size() - close - 3);
    return path;
}

// Evaluates the operands of one goal against its command's JSON.
class GoalEvaluator {
public:
    GoalEvaluator(LiveEvaluator& live, const EditGoal& goal, long line)
        : live_(live), goal_(goal), line_(line) {}

    LiveValue path(const std::string& p) { return live_.evaluate(goal_.command + " | " + p, line_); }

    // A path that selects a number gives it; one that selects a list of numbers gives every element.
    std::vector<double> numbers(const std::string& p) {
        try {
            const LiveValue v = path(p);
            if (!v.is_number) throw InputError("'" + p + "' is the label '" + v.label + "', not a number");
            return {v.number};
        } catch (const InputError& whole) {
            std::vector<double> out;
            for (size_t i = 0; i < 1024; ++i) {
                try {
                    const LiveValue v = path(p + "[" + std::to_string(i) + "]");
                    if (!v.is_number) throw whole;
                    out.push_back(v.number);
                } catch (const InputError&) {
                    if (i == 0) throw whole;
                    break;
                }
            }
            return out;
        }
    }

    LiveValue operand(const std::string& text, bool right) {
        if (is_distance(text)) {
            const auto [a, b] = distance_parts(text);
            const std::vector<double> x = numbers(a), y = numbers(b);
            if (x.size() != y.size())
                throw InputError(at_location(live_.lesson_path(), line_,
                                             "'" + text + "': '" + a + "' has " + std::to_string(x.size()) +
                                                 " numbers and '" + b + "' " + std::to_string(y.size())));
            LiveValue v;
            v.is_number = true;
            for (size_t i = 0; i < x.size(); ++i) v.number = std::max(v.number, std::fabs(x[i] - y[i]));
            return v;
        }
        if (const std::optional<double> n = literal_number(text)) {
            LiveValue v;
            v.is_number = true;
            v.number = *n;
            return v;
        }
        if (is_path(text) || !right) return path(text);
        LiveValue label;
        label.label = text;
        return label;
    }

private:
    LiveEvaluator& live_;
    const EditGoal& goal_;
    long line_;
};

bool is_argmax(const std::string& path) {
    const size_t dot = path.rfind('.');
    return dot != std::string::npos && (path.substr(dot) == ".argmax" || path.substr(dot) == ".argmin");
}

// For LEFT = ROW.argmax == LABEL: how far the label's value is from the current largest.
GoalStatus argmax_status(GoalEvaluator& ev, const EditGoal& g, const LiveValue& left, GoalStatus s) {
    const size_t dot = g.left.rfind('.');
    const bool largest = g.left.substr(dot) == ".argmax";
    std::string base = g.left.substr(0, dot);
    // [food,tech].argmax: the values are the row's, named one by one.
    if (!base.empty() && base.back() == ']') {
        const size_t open = base.rfind('[');
        if (open != std::string::npos && base.find(',', open) != std::string::npos) base.erase(open);
    }
    std::string row;
    if (!base.empty() && base.back() == ']') row = base.substr(base.rfind('[') + 1, std::string::npos);
    if (!row.empty()) row = row.substr(0, row.size() - 1) + " → ";
    const double wanted = ev.path(base + "[" + g.right + "]").number;
    if (s.holds) {
        s.detail =
            row + g.right + " " + number_text(wanted) + " is the " + (largest ? "largest" : "smallest");
        s.gap = 0;
        return s;
    }
    const double current = ev.path(base + "[" + left.label + "]").number;
    s.gap = std::fabs(current - wanted);
    s.detail = row + g.right + " " + number_text(wanted) + ", " + row + left.label + " " +
               number_text(current) + ": still " + number_text(*s.gap) + (largest ? " short" : " too large");
    return s;
}

GoalStatus number_status(const EditGoal& g, const LiveValue& l, const LiveValue& r, GoalStatus s) {
    const bool right_literal = literal_number(g.right).has_value();
    const std::string left = shown_path(g.left) + " " + value_text(l);
    const std::string right = right_literal ? "" : shown_path(g.right) + " " + value_text(r);
    const double a = l.number, b = r.number;
    if (g.op != "!=") s.gap = s.holds ? 0 : std::fabs(a - b);
    if (s.holds) {
        s.detail = left + " " + g.op + " " + (right_literal ? value_text(r) : right);
        return s;
    }
    std::string off;
    if (g.op == ">" || g.op == ">=") off = "still " + number_text(*s.gap) + " short";
    if (g.op == "<" || g.op == "<=") off = number_text(*s.gap) + " too large";
    if (g.op == "==") off = "off by " + number_text(*s.gap);
    if (g.op == "!=") off = "they are equal";
    if ((g.op == ">" || g.op == "<") && *s.gap == 0) off = "equal, not " + g.op;
    s.detail = left + (right_literal ? ", needs " + g.op + " " + value_text(r) : ", " + right) + ": " + off;
    return s;
}

GoalStatus goal_status(LiveEvaluator& live, const std::string& text, long line) {
    EditGoal g;
    try {
        g = parse_edit_goal(text);
    } catch (const InputError& e) {
        throw InputError(at_location(live.lesson_path(), line, e.what()));
    }
    GoalEvaluator ev(live, g, line);
    const LiveValue left = ev.operand(g.left, false), right = ev.operand(g.right, true);
    GoalStatus s;
    s.goal = text;
    try {
        s.holds = compare_live_values(left, g.op, right);
    } catch (const InputError& e) {
        throw InputError(at_location(live.lesson_path(), line, "goal '" + text + "': " + e.what()));
    }
    if (!left.is_number && !right.is_number && g.op == "==" && is_argmax(g.left))
        return argmax_status(ev, g, left, s);
    if (left.is_number) return number_status(g, left, right, s);
    s.detail = shown_path(g.left) + " is " + left.label;
    if (!s.holds) s.detail += g.op == "==" ? ", not " + right.label : ", which the goal rules out";
    return s;
}

}  // namespace

EditGoal parse_edit_goal(const std::string& goal) {
    const size_t bar = command_end(goal);
    if (bar == std::string::npos) throw InputError("goal '" + goal + "': " + kGoalForm);
    EditGoal g;
    g.command = trim(goal.substr(0, bar));
    const std::string condition = trim(goal.substr(bar + 1));
    if (g.command.empty() || condition.empty()) throw InputError("goal '" + goal + "': " + kGoalForm);
    // The condition's operator is outside brackets and outside |...|.
    const std::string masked = [&] {
        std::string m = condition;
        bool inside = false;
        for (char& c : m) {
            if (c == '|')
                inside = !inside;
            else if (inside && (c == '<' || c == '>' || c == '=' || c == '!'))
                c = '_';
        }
        return m;
    }();
    LiveCondition c;
    try {
        c = split_live_condition(masked);
    } catch (const InputError&) {
        throw InputError("goal '" + goal + "': no comparison; " + kGoalForm +
                         " (OP is one of == != < <= > >=)");
    }
    const size_t op_at = masked.find(c.op, c.path.size());
    g.left = trim(condition.substr(0, op_at));
    g.op = c.op;
    g.right = trim(condition.substr(op_at + c.op.size()));
    for (const std::string* side : {&g.left, &g.right})
        if (is_distance(*side)) distance_parts(*side);
    return g;
}

EditStatus check_edit_goals(const Question& q, LiveEvaluator& evaluator) {
    EditStatus status;
    status.holds = true;
    for (const std::string& goal : q.goals) {
        status.goals.push_back(goal_status(evaluator, goal, q.line));
        status.holds = status.holds && status.goals.back().holds;
    }
    return status;
}

std::string edit_summary(const EditStatus& status) {
    if (status.holds) return "Goal reached: " + status.goals.front().detail + ".";
    for (const GoalStatus& g : status.goals)
        if (!g.holds) return "Not yet: " + g.detail + ".";
    return "Not yet.";
}

}  // namespace attn::course
