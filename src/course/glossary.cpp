#include "course/glossary.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>

#include "course/paths.hpp"
#include "inputs/input_error.hpp"
#include "inputs/toml_read.hpp"

namespace attn::course {

namespace {

bool is_ascii(const std::string& text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// How a learner may type a term: case, spaces, '_', '-' and brackets do not matter ("kv-cache", "KV cache").
std::string key(const std::string& word) {
    std::string out;
    for (const char c : word)
        if (std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80 ||
            c == '*' || c == '.' || c == ';')
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::vector<std::string> spellings(const GlossaryTerm& t) {
    std::vector<std::string> all = {t.name, t.ascii};
    all.insert(all.end(), t.aliases.begin(), t.aliases.end());
    return all;
}

GlossaryTerm read_term(const toml::node& node, const std::string& path) {
    const toml::table* table = node.as_table();
    if (!table)
        throw InputError(
            at_location(path, line_of(node), "each [[term]] must be a table with name, short and text"));
    GlossaryTerm t;
    t.line = line_of(node);
    t.name = toml_string(*table, path, "name");
    t.summary = toml_string(*table, path, "short");
    t.text = toml_string(*table, path, "text");
    t.ascii = table->contains("ascii") ? toml_string(*table, path, "ascii") : t.name;
    // A blank spelling names nothing a learner could type, and every look-up would match it.
    const auto blank = [](const std::string& s) {
        return s.find_first_not_of(" \t\r\n") == std::string::npos;
    };
    if (blank(t.name) || blank(t.ascii))
        throw InputError(at_location(
            path, t.line, "a [[term]] has an empty name or ascii; give its name as name = \"...\""));
    if (!is_ascii(t.ascii))
        throw InputError(at_location(
            path, t.line, "term '" + t.name + "' is not ASCII: give its ASCII spelling as ascii = \"...\""));
    if (table->contains("aliases")) t.aliases = toml_strings(*table->get("aliases"), path, "aliases");
    for (const std::string& alias : t.aliases)
        if (blank(alias))
            throw InputError(
                at_location(path, t.line, "term '" + t.name + "' has an empty alias; remove it"));
    if (table->contains("lesson")) t.lesson = toml_string(*table, path, "lesson");
    return t;
}

}  // namespace

Glossary load_glossary(const std::string& path) {
    Glossary glossary{path, {}};
    const toml::table root = parse_toml_file(path);
    const toml::array* terms = root["term"].as_array();
    if (!terms || terms->empty())
        throw InputError(path + ": no terms; add [[term]] tables with name, short and text");
    std::map<std::string, size_t> owner;  // each spelling's key -> the term that has it (linear, not n²)
    for (const toml::node& node : *terms) {
        GlossaryTerm t = read_term(node, path);
        for (const std::string& b : spellings(t)) {
            const auto found = owner.find(key(b));
            if (found == owner.end()) continue;
            const GlossaryTerm& other = glossary.terms[found->second];
            throw InputError(at_location(path, t.line,
                                         "'" + b + "' already names the term '" + other.name + "' at line " +
                                             std::to_string(other.line)));
        }
        for (const std::string& b : spellings(t)) owner.emplace(key(b), glossary.terms.size());
        glossary.terms.push_back(std::move(t));
    }
    return glossary;
}

std::string glossary_path(const std::string& lessons_dir) {
    const std::filesystem::path own = std::filesystem::path(lessons_dir) / "glossary.toml";
    if (std::filesystem::exists(own)) return own.string();
    return (std::filesystem::path(find_shipped_dir("lessons").path) / "glossary.toml").string();
}

const GlossaryTerm& find_term(const Glossary& glossary, const std::string& word) {
    const std::string wanted = key(word);
    for (const GlossaryTerm& t : glossary.terms)
        for (const std::string& s : spellings(t))
            if (!wanted.empty() && key(s) == wanted) return t;
    std::string near, all;
    for (const GlossaryTerm& t : glossary.terms) {
        all += (all.empty() ? "" : ", ") + t.ascii;
        for (const std::string& s : spellings(t))
            if (!wanted.empty() && key(s).find(wanted) != std::string::npos) {
                near += (near.empty() ? "" : ", ") + t.ascii;
                break;
            }
    }
    throw InputError("no term '" + word + "' in the glossary (" + glossary.path + "); " +
                     (near.empty() ? "its terms are: " + all : "did you mean: " + near + "?"));
}

}  // namespace attn::course
