#include "course/lesson_check.hpp"

#include <cstdlib>
#include <sstream>

#include "course/bound_numbers.hpp"
#include "course/glossary.hpp"
#include "course/quiz.hpp"
#include "inputs/input_error.hpp"

namespace attn::course {

namespace {

bool is_shell_fence(const std::string& line, std::string& fence) {
    const size_t start = line.find_first_not_of(' ');
    if (start == std::string::npos || start > 3) return false;
    const char c = line[start];
    if (c != '`' && c != '~') return false;
    size_t end = start;
    while (end < line.size() && line[end] == c) ++end;
    if (end - start < 3) return false;
    fence = line.substr(start, end - start);
    std::string info = line.substr(end);
    info.erase(0, info.find_first_not_of(' '));
    info = info.substr(0, info.find(' '));
    return info == "sh" || info == "bash" || info == "shell" || info == "console";
}

bool closes(const std::string& line, const std::string& fence) {
    const size_t start = line.find_first_not_of(' ');
    return start != std::string::npos && start <= 3 && line.compare(start, fence.size(), fence) == 0 &&
           line.find_first_not_of(fence[0], start) == std::string::npos;
}

// The command of a shell line that runs attn, without the prompt and "attn"; "" for any other line.
std::string attn_command(std::string line) {
    line.erase(0, line.find_first_not_of(" \t"));
    if (line.rfind("$ ", 0) == 0) line.erase(0, 2);
    if (line.rfind("attn ", 0) != 0) return "";
    line.erase(0, 5);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
    return line;
}

// The attn part of a shell line: up to an unquoted pipe, redirection, ';', '&' or comment, which belong
// to the shell ("attn run --format csv > out.csv" checks "run --format csv").
std::string without_shell(const std::string& command) {
    char quote = 0;
    for (size_t i = 0; i < command.size(); ++i) {
        const char c = command[i];
        if (quote) {
            if (c == quote)
                quote = 0;
            else if (c == '\\' && quote == '"')
                ++i;
        } else if (c == '\'' || c == '"') {
            quote = c;
        } else if (c == '\\') {
            ++i;
        } else if (std::string("|<>;&#").find(c) != std::string::npos &&
                   (c != '#' || i == 0 || command[i - 1] == ' ')) {
            std::string cut = command.substr(0, i);
            while (!cut.empty() && cut.back() == ' ') cut.pop_back();
            return cut;
        }
    }
    return command;
}

// The try-it commands of one prose block that starts at `first_line`.
void block_try_its(const std::string& text, long first_line, std::vector<TryCommand>& out) {
    std::istringstream in(text);
    std::string line, fence, pending;
    long number = first_line - 1, pending_line = 0;
    bool inside = false;
    while (std::getline(in, line)) {
        ++number;
        if (!inside) {
            inside = is_shell_fence(line, fence);
            continue;
        }
        if (closes(line, fence)) {
            inside = false;
            continue;
        }
        if (!pending.empty()) {
            line = pending + " " +
                   line.substr(line.find_first_not_of(" \t") == std::string::npos
                                   ? line.size()
                                   : line.find_first_not_of(" \t"));
        } else {
            line = attn_command(line);
            pending_line = number;
            if (line.empty()) continue;
        }
        if (!line.empty() && line.back() == '\\') {
            line.pop_back();
            pending = line;
            continue;
        }
        pending.clear();
        out.push_back({without_shell(line), pending_line});
    }
}

// The line a failure "LESSON:LINE: ..." names, or `fallback` when it names none.
long failure_line(const std::string& message, const std::string& lesson_path, long fallback) {
    const std::string prefix = lesson_path + ":";
    if (message.rfind(prefix, 0) != 0) return fallback;
    const long line = std::strtol(message.c_str() + prefix.size(), nullptr, 10);
    return line > 0 ? line : fallback;
}

// --strict: each literal decimal of the prose and the hints that one of `printed` equals.
void add_bound_literals(const Lesson& lesson, const std::vector<double>& printed, LessonCheck& check) {
    const auto add = [&](const std::string& text, long line) {
        for (const BoundLiteral& b : bound_literals(text, line, printed))
            check.failures.push_back(
                {b.line, "bound number",
                 at_location(lesson.path, b.line,
                             "literal " + b.literal +
                                 " is a number the lesson's commands print: quote it live, or mark "
                                 "it `=const " +
                                 b.literal + "`")});
    };
    for (const Step& step : lesson.steps) {
        for (const Block& block : step.blocks)
            if (block.kind == Block::Kind::prose) add(block.text, block.line);
        for (const Question& q : step.questions)
            for (const std::string& hint : q.hints) add(hint, q.line);
    }
}

LessonCheck check_parsed(const LessonEntry& entry, const Lesson& lesson, const CheckRunners& runners) {
    LessonCheck check{entry, 0, 0, 0, 0, {}};
    LiveEvaluator live(runners.json, lesson.path);
    std::vector<double> printed;  // --strict: every number the lesson's ```attn blocks print
    for (const Step& step : lesson.steps) {
        for (const Block& block : step.blocks) {
            if (block.kind == Block::Kind::command) {
                ++check.commands;
                if (runners.printed) {
                    const std::vector<double> numbers = printed_numbers(runners.printed(block.text));
                    printed.insert(printed.end(), numbers.begin(), numbers.end());
                    if (!numbers.empty()) continue;  // it ran, and printed
                }
                if (const std::string why = runners.command(block.text); !why.empty())
                    check.failures.push_back(
                        {block.line, "attn block",
                         at_location(lesson.path, block.line, "attn " + block.text + ": " + why)});
                continue;
            }
            if (!runners.json || block.text.find("`=") == std::string::npos) continue;
            ++check.live_blocks;
            // Every failing live value of the block, each at its own line.
            for (const std::string& why : live_value_failures(block.text, block.line, live))
                check.failures.push_back({failure_line(why, lesson.path, block.line), "live value", why});
        }
        for (const Question& q : step.questions) {
            if (!runners.json) continue;
            ++check.questions;
            try {
                expected_answer(q, live, runners.json);
            } catch (const InputError& e) {
                check.failures.push_back({q.line, "question '" + q.id + "'", e.what()});
            }
        }
    }
    if (runners.printed) add_bound_literals(lesson, printed, check);
    for (const TryCommand& t : try_it_commands(lesson)) {
        ++check.try_its;
        if (const std::string why = runners.try_it(t.command); !why.empty())
            check.failures.push_back({t.line, "try-it command",
                                      at_location(lesson.path, t.line, "attn " + t.command + ": " + why)});
    }
    return check;
}

}  // namespace

std::vector<TryCommand> try_it_commands(const Lesson& lesson) {
    std::vector<TryCommand> out;
    for (const Step& step : lesson.steps)
        for (const Block& block : step.blocks)
            if (block.kind == Block::Kind::prose) block_try_its(block.text, block.line, out);
    return out;
}

LessonCheck check_lesson(const LessonEntry& entry, const CheckRunners& runners) {
    Lesson lesson;
    try {
        lesson = load_lesson(entry);
    } catch (const InputError& e) {
        LessonCheck failed{entry, 0, 0, 0, 0, {}};
        failed.failures.push_back({0, "lesson file", e.what()});
        return failed;
    }
    return check_parsed(entry, lesson, runners);
}

CourseCheck check_course(const Catalog& catalog, const CheckRunners& runners) {
    CourseCheck course;
    course.title = catalog.title;
    course.manifest = catalog.manifest;
    for (const LessonEntry& entry : catalog.lessons) course.lessons.push_back(check_lesson(entry, runners));
    return course;
}

size_t CourseCheck::failed_lessons() const {
    size_t n = 0;
    for (const LessonCheck& l : lessons) n += l.failures.empty() ? 0 : 1;
    return n;
}

void check_glossary(const std::string& path, const Catalog& catalog, CourseCheck& check) {
    check.glossary = path;
    try {
        const Glossary glossary = load_glossary(path);
        check.terms = glossary.terms.size();
        for (const GlossaryTerm& t : glossary.terms) {
            bool found = t.lesson.empty();
            for (const LessonEntry& e : catalog.lessons) found = found || e.slug == t.lesson;
            if (!found)
                check.glossary_failures.push_back(
                    {t.line, "glossary term",
                     at_location(path, t.line,
                                 "term '" + t.name + "' names lesson '" + t.lesson +
                                     "', which course.toml does not have")});
        }
    } catch (const InputError& e) {
        check.glossary_failures.push_back({0, "glossary file", e.what()});
    }
}

size_t CourseCheck::failures() const {
    size_t n = glossary_failures.size();
    for (const LessonCheck& l : lessons) n += l.failures.size();
    return n;
}

}  // namespace attn::course
