// The glossary of symbols and terms (attn glossary): lessons/glossary.toml, a file the teacher edits.
// Each [[term]] has `name` (as lessons write it: "√d_k"), `ascii` (its ASCII spelling, when the name is
// not ASCII: "sqrt(d_k)"), optional `aliases` (["logits"]), `short` (one line for the list), `text`
// (Markdown: the definition, with its numbers) and optional `lesson` (the slug that introduces it).
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace attn::course {

struct GlossaryTerm {
    std::string name, ascii;
    std::vector<std::string> aliases;
    std::string summary;  // the `short` key
    std::string text;
    std::string lesson;  // slug, or ""
    long line = 0;
};

struct Glossary {
    std::string path;
    std::vector<GlossaryTerm> terms;  // in the file's order
};

// Reads a glossary file. Throws InputError "FILE:LINE: ..." for bad TOML, a term without name, short or
// text, a name that is not ASCII without `ascii`, or a name (or alias) used twice.
Glossary load_glossary(const std::string& path);

// The glossary of the course in `lessons_dir`: its glossary.toml, else the shipped course's.
std::string glossary_path(const std::string& lessons_dir);

// The term called `word`: its name, ASCII spelling or an alias, ignoring case, spaces, '_' and '-'.
// Throws InputError naming the terms that contain `word`, or all of them when none does.
const GlossaryTerm& find_term(const Glossary& glossary, const std::string& word);

}  // namespace attn::course
