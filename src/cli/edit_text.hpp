// Edit challenges on a terminal (the lesson player, attn quiz, attn quiz --watch); their JSON for graders
// (attn quiz --check --format json) is course/data_blocks.hpp's. Computes nothing: the status comes from
// course/edit_goal.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "course/edit_goal.hpp"
#include "course/question.hpp"
#include "render/style.hpp"

namespace attn::cli {

// "[id] (edit) prompt", then one line per goal ("holds: ..." in green, "not yet: ..."), wrapped.
std::string edit_status_text(const course::Question& question, const course::EditStatus& status,
                             const render::Style& style);

}  // namespace attn::cli
