// Lesson prose: Markdown rendered for a terminal with md4c, wrapped to the width, styled only when
// colour is on, and folded to ASCII with --ascii.
#pragma once
#include <string>

#include "render/style.hpp"

namespace attn::render {

std::string markdown_text(const std::string& markdown, const Style& style);

// Replaces the Unicode symbols lessons use (· × √ − ᵀ → … — ≈ ≤ ≥ ∞ Σ “ ” ‘ ’ • │ ─ α σ) by ASCII.
std::string ascii_fold(const std::string& text);

// Visible width of text that may hold ANSI colour codes.
size_t visible_width(const std::string& text);

}  // namespace attn::render
