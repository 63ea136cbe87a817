// The glossary for a terminal: every term with its one line, or one term in full. With style.unicode off,
// terms are shown by their ASCII spelling and every line is pure ASCII.
#pragma once
#include <string>

#include "course/glossary.hpp"
#include "render/style.hpp"

namespace attn::render {

std::string glossary_list_text(const course::Glossary& glossary, const Style& style);
std::string glossary_term_text(const course::GlossaryTerm& term, const Style& style);

}  // namespace attn::render
