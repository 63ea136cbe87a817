// attn check: a course checked for its teacher. Every lesson parses, and every ```attn command, every
// try-it command (an `attn ...` line of a ```sh block), every live value and every question's live
// answer runs; each failure is named by its file and line. Computes a report; prints nothing.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "course/catalog.hpp"
#include "course/live_value.hpp"

namespace attn::course {

// One `attn ...` line of a shell block in a lesson's prose (what the learner is told to try).
struct TryCommand {
    std::string command;  // without "attn": "run -s \"she ate a banana\""
    long line = 0;        // its line in the lesson file
};

// The try-it commands of a lesson: in fenced blocks whose info string is sh, bash, shell or console,
// each line that starts with "attn " (or "$ attn "); a line ending in a backslash continues on the next.
std::vector<TryCommand> try_it_commands(const Lesson& lesson);

// How the cli runs what a lesson holds. `command` and `try_it` return "" when the command line is
// fine, else why not; `json` is the runner of the live values (empty: live values and questions are
// not checked, for a quick check that runs nothing).
struct CheckRunners {
    std::function<std::string(const std::string& command_line)> command;
    std::function<std::string(const std::string& command_line)> try_it;
    CommandRunner json;
    // --strict: what a command line prints as text (it replaces `command` for ```attn blocks; "" when it
    // fails, and `command` then says why). Empty: no literal numbers are looked at.
    std::function<std::string(const std::string& command_line)> printed;
};

struct CheckFailure {
    long line = 0;        // 0 when the failure has no line (a missing file)
    std::string what;     // "attn block", "try-it command", "live value", "question 'id'", "lesson file",
                          // "bound number" (--strict)
    std::string message;  // "LESSON:LINE: ..." as the failing part said it
};

struct LessonCheck {
    LessonEntry entry;
    size_t commands = 0, try_its = 0, live_blocks = 0, questions = 0;  // what was checked
    std::vector<CheckFailure> failures;
};

struct CourseCheck {
    std::string title;
    std::string manifest;
    std::vector<LessonCheck> lessons;
    std::string glossary;                         // the course's own glossary.toml, "" when it has none
    size_t terms = 0;                             // how many terms it defines
    std::vector<CheckFailure> glossary_failures;  // a file that does not load, a term naming no lesson
    std::string data;                             // the data the live values used: DataLayers::describe()
    std::vector<std::string> changed;  // "apple/vocab.toml (changed)": files read from above the shipped
                                       // data that are not the same as shipped
    bool strict = false;               // literal numbers bound to the data were looked for
    size_t failed_lessons() const;
    size_t failures() const;  // of lessons and glossary
    bool passed() const { return failures() == 0; }
};

// Checks the glossary at `path` (glossary.toml): it loads, and every term's `lesson` is a slug of the
// catalog. Fills the glossary fields of `check`.
void check_glossary(const std::string& path, const Catalog& catalog, CourseCheck& check);

// Checks one lesson: a file that does not parse is one failure; otherwise every part is tried and
// every failing part is one failure (each failing live value too, also in a branch of an `=if`
// that the data hides now). With runners.printed, each literal decimal of its prose or its questions'
// hints that equals a number its own ```attn blocks print is one failure too (bound_numbers.hpp).
LessonCheck check_lesson(const LessonEntry& entry, const CheckRunners& runners);

// Every lesson of the catalog, in order.
CourseCheck check_course(const Catalog& catalog, const CheckRunners& runners);

}  // namespace attn::course
