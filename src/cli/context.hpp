// What every subcommand shares: the global flags, what the terminal is, and the output buffer.
#pragma once
#include <optional>
#include <string>

#include "course/data_layers.hpp"
#include "render/style.hpp"

namespace attn::report {
struct Report;
}

namespace attn::cli {

// Exit codes, documented in docs/commands.md ("Exit codes").
enum ExitCode : int {
    kOk = 0,
    kInternalError = 1,  // a bug in attn: please report it
    kInputError = 2,     // a bad flag, file, word, shape or size: the message says what to fix
    kOutputError = 3,    // output or progress could not be written (disk full, closed pipe, read-only)
    kInterrupted = 130,  // stopped with Ctrl-C
};

struct GlobalOptions {
    std::string color = "auto";  // auto | always | never
    bool ascii = false;          // no shading glyphs, no box drawing, no Unicode symbols
    bool no_input = false;       // never wait for a key, even on a terminal
    std::optional<std::string> lessons_dir;
    std::optional<std::string> data_dir;
    std::optional<int> width;  // not a flag: the full-screen player lays out at its window's width
};

struct Context {
    GlobalOptions global;
    bool stdout_tty = false;
    bool stdin_tty = false;
    // Everything for stdout is collected here and written only when the command succeeds, so that an
    // error never leaves partial output behind.
    std::string out;
    // The full-screen player owns the terminal: errors are shown in the step, not written to stderr.
    bool full_screen = false;
    // Set by `attn export`: the subcommand's report is stored here instead of being written to `out`.
    report::Report* capture = nullptr;
    // Where a lesson's commands run (its folder), so that a path in a lesson means a file beside it; ""
    // for the working directory.
    std::string command_dir;
    // Set by a lesson for a command its live values quote: the JSON of the same report goes here too.
    std::string* json_copy = nullptr;
    // The command comes from a lesson: it may not write files and its work is capped (lesson_limits.hpp).
    bool in_lesson = false;
    // A command's verdict when it succeeded: attn quiz --answer exits 1 for a wrong answer
    // (docs/learning.md).
    int result_code = kOk;

    // Style for text output with `precision` decimals.
    render::Style style(int precision) const;
    // Where this course's progress is kept (course::course_state_dir of the lessons folder in use).
    std::string progress_dir() const;
    // The data folders in use: --data (or ATTN_DATA_DIR), the workspace, the shipped data. Looked up
    // afresh at each call, never kept: the player stays open while the learner runs `attn workspace
    // init` in another terminal, and its next command must see the new workspace.
    course::DataLayers data_layers() const { return course::find_data_layers(global.data_dir); }
    // May we wait for keys? Only with a terminal on both ends and without --no-input.
    bool interactive() const { return stdin_tty && stdout_tty && !global.no_input; }
};

}  // namespace attn::cli
