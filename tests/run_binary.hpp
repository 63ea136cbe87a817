// Runs the real attn binary as a child process and captures what it prints, for end-to-end tests.
#pragma once
#include <string>
#include <vector>

#include "build_paths.hpp"

namespace attn::test {

struct ProcessResult {
    int exit_code = -1;
    std::string out;  // stdout
    std::string err;  // stderr
};

// Runs ATTN_BINARY with `args`, stdin from /dev/null (or `input` when given), extra environment
// entries "NAME=value" added to a copy of this process's environment.
ProcessResult run_attn(const std::vector<std::string>& args, const std::vector<std::string>& env = {},
                       const std::string* input = nullptr);

// The same with another copy of the binary (an installed layout) and a working directory ("" = this one).
ProcessResult run_attn_at(const std::string& binary, const std::string& cwd,
                          const std::vector<std::string>& args, const std::vector<std::string>& env = {},
                          const std::string* input = nullptr);

}  // namespace attn::test
