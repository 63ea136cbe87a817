// Files of `attn export`: safe names from block names, and writing a set of files into one folder
// atomically, never outside it and never over an existing file without --force.
#pragma once
#include <string>
#include <utility>
#include <vector>

namespace attn::cli {

// A file name from a block or token name: letters, digits, '-', '_' and '.' kept, anything else
// (including '/', and a leading '.') becomes '_'; never empty, at most 100 bytes.
std::string safe_file_name(const std::string& name);

// Writes every (file name, contents) into `dir` (created if missing). Checks first that no file exists
// (unless `force`) so that nothing is written when one would be overwritten; then writes each one to a
// temporary file in `dir` and renames it into place. Throws InputError for an existing file or a name
// that would leave `dir`, WriteError when the disk refuses.
void write_files(const std::string& dir, const std::vector<std::pair<std::string, std::string>>& files,
                 bool force);

}  // namespace attn::cli
