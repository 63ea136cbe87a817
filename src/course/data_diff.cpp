// attn workspace diff: the learner's files against the shipped ones, value by value.
#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>

#include "course/workspace.hpp"
#include "inputs/input_file.hpp"
#include "inputs/toml_read.hpp"

namespace fs = std::filesystem;

namespace attn::course {

namespace {

// A workspace file as bytes: a folder, FIFO or device where a file was is InputError naming it (exit 2).
std::string read_bytes(const fs::path& path) { return read_input_file(path.string()); }

std::string show(const toml::node& node) {
    std::ostringstream out;
    if (const auto v = node.value<double>())
        out << *v;  // numbers as numbers: 1 and 1.0 read the same
    else if (const auto s = node.value<std::string>())
        out << '"' << *s << '"';
    else if (const toml::array* a = node.as_array()) {
        out << "[";
        for (size_t i = 0; i < a->size(); ++i) out << (i ? ", " : "") << show(*a->get(i));
        out << "]";
    } else
        node.visit([&out](const auto& n) { out << n; });
    return out.str();
}

bool numeric_array(const toml::node& node) {
    const toml::array* a = node.as_array();
    if (!a || a->empty()) return false;
    for (const toml::node& x : *a)
        if (!x.is_number()) return false;
    return true;
}

bool matrix(const toml::node& node) {
    const toml::array* a = node.as_array();
    if (!a || a->empty()) return false;
    for (const toml::node& row : *a)
        if (!numeric_array(row)) return false;
    return true;
}

bool same_value(const toml::node& a, const toml::node& b) {
    if (a.is_number() && b.is_number()) return a.value<double>() == b.value<double>();
    return show(a) == show(b);
}

struct Differ {
    std::vector<std::string> dimensions;  // the learner's dimension names, to name a word's cells
    std::vector<DataChange> changes;

    void words(const toml::table& before, const toml::table& after) {
        std::set<std::string> names;
        for (const auto& [k, v] : before) names.insert(std::string(k.str()));
        for (const auto& [k, v] : after) names.insert(std::string(k.str()));
        for (const std::string& w : names) {
            const toml::node* b = before.get(w);
            const toml::node* a = after.get(w);
            if (!b || !a) {
                changes.push_back({"word", w, b ? show(*b) : "", a ? show(*a) : ""});
                continue;
            }
            const toml::array* ba = b->as_array();
            const toml::array* aa = a->as_array();
            if (!ba || !aa || ba->size() != aa->size()) {
                if (!same_value(*b, *a)) changes.push_back({"word", w, show(*b), show(*a)});
                continue;
            }
            for (size_t i = 0; i < aa->size(); ++i)
                if (!same_value(*ba->get(i), *aa->get(i)))
                    changes.push_back(
                        {"word",
                         w + " " + (i < dimensions.size() ? dimensions[i] : "column " + std::to_string(i)),
                         show(*ba->get(i)), show(*aa->get(i))});
        }
    }

    void cells(const std::string& key, const toml::array& before, const toml::array& after) {
        const size_t cols_b = before.get(0)->as_array()->size(), cols_a = after.get(0)->as_array()->size();
        if (before.size() != after.size() || cols_b != cols_a) {
            changes.push_back({"cell", key + " shape",
                               "(" + std::to_string(before.size()) + ", " + std::to_string(cols_b) + ")",
                               "(" + std::to_string(after.size()) + ", " + std::to_string(cols_a) + ")"});
            return;
        }
        for (size_t r = 0; r < after.size(); ++r) {
            const toml::array& rb = *before.get(r)->as_array();
            const toml::array& ra = *after.get(r)->as_array();
            for (size_t c = 0; c < ra.size() && c < rb.size(); ++c)
                if (!same_value(*rb.get(c), *ra.get(c)))
                    changes.push_back({"cell",
                                       key + " row " + std::to_string(r) + ", column " + std::to_string(c),
                                       show(*rb.get(c)), show(*ra.get(c))});
        }
    }

    void dimension_names(const toml::node& before, const toml::node& after) {
        const toml::array* b = before.as_array();
        const toml::array* a = after.as_array();
        if (!b || !a) return void(changes.push_back({"dimension", "dimensions", show(before), show(after)}));
        for (size_t i = 0; i < std::max(a->size(), b->size()); ++i) {
            const std::string was = i < b->size() ? show(*b->get(i)) : "",
                              now = i < a->size() ? show(*a->get(i)) : "";
            if (was != now) changes.push_back({"dimension", "column " + std::to_string(i), was, now});
        }
    }

    void node(const std::string& key, const toml::node* before, const toml::node* after) {
        if (!before || !after)
            return void(
                changes.push_back({"key", key, before ? show(*before) : "", after ? show(*after) : ""}));
        if (key == "dimensions") return dimension_names(*before, *after);
        if (key == "words" && before->is_table() && after->is_table())
            return words(*before->as_table(), *after->as_table());
        if (before->is_table() && after->is_table())
            return table(key + ".", *before->as_table(), *after->as_table());
        if (matrix(*before) && matrix(*after)) return cells(key, *before->as_array(), *after->as_array());
        if (!same_value(*before, *after)) changes.push_back({"key", key, show(*before), show(*after)});
    }

    void table(const std::string& prefix, const toml::table& before, const toml::table& after) {
        std::set<std::string> keys;
        for (const auto& [k, v] : before) keys.insert(std::string(k.str()));
        for (const auto& [k, v] : after) keys.insert(std::string(k.str()));
        for (const std::string& k : keys) node(prefix + k, before.get(k), after.get(k));
    }
};

// The value-by-value changes of one TOML file; a file that no longer parses is one change saying so.
std::vector<DataChange> toml_changes(const fs::path& shipped, const fs::path& mine) {
    toml::table before, after;
    try {
        before = toml::parse(read_bytes(shipped), shipped.string());
        after = toml::parse(read_bytes(mine), mine.string());
        show_controls(before, shipped.string());
        show_controls(after, mine.string());
    } catch (const toml::parse_error& e) {
        return {{"file", "line " + std::to_string(e.source().begin.line), "",
                 "does not parse: " + std::string(e.description())}};
    }
    Differ d;
    if (const toml::array* dims = after["dimensions"].as_array())
        for (const toml::node& name : *dims) d.dimensions.push_back(name.value_or(std::string("?")));
    d.table("", before, after);
    return d.changes;
}

}  // namespace

std::vector<FileDiff> diff_workspace(const std::string& workspace, const std::string& shipped) {
    std::set<std::string> files;
    for (const std::string& root : {workspace, shipped}) {
        std::error_code ec;
        for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
            const std::string rel = it->path().lexically_relative(root).generic_string();
            if (it->is_regular_file() && rel.find("/.") == std::string::npos && rel[0] != '.')
                files.insert(rel);
        }
    }
    std::vector<FileDiff> diffs;
    for (const std::string& rel : files) {
        const fs::path mine = fs::path(workspace) / rel, base = fs::path(shipped) / rel;
        if (!fs::exists(mine))
            diffs.push_back({rel, "missing", {}});
        else if (!fs::exists(base))
            diffs.push_back({rel, "added", {}});
        else if (read_bytes(mine) != read_bytes(base)) {
            FileDiff d{rel, "changed", {}};
            if (mine.extension() == ".toml") d.changes = toml_changes(base, mine);
            // Only comments or layout changed: still a changed file, but no value differs.
            diffs.push_back(d);
        }
    }
    return diffs;
}

}  // namespace attn::course
