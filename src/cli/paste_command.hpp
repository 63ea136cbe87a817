// Commands that attn suggests to the learner ("Resume with: ...") must work when pasted.
#pragma once
#include <string>

#include "cli/context.hpp"

namespace attn::cli {

// "attn " + rest, with --lessons DIR (and --data DIR) when the course or data in use came from a flag or
// a variable, so that the pasted command opens the same course: "attn --lessons /srv/course lesson".
std::string attn_command(const Context& ctx, const std::string& rest);

}  // namespace attn::cli
