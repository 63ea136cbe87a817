// The last guard of the promise that every line fits the terminal: a line wider than the width is
// broken at spaces (never inside a number or a word), its continuation indented under its start.
#pragma once
#include <string>

namespace attn::render {

// Each line of `text` wider than `width` columns (ANSI codes not counted) is wrapped at its spaces;
// runs of spaces inside a line that fits are kept, so aligned columns stay aligned. A comma list
// wider than a line breaks after its commas; any other word wider than the width (a long path) stays
// whole on its own line.
std::string fit_lines(const std::string& text, int width);

// A line that ends in a shell command ("Continue with: attn --lessons DIR lesson"), fitted to `width`
// so that the command still pastes as one: broken only at spaces outside quotes, each broken row ending
// in " \" (the shell's line continuation), the next indented by 4. A line that fits is returned as is.
std::string fit_command(const std::string& line, int width);

}  // namespace attn::render
