#include "course/catalog.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

#include "inputs/csv_matrix.hpp"
#include "inputs/input_error.hpp"
#include "inputs/toml_read.hpp"
#include "text/utf8.hpp"

namespace attn::course {

namespace {

LessonEntry read_entry(const toml::node& node, const std::string& manifest, const std::string& dir,
                       size_t number) {
    const toml::table* table = node.as_table();
    if (!table)
        throw InputError(at_location(manifest, line_of(node),
                                     "each [[lesson]] must be a table with slug, title and file"));
    LessonEntry entry;
    entry.number = number;
    entry.slug = toml_string(*table, manifest, "slug");
    entry.title = toml_string(*table, manifest, "title");
    entry.path = (std::filesystem::path(dir) / toml_string(*table, manifest, "file")).string();
    if (entry.slug.empty() || entry.slug.find_first_of(" \t/") != std::string::npos ||
        entry.slug.find_first_not_of("0123456789") == std::string::npos)
        throw InputError(at_location(
            manifest, line_of(node),
            "slug '" + entry.slug + "' must be a word like 'scaling' (no spaces, not only digits)"));
    return entry;
}

}  // namespace

Catalog load_catalog(const std::string& dir) {
    Catalog catalog;
    catalog.dir = dir;
    catalog.manifest = (std::filesystem::path(dir) / "course.toml").string();
    const toml::table root = parse_toml_file(catalog.manifest);
    catalog.title = root["title"].value_or(std::string("attn"));
    const toml::array* lessons = root["lesson"].as_array();
    if (!lessons || lessons->empty())
        throw InputError(catalog.manifest + ": no lessons; add [[lesson]] tables with slug, title and file");
    std::set<std::string> slugs;
    for (const toml::node& node : *lessons) {
        LessonEntry entry = read_entry(node, catalog.manifest, dir, catalog.lessons.size() + 1);
        if (!slugs.insert(entry.slug).second)
            throw InputError(at_location(catalog.manifest, line_of(node),
                                         "slug '" + entry.slug + "' is used twice; slugs must be unique"));
        catalog.lessons.push_back(std::move(entry));
    }
    return catalog;
}

Lesson load_lesson(const LessonEntry& entry) {
    Lesson lesson{entry.slug, entry.title, entry.path, {}};
    // Control characters (ESC, BEL ...) in the Markdown are shown as ^[ and ^G, never sent to a terminal.
    lesson.steps =
        parse_lesson_markdown(attn::text::visible_controls(read_text_file(entry.path)), entry.path);
    return lesson;
}

size_t find_lesson(const Catalog& catalog, const std::string& key) {
    const bool numeric = !key.empty() && key.find_first_not_of("0123456789") == std::string::npos;
    if (numeric) {
        const unsigned long n = key.size() < 6 ? std::stoul(key) : 0;
        if (n >= 1 && n <= catalog.lessons.size()) return n - 1;
    }
    for (size_t i = 0; i < catalog.lessons.size(); ++i)
        if (catalog.lessons[i].slug == key) return i;
    std::string near;  // at most three slugs that hold the key, or that it holds
    for (const LessonEntry& e : catalog.lessons)
        if (!key.empty() &&
            (e.slug.find(key) != std::string::npos || key.find(e.slug) != std::string::npos) &&
            std::count(near.begin(), near.end(), ',') < 2)
            near += (near.empty() ? "" : ", ") + e.slug;
    throw InputError("no lesson '" + attn::text::visible_controls(key.substr(0, 80)) +
                     "'; give a number from 1 to " + std::to_string(catalog.lessons.size()) + " or a slug" +
                     (near.empty() ? "" : " (did you mean " + near + "?)") + "; 'attn list' shows them all");
}

}  // namespace attn::course
