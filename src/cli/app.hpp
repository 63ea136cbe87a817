// The attn command line: builds the CLI11 app with every subcommand and maps errors to exit codes.
#pragma once
#include <string>

namespace attn::cli {

struct Context;

struct CommandResult {
    int code = 0;
    std::string out;  // what the command wrote for stdout
    std::string err;  // its messages
};

// Parses argv, runs the chosen subcommand, writes its output, returns the exit code. Never throws.
int attn_main(int argc, char** argv);

// Runs one attn command line (without the leading "attn") inside this process, as a lesson does,
// with the outer context's global options. Never throws and never waits for input.
CommandResult run_nested(const std::string& command_line, const Context& outer);

}  // namespace attn::cli
