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

// $XDG_STATE_HOME/attn when XDG_STATE_HOME is absolute, else $HOME/.local/state/attn.
Location state_dir();

// A vocabulary argument: an existing file as given, else a name in the data folder
// ("apple" → DATA/apple/vocab.toml). Throws InputError listing the vocabularies when neither exists.
std::string resolve_vocab(const std::string& given, const std::string& data_dir);

}  // namespace attn::course
