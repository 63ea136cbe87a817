#include "cli/check_text.hpp"

#include "render/fit.hpp"

namespace attn::cli {

using render::fit_lines;

namespace {

std::string counted(size_t n, const std::string& one, const std::string& many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string what_ran(const course::LessonCheck& l) {
    return counted(l.commands, "command", "commands") + ", " + counted(l.try_its, "try-it", "try-its") +
           ", " + counted(l.live_blocks, "block", "blocks") + " of live values, " +
           counted(l.questions, "question", "questions");
}

}  // namespace

std::string check_text(const course::CourseCheck& check, const render::Style& style) {
    std::string out =
        "Checking " + check.title + " (" + check.manifest + ")" + (check.strict ? ", strict" : "") + "\n";
    if (!check.data.empty()) out += "on the data in " + check.data + "\n";
    for (const std::string& file : check.changed) out += "  " + file + "\n";
    out += "\n";
    for (const course::LessonCheck& l : check.lessons) {
        const std::string number = (l.entry.number < 10 ? " " : "") + std::to_string(l.entry.number);
        const std::string verdict = l.failures.empty() ? "ok  " : "FAIL";
        out += "  " + verdict + " " + number + "  " + l.entry.title + "  (" + l.entry.slug + ")\n";
        out += "            " + what_ran(l) + "\n";
    }
    if (!check.glossary.empty())
        out += "  " + std::string(check.glossary_failures.empty() ? "ok  " : "FAIL") + "     glossary  (" +
               counted(check.terms, "term", "terms") + ")\n";
    const size_t failed = check.failed_lessons();
    if (!check.passed()) {
        out += "\nFailures:\n";
        for (const course::LessonCheck& l : check.lessons)
            for (const course::CheckFailure& f : l.failures)
                out += f.message + (f.message.back() == '\n' ? "" : "\n");
        for (const course::CheckFailure& f : check.glossary_failures) out += f.message + "\n";
    }
    out += "\n" + counted(check.lessons.size(), "lesson", "lessons") +
           " checked: " + std::to_string(check.lessons.size() - failed) + " ok, " + std::to_string(failed) +
           " failed";
    out += failed ? " (" + counted(check.failures() - check.glossary_failures.size(), "failure", "failures") +
                        ")"
                  : "";
    if (!check.glossary_failures.empty())
        out += "; the glossary has " + counted(check.glossary_failures.size(), "failure", "failures");
    out += ".\n";
    return fit_lines(out, style.width);
}

nlohmann::json check_json(const course::CourseCheck& check) {
    nlohmann::json lessons = nlohmann::json::array();
    for (const course::LessonCheck& l : check.lessons) {
        nlohmann::json failures = nlohmann::json::array();
        for (const course::CheckFailure& f : l.failures)
            failures.push_back(
                {{"file", l.entry.path}, {"line", f.line}, {"what", f.what}, {"message", f.message}});
        lessons.push_back({{"number", l.entry.number},
                           {"slug", l.entry.slug},
                           {"title", l.entry.title},
                           {"file", l.entry.path},
                           {"ok", l.failures.empty()},
                           {"commands", l.commands},
                           {"try_its", l.try_its},
                           {"live_blocks", l.live_blocks},
                           {"questions", l.questions},
                           {"failures", failures}});
    }
    nlohmann::json glossary;  // null when the course has no glossary.toml of its own
    if (!check.glossary.empty()) {
        nlohmann::json failures = nlohmann::json::array();
        for (const course::CheckFailure& f : check.glossary_failures)
            failures.push_back(
                {{"file", check.glossary}, {"line", f.line}, {"what", f.what}, {"message", f.message}});
        glossary = {{"file", check.glossary},
                    {"terms", check.terms},
                    {"ok", check.glossary_failures.empty()},
                    {"failures", failures}};
    }
    return {{"title", check.title},        {"glossary", glossary},
            {"manifest", check.manifest},  {"data", check.data},
            {"changed", check.changed},    {"strict", check.strict},
            {"lessons", lessons},          {"failed_lessons", check.failed_lessons()},
            {"failures", check.failures()}};
}

}  // namespace attn::cli
