// Small helpers over toml++ that turn a TOML value into a number, string or matrix, or throw
// InputError naming the file, the line and the key.
#pragma once
#include <toml++/toml.h>

#include <armadillo>
#include <string>

namespace attn::course {

// Parses a TOML file; a syntax error becomes InputError "FILE:LINE: ...".
toml::table parse_toml_file(const std::string& path);

// Every string in `node` with its control characters shown as ^[, ^G ... (text/utf8.hpp), so that a
// course file's text never drives the terminal; a key that holds one is InputError at its line.
// parse_toml_file does this for every file it reads.
void show_controls(toml::node& node, const std::string& path);

// The line of a node in its file (0 when unknown), counted on from a TomlLineOffset while one lives.
long line_of(const toml::node& node);

// While it lives, line_of() adds `lines` to every line: TOML embedded in another file (a ```question
// block of a lesson) is parsed alone, in time linear in its own size, and reported at the file's lines.
class TomlLineOffset {
public:
    explicit TomlLineOffset(long lines);
    ~TomlLineOffset();
    TomlLineOffset(const TomlLineOffset&) = delete;
    TomlLineOffset& operator=(const TomlLineOffset&) = delete;

private:
    long previous_;
};

// Reads an array of equal-length number arrays as a matrix (rows = outer array).
arma::mat toml_matrix(const toml::node& node, const std::string& path, const std::string& key);

// Reads an array of numbers as a row vector.
arma::rowvec toml_row(const toml::node& node, const std::string& path, const std::string& key);

// Reads an array of strings.
std::vector<std::string> toml_strings(const toml::node& node, const std::string& path,
                                      const std::string& key);

// The string at key, or InputError when it is missing or not a string.
std::string toml_string(const toml::table& table, const std::string& path, const std::string& key);

// The node at `key`, or InputError "FILE: missing key KEY (what it is for)".
const toml::node& toml_required(const toml::table& table, const std::string& path, const std::string& key,
                                const std::string& purpose);

}  // namespace attn::course
