// A vocabulary's embedding table in its documented CSV and JSON (text: the report writer).
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "course/vocab_table.hpp"
#include "render/style.hpp"

namespace attn::render {

// {"vocabulary", "description", "dimensions", "pad", "words", "embeddings"}: embeddings as rows.
nlohmann::json vocab_json(const course::VocabTable& v);
std::string vocab_csv(const course::VocabTable& v);

}  // namespace attn::render
