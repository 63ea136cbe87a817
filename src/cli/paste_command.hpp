// Commands that attn suggests to the learner ("Resume with: ...") must work when pasted.
#pragma once
#include <string>

#include "cli/context.hpp"
#include "render/style.hpp"

namespace attn::cli {

// "attn " + rest, with --lessons DIR (and --data DIR) when the course or data in use came from a flag or
// a variable, so that the pasted command opens the same course: "attn --lessons /srv/course lesson".
std::string attn_command(const Context& ctx, const std::string& rest);

// "$ attn COMMAND" (dim), continued on more lines with " \\" as a shell reads it when it is wider than
// the style's width, so that it works when pasted.
std::string command_echo(const std::string& command, const render::Style& style);

}  // namespace attn::cli
