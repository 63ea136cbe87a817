#include "course/data_layers.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "course/paths.hpp"
#include "inputs/input_error.hpp"
#include "inputs/input_file.hpp"

namespace fs = std::filesystem;

namespace attn::course {

namespace {

// File checks that never throw: a path too long, or a loop of links, counts as missing.
bool is_file(const fs::path& path) {
    std::error_code ec;
    return fs::is_regular_file(path, ec);
}

bool is_folder(const fs::path& path) {
    std::error_code ec;
    return fs::is_directory(path, ec);
}

bool hidden(const fs::path& relative) {
    for (const fs::path& part : relative)
        if (!part.empty() && part.string()[0] == '.') return true;
    return false;
}

// A name in a data layer that exists but cannot be read as a file (a FIFO, a device, a socket, or a
// folder where a file is expected) would otherwise be passed over silently, and the file below it read
// instead: an error naming it, never a wait and never a quiet fall-through.
void refuse_special(const fs::path& path, bool folder_allowed) {
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec || status.type() == fs::file_type::not_found || fs::is_regular_file(status)) return;
    if (fs::is_directory(status)) {
        if (folder_allowed) return;
        throw InputError(path.string() + ": a folder where a data file is expected; remove or rename it");
    }
    throw InputError(path.string() +
                     ": not a regular file (a named pipe, device or socket); data files must be plain files");
}

// `path` relative to `folder` when it lies inside it.
std::optional<fs::path> inside(const fs::path& path, const fs::path& folder) {
    const fs::path rel = fs::weakly_canonical(path).lexically_relative(fs::weakly_canonical(folder));
    if (rel.empty() || *rel.begin() == "..") return std::nullopt;
    return rel;
}

}  // namespace

std::optional<std::string> DataLayers::find(const std::string& relative) const {
    if (const DataLayer* layer = origin(relative)) return (fs::path(layer->path) / relative).string();
    return std::nullopt;
}

const DataLayer* DataLayers::origin(const std::string& relative) const {
    for (const DataLayer& layer : layers) {
        const fs::path path = fs::path(layer.path) / relative;
        if (is_file(path)) return &layer;
        refuse_special(path, false);
    }
    return nullptr;
}

std::vector<std::string> DataLayers::files() const {
    std::set<std::string> names;
    for (const DataLayer& layer : layers) {
        std::error_code ec;
        for (fs::recursive_directory_iterator it(layer.path, ec), end; !ec && it != end; it.increment(ec)) {
            const fs::path rel = it->path().lexically_relative(layer.path);
            if (hidden(rel)) continue;
            if (is_file(it->path()))
                names.insert(rel.generic_string());
            else
                refuse_special(it->path(), true);
        }
    }
    return {names.begin(), names.end()};
}

std::vector<std::string> DataLayers::folders_with(const std::string& file) const {
    std::set<std::string> names;
    for (const DataLayer& layer : layers) {
        std::error_code ec;
        for (const auto& entry : fs::directory_iterator(layer.path, ec))
            if (is_file(entry.path() / file)) names.insert(entry.path().filename().string());
    }
    return {names.begin(), names.end()};
}

std::string DataLayers::fall_through(const std::string& path) const {
    if (is_file(path)) return path;
    for (const DataLayer& layer : layers)
        if (const auto rel = inside(path, layer.path))
            if (const auto found = find(rel->string())) return *found;
    return path;
}

std::string DataLayers::describe() const {
    std::string text;
    for (const DataLayer& layer : layers)
        text += (text.empty() ? "" : ", then ") + layer.path + " (" + layer.source + ")";
    return text;
}

std::string DataLayers::compared_with_shipped(const std::string& relative) const {
    const fs::path shipped = fs::path(layers.back().path) / relative;
    const auto found = find(relative);
    if (!is_file(shipped)) return "not shipped";
    auto bytes = [](const fs::path& p) { return read_input_file(p.string()); };
    return found && bytes(*found) == bytes(shipped) ? "same as shipped" : "changed";
}

const DataLayer* DataLayers::workspace() const {
    for (const DataLayer& layer : layers)
        if (layer.source == "workspace") return &layer;
    return nullptr;
}

DataLayers find_data_layers(const std::optional<std::string>& flag) {
    DataLayers data;
    if (flag) {
        if (!is_folder(*flag)) throw InputError("--data " + *flag + ": no such folder");
        data.layers.push_back({*flag, "--data"});
    } else if (const char* env = std::getenv("ATTN_DATA_DIR"); env && *env) {
        if (!is_folder(env))
            throw InputError(std::string("ATTN_DATA_DIR=") + env +
                             ": no such folder; unset it or fix the path");
        data.layers.push_back({env, "ATTN_DATA_DIR"});
    }
    // Without HOME there is simply no default workspace; the shipped data still works.
    try {
        const Location ws = workspace_dir();
        if (is_folder(ws.path)) data.layers.push_back({ws.path, "workspace"});
    } catch (const InputError&) {}
    const Location shipped = find_shipped_dir("data");
    data.layers.push_back({shipped.path, shipped.source});
    return data;
}

std::string resolve_vocab(const std::string& given, const DataLayers& data) {
    if (is_file(given)) return given;
    // A path inside the data folder, as the screens show it: "apple/vocab.toml".
    // A bare name ("apple") is a vocabulary's folder, never a file to read.
    if (fs::path(given).is_relative() &&
        (given.find('/') != std::string::npos || fs::path(given).has_extension()))
        if (const auto found = data.find(given)) return *found;
    if (given.find('/') == std::string::npos)
        if (const auto found = data.find(given + "/vocab.toml")) return *found;
    std::string names;
    for (const std::string& name : data.folders_with("vocab.toml"))
        names += (names.empty() ? "" : ", ") + name;
    throw InputError("--vocab " + given + ": no such file, and no vocabulary of that name in " +
                     data.describe() + (names.empty() ? "" : " (there: " + names + ")"));
}

}  // namespace attn::course
