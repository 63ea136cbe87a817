// Questions, verdicts and hints as text for people (their JSON is course/data_blocks.hpp's). Computes
// nothing: the expected answers and hand-calculation data come from course/quiz.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "course/quiz.hpp"
#include "render/style.hpp"

namespace attn::cli {

// For the interactive quiz and the lesson player (attn quiz --list and --answer go through
// course/quiz_report.hpp and the text writer). A question without its answer: "[id] (kind) prompt",
// the choices, and for a hand calculation the data
// to work from and the entries to give, in order. `task` is null for other kinds.
std::string question_text(const course::Question& question, const course::HandTask* task,
                          const render::Style& style);

}  // namespace attn::cli
