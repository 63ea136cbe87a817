// The glossary for a terminal: every term with its one line, or one term in full. With style.unicode off,
// terms are shown by their ASCII spelling and every line is pure ASCII.
#pragma once
#include <string>

#include "course/glossary.hpp"
#include "render/style.hpp"

namespace attn::cli {

std::string glossary_list_text(const course::Glossary& glossary, const render::Style& style);
std::string glossary_term_text(const course::GlossaryTerm& term, const render::Style& style);

}  // namespace attn::cli
