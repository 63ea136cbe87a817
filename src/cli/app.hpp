// The attn command line: builds the CLI11 app with every subcommand and maps errors to exit codes.
#pragma once
#include <memory>
#include <string>
#include <vector>

namespace attn::cli {

struct Context;
}  // namespace attn::cli
namespace attn::report {
struct Report;
}  // namespace attn::report
namespace attn::cli {

struct CommandResult {
    int code = 0;
    std::string out;         // what the command wrote for stdout
    std::string err;         // its messages
    std::string subcommand;  // parse_only: the subcommand the line names ("run"), "" when none
    std::string json;        // with `with_json`: the same report as --format json, when the command has one
};

// Parses argv, runs the chosen subcommand, writes its output, returns the exit code. Never throws.
int attn_main(int argc, char** argv);

// Runs one attn command line (without the leading "attn") inside this process, as a lesson does,
// with the outer context's global options. Never throws and never waits for input. Lesson mode: writing
// commands and options are refused and the work is capped (cli/lesson_limits.hpp).
// `with_json`: also the JSON the command would print with --format json, from the same computation
// (a lesson's live values quote the very run its screen shows, and the command runs once).
CommandResult run_nested(const std::string& command_line, const Context& outer, bool with_json = false);

// Only parses command lines (subcommand, options and their checks), running nothing: exit 0 when a line
// parses, else 2 and CLI11's message in `err`. For course commands too (attn check, attn list). Builds
// the command line's definition once, for every line it parses.
class CommandParser {
public:
    explicit CommandParser(const Context& outer);
    ~CommandParser();
    CommandParser(const CommandParser&) = delete;
    CommandParser& operator=(const CommandParser&) = delete;
    CommandResult parse(const std::string& command_line);

private:
    struct Parts;
    std::unique_ptr<Parts> parts_;
};

// The same, but the command's report is stored in `*capture` (attn export); `args` without "attn". The
// string form runs a lesson's line, in lesson mode as run_nested does (cli/lesson_limits.hpp).
CommandResult run_captured(const std::vector<std::string>& args, const Context& outer,
                           report::Report* capture);
CommandResult run_captured(const std::string& command_line, const Context& outer, report::Report* capture);

}  // namespace attn::cli
