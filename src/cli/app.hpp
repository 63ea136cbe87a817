// The attn command line: builds the CLI11 app with every subcommand and maps errors to exit codes.
#pragma once

namespace attn::cli {

// Parses argv, runs the chosen subcommand, writes its output, returns the exit code. Never throws.
int attn_main(int argc, char** argv);

}  // namespace attn::cli
