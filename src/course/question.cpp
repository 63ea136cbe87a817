#include "course/question.hpp"

#include <toml++/toml.h>

#include <cctype>
#include <cmath>
#include <set>

#include "course/edit_goal.hpp"
#include "course/experiment.hpp"
#include "inputs/input_error.hpp"
#include "inputs/toml_read.hpp"

namespace attn::course {

namespace {

const std::set<std::string> kKeys = {"id",    "kind",    "prompt", "answer", "tolerance", "choices",
                                     "hints", "command", "query",  "key",    "head",      "goal"};

QuestionKind parse_kind(const std::string& name, const std::string& path, long line) {
    for (QuestionKind k : {QuestionKind::predict, QuestionKind::numeric, QuestionKind::choice,
                           QuestionKind::cell, QuestionKind::hand, QuestionKind::edit})
        if (kind_name(k) == name) return k;
    throw InputError(at_location(
        path, line, "kind '" + name + "' is unknown; use predict, numeric, choice, cell, hand or edit"));
}

// A string key that must be present and not blank.
std::string required_text(const toml::table& table, const std::string& path, const std::string& key,
                          long fence) {
    if (!table.get(key)) throw InputError(at_location(path, fence, "this question has no '" + key + "'"));
    const std::string value = toml_string(table, path, key);
    if (value.find_first_not_of(" \t\n") == std::string::npos)
        throw InputError(at_location(path, line_of(*table.get(key)), key + " is empty"));
    return value;
}

void check_id(const std::string& id, const std::string& path, long line) {
    for (char c : id)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_')
            throw InputError(at_location(
                path, line,
                "id '" + id +
                    "' may hold only letters, digits, '-' and '_' (it is typed on the command line)"));
}

void read_hand_keys(Question& q, const toml::table& table, const std::string& path) {
    q.command = required_text(table, path, "command", q.line);
    q.query = required_text(table, path, "query", q.line);
    q.key = required_text(table, path, "key", q.line);
    if (const toml::node* head = table.get("head")) {
        const std::optional<int64_t> h = head->value<int64_t>();
        if (!h || *h < 0 || *h >= static_cast<int64_t>(kMaxHeads))
            throw InputError(at_location(path, line_of(*head),
                                         "head must be a whole number from 0 to " +
                                             std::to_string(kMaxHeads - 1) + " (heads count from 0)"));
        q.head = static_cast<unsigned>(*h);
    }
    if (table.get("answer"))
        throw InputError(at_location(
            path, line_of(*table.get("answer")),
            "a hand question has no 'answer': its answers are computed from command, query and key"));
}

void read_answer_keys(Question& q, const toml::table& table, const std::string& path) {
    q.answer = required_text(table, path, "answer", q.line);
    if (q.answer.find('|') == std::string::npos)
        throw InputError(at_location(
            path, line_of(*table.get("answer")),
            "answer must be a live reference 'COMMAND | PATH', e.g. 'run -s \"I ate the apple\" | "
            "stages.weights[apple][ate]'"));
    for (const char* key : {"command", "query", "key", "head", "goal"})
        if (table.get(key))
            throw InputError(at_location(path, line_of(*table.get(key)),
                                         std::string(key) + " is only for kind = \"" +
                                             (std::string(key) == "goal" ? "edit" : "hand") + "\""));
    if (const toml::node* choices = table.get("choices")) {
        q.choices = toml_strings(*choices, path, "choices");
        if (q.choices.size() < 2)
            throw InputError(at_location(path, line_of(*choices), "choices needs at least two options"));
    }
    if (q.kind == QuestionKind::choice && q.choices.empty())
        throw InputError(at_location(path, q.line, "a choice question needs choices = [\"...\", \"...\"]"));
}

// edit: `goal`, one string or a list of them, each "COMMAND | LEFT OP RIGHT".
void read_edit_keys(Question& q, const toml::table& table, const std::string& path) {
    const toml::node* goal = table.get("goal");
    if (!goal)
        throw InputError(
            at_location(path, q.line,
                        "an edit question needs goal = 'COMMAND | LEFT OP RIGHT', for example "
                        "goal = 'run -s \"I love my apple phone\" | stages.weights[apple].argmax "
                        "== phone'"));
    q.goals = goal->is_string() ? std::vector<std::string>{toml_string(table, path, "goal")}
                                : toml_strings(*goal, path, "goal");
    if (q.goals.empty()) throw InputError(at_location(path, line_of(*goal), "goal is an empty list"));
    for (const std::string& g : q.goals) {
        try {
            parse_edit_goal(g);
        } catch (const InputError& e) {
            throw InputError(at_location(path, line_of(*goal), e.what()));
        }
    }
    for (const char* key : {"answer", "choices", "command", "query", "key", "head"})
        if (table.get(key))
            throw InputError(
                at_location(path, line_of(*table.get(key)),
                            std::string(key) + " is not for an edit question: its goal says what must hold"));
}

}  // namespace

std::string kind_name(QuestionKind kind) {
    switch (kind) {
        case QuestionKind::predict:
            return "predict";
        case QuestionKind::numeric:
            return "numeric";
        case QuestionKind::choice:
            return "choice";
        case QuestionKind::cell:
            return "cell";
        case QuestionKind::hand:
            return "hand";
        case QuestionKind::edit:
            return "edit";
    }
    return "numeric";
}

Question parse_question(const std::string& toml_text, const std::string& path, long fence_line) {
    // The block is parsed alone (linear in its size, however far down the lesson it is) and its lines
    // are counted on from the fence, as the lesson file counts them.
    const TomlLineOffset lines_from_fence(fence_line);
    toml::table table;
    try {
        table = toml::parse(toml_text, path);
    } catch (const toml::parse_error& err) {
        throw InputError(at_location(
            path, static_cast<long>(err.source().begin.line) + fence_line,
            "in this ```question block: " + std::string(err.description()) + "; fix the TOML syntax there"));
    }
    show_controls(table, path);
    for (const auto& [key, node] : table)
        if (!kKeys.count(std::string(key.str())))
            throw InputError(
                at_location(path, line_of(node),
                            "unknown key '" + std::string(key.str()) +
                                "'; a question has id, kind, prompt, answer, tolerance, choices, "
                                "hints (command, query, key, head for kind = \"hand\"; goal for "
                                "kind = \"edit\")"));
    if (table.empty())
        throw InputError(at_location(
            path, fence_line, "this ```question block is empty; write its TOML (id, kind, prompt, ...)"));
    Question q;
    q.path = path;
    q.line = fence_line;
    q.id = required_text(table, path, "id", q.line);
    check_id(q.id, path, line_of(*table.get("id")));
    q.kind = parse_kind(required_text(table, path, "kind", q.line), path, line_of(*table.get("kind")));
    q.prompt = required_text(table, path, "prompt", q.line);
    if (q.kind == QuestionKind::hand)
        read_hand_keys(q, table, path);
    else if (q.kind == QuestionKind::edit)
        read_edit_keys(q, table, path);
    else
        read_answer_keys(q, table, path);
    if (const toml::node* tol = table.get("tolerance")) {
        const std::optional<double> t = tol->value<double>();
        if (!t || !std::isfinite(*t) || *t < 0)
            throw InputError(at_location(path, line_of(*tol), "tolerance must be a number >= 0, like 0.005"));
        q.tolerance = *t;
    }
    if (const toml::node* hints = table.get("hints")) {
        q.hints = toml_strings(*hints, path, "hints");
        if (q.hints.size() > 3)
            throw InputError(at_location(path, line_of(*hints),
                                         "at most three hints, from a nudge to the worked computation"));
    }
    return q;
}

}  // namespace attn::course
