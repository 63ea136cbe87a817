// Text a learner types (sentences, words, labels, answers) is UTF-8, checked when the command line is
// parsed: exit 2 naming the option and the byte offset, before anything is computed or printed.
#pragma once
#include <CLI/CLI.hpp>

namespace attn::cli {

// Adds the UTF-8 check to every option of `app` and its subcommands that holds text, not a path.
void require_utf8_text(CLI::App& app);

}  // namespace attn::cli
