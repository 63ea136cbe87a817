// The toy data as the learner sees it: folders stacked as an overlay. A file in an upper folder replaces
// the file of the same relative name below it; everything else falls through to the shipped data.
// Order, first match wins: --data DIR (or ATTN_DATA_DIR), then the workspace, then the shipped data.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace attn::course {

struct DataLayer {
    std::string path;  // the folder
    std::string
        source;  // "--data", "ATTN_DATA_DIR", "workspace", "installed", "source tree", "install prefix"
};

struct DataLayers {
    std::vector<DataLayer> layers;  // top first; the last one is the shipped data

    // The top-most copy of `relative` ("apple/vocab.toml"), or nullopt when no layer has it.
    std::optional<std::string> find(const std::string& relative) const;
    // The layer `relative` is read from, or nullptr.
    const DataLayer* origin(const std::string& relative) const;
    // Every file visible through the overlay, as relative paths, sorted. Hidden files and folders
    // (".backups") are not data.
    std::vector<std::string> files() const;
    // Names of the folders (in any layer) that hold `file`, sorted: the vocabularies hold vocab.toml.
    std::vector<std::string> folders_with(const std::string& file) const;
    // A path inside one layer that does not exist there: the same relative file in a lower layer, so a
    // vocabulary in the workspace finds the shipped weights.toml beside it. Unchanged otherwise.
    std::string fall_through(const std::string& path) const;
    // "mydata (--data), then ~/.local/share/attn/workspace (workspace), then /usr/share/attn/data
    // (installed)".
    std::string describe() const;
    // How a file read from above the shipped data relates to it: "changed", "same as shipped", or
    // "not shipped" (the learner's own file).
    std::string compared_with_shipped(const std::string& relative) const;
    // The workspace layer, if it is in the stack.
    const DataLayer* workspace() const;
};

// The stack for this run: the flag or ATTN_DATA_DIR (an error when it names a missing folder), the
// workspace when its folder exists, and the shipped data (find_shipped_dir).
DataLayers find_data_layers(const std::optional<std::string>& flag);

// A vocabulary argument: an existing file as given, else a name looked up through the layers
// ("apple" → the top-most apple/vocab.toml). Throws InputError listing the vocabularies when neither.
std::string resolve_vocab(const std::string& given, const DataLayers& data);

}  // namespace attn::course
