// Where attn reads its lessons and toy data and keeps the learner's progress.
#pragma once
#include <optional>
#include <string>

namespace attn::course {

struct Location {
    std::string path;
    std::string source;  // why this one: "--data", "ATTN_DATA_DIR", "installed", "source tree"
};

// Lessons or data folder, first match wins: the flag, the environment variable (ATTN_LESSONS_DIR /
// ATTN_DATA_DIR), <exe>/../share/attn/<kind> (an installed attn), the source tree it was built from,
// the configured install prefix. `kind` is "lessons" or "data". Throws InputError when a given flag
// or variable names a missing folder, or nothing is found.
Location find_content_dir(const std::string& kind, const std::optional<std::string>& flag);

// The shipped lessons or data only: <exe>/../share/attn/<kind>, the source tree, the install prefix
// (find_content_dir without the flag and the variable).
Location find_shipped_dir(const std::string& kind);

// The learner's workspace (it may not exist yet): $ATTN_WORKSPACE, else $XDG_DATA_HOME/attn/workspace
// when XDG_DATA_HOME is absolute, else $HOME/.local/share/attn/workspace.
Location workspace_dir();

// $XDG_STATE_HOME/attn when XDG_STATE_HOME is absolute, else $HOME/.local/state/attn.
Location state_dir();

// Where the progress of the course in `lessons_dir` is kept: state_dir() for the shipped course; for any
// other (a teacher's --lessons DIR), state_dir()/courses/NAME-HASH, NAME the folder's name and HASH
// from its full path, so that a teacher's course never moves the main course's current lesson.
Location course_state_dir(const std::string& lessons_dir);
// The part after state_dir(): "" for the shipped course, else "courses/NAME-HASH".
std::string course_subdir(const std::string& lessons_dir);

}  // namespace attn::course
