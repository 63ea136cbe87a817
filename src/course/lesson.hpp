// Lessons are Markdown files. Each level-2 heading (## ...) starts a step; a fenced code block whose
// info string is `attn` holds one attn command line that the lesson runs live at that point.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "course/question.hpp"

namespace attn::course {

struct Block {
    enum class Kind { prose, command };
    Kind kind = Kind::prose;
    std::string text;  // Markdown for prose; the command line (without "attn") for a command
    long line = 0;     // 1-based line in the lesson file where the block starts
};

struct Step {
    std::string title;
    long line = 0;
    std::vector<Block> blocks;
    std::vector<Question> questions;  // its ```question blocks, asked after the step's text
};

struct Lesson {
    std::string slug;
    std::string title;
    std::string path;
    std::vector<Step> steps;
};

// Every question of the lesson, in order.
std::vector<const Question*> lesson_questions(const Lesson& lesson);

// The question with this id; throws InputError listing the lesson's ids.
const Question& find_question(const Lesson& lesson, const std::string& id);

// Splits Markdown into steps with md4c (so that "##" inside a code block is not a heading). Text
// before the first "##" opens the first step. Throws InputError "FILE:LINE: ..." for an empty
// ```attn block, one with more than one command line, a malformed ```question block, two questions with
// the same id, or a lesson with no steps.
std::vector<Step> parse_lesson_markdown(const std::string& text, const std::string& path);

}  // namespace attn::course
