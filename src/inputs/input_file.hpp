// Every file attn reads from outside comes through here: a lesson, course.toml, glossary.toml, a data
// or weights file, a workspace file, a CSV. A regular file is read, at most kMaxFileBytes; a folder, a
// named pipe (FIFO), a device or a socket is InputError naming the path (exit 2) and never a wait.
#pragma once
#include <string>

namespace attn::course {

// Whether a pipe that the shell opened for attn (`--x <(python3 gen.py)`, `--q /dev/stdin` in a
// pipeline) is read too. Only flags a learner types accept one; a course file never does.
enum class ShellPipes { refused, accepted };

// Reads a whole file as bytes. Throws InputError naming `path` when it is missing, unreadable, larger
// than kMaxFileBytes, or not a regular file. Never blocks on opening: the file is opened non-blocking.
std::string read_input_file(const std::string& path, ShellPipes pipes = ShellPipes::refused);

// read_input_file, then the text must be UTF-8 (InputError "PATH:LINE: not UTF-8 at byte N").
std::string read_text_file(const std::string& path, ShellPipes pipes = ShellPipes::refused);

}  // namespace attn::course
