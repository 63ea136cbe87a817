// One typed line from the terminal, for questions: works inside the lesson player's raw key mode too.
#pragma once
#include <optional>
#include <string>

namespace attn::cli {

// Reads one line typed on the terminal (echoed and editable with Backspace), without its line end;
// nothing at end of input. When the terminal is in raw key mode (the lesson player), it is put in line
// mode for the read and back afterwards.
std::optional<std::string> read_line();

}  // namespace attn::cli
