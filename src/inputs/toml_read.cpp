#include "inputs/toml_read.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "inputs/csv_matrix.hpp"
#include "inputs/input_error.hpp"
#include "inputs/limits.hpp"
#include "text/utf8.hpp"

namespace attn::course {

namespace {

// C0 controls but tab and newline, DEL, and C1 controls (U+0080 to U+009F, 0xC2 0x80-0x9F in UTF-8).
bool has_control(const std::string& text) {
    for (size_t i = 0; i < text.size(); ++i) {
        const auto b = static_cast<unsigned char>(text[i]);
        if ((b < 0x20 && b != '\t' && b != '\n') || b == 0x7F) return true;
        if (b == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) < 0xA0) return true;
    }
    return false;
}

}  // namespace

// A course file's strings reach the terminal: escapes such as "\e]0;title\a" are shown as ^[]0;title^G,
// never sent. A key (a word of a vocabulary) with a control character is refused at its line.
void show_controls(toml::node& node, const std::string& path) {
    if (toml::table* table = node.as_table()) {
        for (auto&& [key, value] : *table) {
            if (has_control(std::string(key.str())))
                throw InputError(at_location(path, line_of(value),
                                             "the key \"" + attn::text::visible_controls(key.str()) +
                                                 "\" holds a control character; remove it"));
            show_controls(value, path);
        }
    } else if (toml::array* array = node.as_array()) {
        for (toml::node& item : *array) show_controls(item, path);
    } else if (toml::value<std::string>* text = node.as_string()) {
        if (has_control(text->get())) text->get() = attn::text::visible_controls(text->get());
    }
}

toml::table parse_toml_file(const std::string& path) {
    const std::string text = read_text_file(path);
    toml::table root;
    try {
        root = toml::parse(text, path);  // the packaged toml++ is built with exceptions
    } catch (const toml::parse_error& err) {
        throw InputError(at_location(path, err.source().begin.line,
                                     std::string(err.description()) + "; fix the TOML syntax there"));
    }
    show_controls(root, path);
    return root;
}

namespace {
thread_local long line_offset = 0;
}

TomlLineOffset::TomlLineOffset(long lines) : previous_(line_offset) { line_offset = lines; }
TomlLineOffset::~TomlLineOffset() { line_offset = previous_; }

long line_of(const toml::node& node) {
    const long line = static_cast<long>(node.source().begin.line);
    return line > 0 ? line + line_offset : 0;
}

arma::rowvec toml_row(const toml::node& node, const std::string& path, const std::string& key) {
    const toml::array* array = node.as_array();
    if (!array || array->empty())
        throw InputError(
            at_location(path, line_of(node), key + " must be a non-empty list of numbers, like [0.5, 1, 0]"));
    if (array->size() > kMaxMatrixSide)
        throw InputError(at_location(path, line_of(node),
                                     key + " has " + std::to_string(array->size()) + " numbers; at most " +
                                         std::to_string(kMaxMatrixSide) + " fit what attn can show"));
    arma::rowvec row(array->size());
    for (size_t i = 0; i < array->size(); ++i) {
        const toml::node& item = *array->get(i);
        std::optional<double> value = item.value<double>();
        if (!value || !item.is_number())
            throw InputError(at_location(path, line_of(item),
                                         key + ": item " + std::to_string(i + 1) + " is not a number"));
        if (!std::isfinite(*value))
            throw InputError(at_location(path, line_of(item),
                                         key + ": item " + std::to_string(i + 1) +
                                             " is not finite; use ordinary numbers (no nan or inf)"));
        row(i) = *value;
    }
    return row;
}

arma::mat toml_matrix(const toml::node& node, const std::string& path, const std::string& key) {
    const toml::array* rows = node.as_array();
    if (!rows || rows->empty())
        throw InputError(
            at_location(path, line_of(node), key + " must be a list of rows, like [[1, 0], [0, 1]]"));
    if (rows->size() > kMaxMatrixSide)
        throw InputError(at_location(path, line_of(node),
                                     key + " has " + std::to_string(rows->size()) + " rows; at most " +
                                         std::to_string(kMaxMatrixSide) + " fit what attn can show"));
    arma::mat m;
    for (size_t r = 0; r < rows->size(); ++r) {
        const std::string row_key = key + " row " + std::to_string(r + 1);
        arma::rowvec row = toml_row(*rows->get(r), path, row_key);
        if (r == 0) m.set_size(rows->size(), row.n_elem);
        if (row.n_elem != m.n_cols)
            throw InputError(at_location(path, line_of(*rows->get(r)),
                                         row_key + " has " + std::to_string(row.n_elem) +
                                             " numbers but row 1 has " + std::to_string(m.n_cols) +
                                             "; every row needs the same length"));
        m.row(r) = row;
    }
    return m;
}

std::vector<std::string> toml_strings(const toml::node& node, const std::string& path,
                                      const std::string& key) {
    const toml::array* array = node.as_array();
    if (!array)
        throw InputError(
            at_location(path, line_of(node), key + " must be a list of strings, like [\"a\", \"b\"]"));
    std::vector<std::string> out;
    for (const toml::node& item : *array) {
        std::optional<std::string> s = item.value<std::string>();
        if (!s)
            throw InputError(at_location(path, line_of(item), key + ": every item must be a quoted string"));
        out.push_back(*s);
    }
    return out;
}

std::string toml_string(const toml::table& table, const std::string& path, const std::string& key) {
    const toml::node& node = toml_required(table, path, key, "a string");
    std::optional<std::string> s = node.value<std::string>();
    if (!s) throw InputError(at_location(path, line_of(node), key + " must be a quoted string"));
    return *s;
}

const toml::node& toml_required(const toml::table& table, const std::string& path, const std::string& key,
                                const std::string& purpose) {
    const toml::node* node = table.get(key);
    if (!node)
        throw InputError(at_location(path, line_of(table), "missing key '" + key + "' (" + purpose + ")"));
    return *node;
}

}  // namespace attn::course
