// attn check's report: one line per lesson, then every failure as FILE:LINE: message; or as JSON.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "course/lesson_check.hpp"
#include "render/style.hpp"

namespace attn::cli {

std::string check_text(const course::CourseCheck& check, const render::Style& style);
nlohmann::json check_json(const course::CourseCheck& check);

}  // namespace attn::cli
