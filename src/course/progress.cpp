#include "course/progress.hpp"

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

namespace fs = std::filesystem;

namespace attn::course {

namespace {

constexpr const char* kFormat = "attn-progress";
constexpr int kVersion = 1;

fs::path progress_file(const std::string& state_dir) { return fs::path(state_dir) / "progress.json"; }

Progress from_json(const nlohmann::json& doc) {
    if (!doc.is_object() || doc.value("format", "") != kFormat || doc.value("version", 0) != kVersion)
        throw std::runtime_error("not an attn progress file (version " + std::to_string(kVersion) + ")");
    Progress p;
    p.current = doc.at("current").get<std::string>();
    for (const auto& [slug, entry] : doc.at("lessons").items()) {
        LessonProgress& lesson = p.lessons[slug];
        lesson.step = entry.at("step").get<size_t>();
        lesson.done = entry.at("done").get<bool>();
        // "questions" came later: older files have none.
        const nlohmann::json questions = entry.value("questions", nlohmann::json::object());
        for (const auto& [id, q] : questions.items())
            lesson.questions[id] = {q.at("attempts").get<size_t>(), q.at("right_at").get<size_t>()};
    }
    return p;
}

nlohmann::json to_json(const Progress& p) {
    nlohmann::json lessons = nlohmann::json::object();
    for (const auto& [slug, entry] : p.lessons) {
        lessons[slug] = {{"step", entry.step}, {"done", entry.done}};
        if (entry.questions.empty()) continue;
        nlohmann::json& questions = lessons[slug]["questions"] = nlohmann::json::object();
        for (const auto& [id, q] : entry.questions) questions[id] = {{"attempts", q.attempts}, {"right_at", q.right_at}};
    }
    return {{"format", kFormat}, {"version", kVersion}, {"current", p.current}, {"lessons", lessons}};
}

std::string move_aside(const fs::path& file) {
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    fs::path aside = file;
    aside += ".bad-" + std::to_string(now);
    std::error_code ec;
    fs::rename(file, aside, ec);
    return ec ? "could not move it aside (" + ec.message() + "); it is left as it is" : "kept as " + aside.string();
}

}  // namespace

void record_attempt(Progress& progress, const std::string& slug, const std::string& id, bool right) {
    QuestionRecord& record = progress.lessons[slug].questions[id];
    ++record.attempts;
    if (right && record.right_at == 0) record.right_at = record.attempts;
}

LoadedProgress load_progress(const std::string& state_dir) {
    const fs::path file = progress_file(state_dir);
    std::ifstream in(file);
    if (!in) return {};
    try {
        return {from_json(nlohmann::json::parse(in)), std::nullopt};
    } catch (const std::exception& e) {
        in.close();
        const std::string where = move_aside(file);
        return {Progress{}, file.string() + " is unreadable (" + e.what() + "); starting afresh, the old file is " + where};
    }
}

void save_progress(const Progress& progress, const std::string& state_dir) {
    std::error_code ec;
    fs::create_directories(state_dir, ec);
    if (ec) throw StateWriteError("cannot create " + state_dir + ": " + ec.message());
    const fs::path file = progress_file(state_dir);
    fs::path temp = file;
    temp += ".tmp-" + std::to_string(::getpid());
    {
        std::ofstream out(temp, std::ios::trunc);
        out << to_json(progress).dump(2) << "\n";
        out.flush();
        if (!out) {
            const std::string why = std::strerror(errno);
            fs::remove(temp, ec);
            throw StateWriteError("cannot write " + temp.string() + ": " + why);
        }
    }
    fs::rename(temp, file, ec);
    if (ec) {
        fs::remove(temp, ec);
        throw StateWriteError("cannot replace " + file.string() + ": " + ec.message());
    }
}

}  // namespace attn::course
