// The course's table of contents: lessons/course.toml lists the lessons in order.
#pragma once
#include <string>
#include <vector>

#include "course/lesson.hpp"

namespace attn::course {

struct LessonEntry {
    size_t number = 0;  // 1-based position in the course
    std::string slug;   // "queries-keys-values"
    std::string title;  // "Queries, keys and values"
    std::string path;   // the Markdown file
};

struct Catalog {
    std::string dir;
    std::string manifest;
    std::string title;
    std::vector<LessonEntry> lessons;
};

// Reads DIR/course.toml: `title`, then [[lesson]] tables with slug, title and file. Throws InputError
// (file and line) for a malformed manifest; lesson files are read only when opened.
Catalog load_catalog(const std::string& dir);

// Reads and parses one lesson file. Throws InputError with file and line; other lessons are unaffected.
Lesson load_lesson(const LessonEntry& entry);

// Index of the lesson named by a 1-based number or a slug; throws InputError listing the lessons.
size_t find_lesson(const Catalog& catalog, const std::string& number_or_slug);

}  // namespace attn::course
