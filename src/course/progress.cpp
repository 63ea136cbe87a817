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
    for (const auto& [slug, entry] : doc.at("lessons").items())
        p.lessons[slug] = {entry.at("step").get<size_t>(), entry.at("done").get<bool>()};
    return p;
}

nlohmann::json to_json(const Progress& p) {
    nlohmann::json lessons = nlohmann::json::object();
    for (const auto& [slug, entry] : p.lessons) lessons[slug] = {{"step", entry.step}, {"done", entry.done}};
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
