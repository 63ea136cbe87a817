#include "course/progress.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "course/atomic_write.hpp"

namespace fs = std::filesystem;

namespace attn::course {

namespace {

constexpr const char* kFormat = "attn-progress";
constexpr int kVersion = 1;
constexpr std::uint64_t kMaxStep = 9999;
constexpr std::uint64_t kMaxAttempts = 1000000000;     // far more than anyone types
constexpr size_t kMaxProgressBytes = size_t(1) << 20;  // a few hundred bytes per lesson

fs::path progress_file(const std::string& state_dir) { return fs::path(state_dir) / "progress.json"; }

Progress from_json(const nlohmann::json& doc) {
    if (!doc.is_object() || doc.value("format", "") != kFormat || doc.value("version", 0) != kVersion)
        throw std::runtime_error("not an attn progress file (version " + std::to_string(kVersion) + ")");
    Progress p;
    p.current = doc.at("current").get<std::string>();
    for (const auto& [slug, entry] : doc.at("lessons").items()) {
        // A step is an index into a lesson: a small whole number (1e300 or -1 would be undefined or wrap).
        const nlohmann::json& step = entry.at("step");
        if (!step.is_number_unsigned() || step.get<std::uint64_t>() > kMaxStep)
            throw std::runtime_error("lesson '" + slug + "': \"step\" must be a whole number from 0 to " +
                                     std::to_string(kMaxStep));
        LessonProgress& lesson = p.lessons[slug];
        lesson.step = step.get<size_t>();
        lesson.done = entry.at("done").get<bool>();
        // "questions" came later: older files have none.
        const nlohmann::json questions = entry.value("questions", nlohmann::json::object());
        for (const auto& [id, q] : questions.items()) {
            // Counts are whole numbers ("attempts": -1 would wrap to 2^64 - 1), and the first right
            // attempt is one of the attempts made.
            const nlohmann::json &attempts = q.at("attempts"), &right_at = q.at("right_at");
            if (!attempts.is_number_unsigned() || !right_at.is_number_unsigned() ||
                attempts.get<std::uint64_t>() > kMaxAttempts ||
                right_at.get<std::uint64_t>() > attempts.get<std::uint64_t>())
                throw std::runtime_error("question '" + id + "' of lesson '" + slug +
                                         "': \"attempts\" must be a whole number from 0 to " +
                                         std::to_string(kMaxAttempts) +
                                         " and \"right_at\" one from 0 to attempts");
            lesson.questions[id] = {attempts.get<size_t>(), right_at.get<size_t>()};
        }
    }
    return p;
}

nlohmann::json to_json(const Progress& p) {
    nlohmann::json lessons = nlohmann::json::object();
    for (const auto& [slug, entry] : p.lessons) {
        lessons[slug] = {{"step", entry.step}, {"done", entry.done}};
        if (entry.questions.empty()) continue;
        nlohmann::json& questions = lessons[slug]["questions"] = nlohmann::json::object();
        for (const auto& [id, q] : entry.questions)
            questions[id] = {{"attempts", q.attempts}, {"right_at", q.right_at}};
    }
    return {{"format", kFormat}, {"version", kVersion}, {"current", p.current}, {"lessons", lessons}};
}

std::string move_aside(const fs::path& file) {
    const auto now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    fs::path aside = file;
    aside += ".bad-" + std::to_string(now);
    std::error_code ec;
    fs::rename(file, aside, ec);
    return ec ? "the old file could not be moved aside (" + ec.message() + ") and is left as it is"
              : "the old file is kept as " + aside.string();
}

// progress.json itself, or what it links to: a symlinked progress file is followed, so that the link
// stays a link and the file it names gets the new progress. A loop or a dangling chain is refused.
fs::path resolve_links(const fs::path& file) {
    fs::path target = file;
    std::error_code ec;
    for (int hops = 0; fs::is_symlink(fs::symlink_status(target, ec)); ++hops) {
        if (hops == 40)
            throw StateWriteError(file.string() +
                                  " is a loop of symbolic links; remove it or point it at a file");
        const fs::path link = fs::read_symlink(target, ec);
        if (ec) throw StateWriteError("cannot read the link " + target.string() + ": " + ec.message());
        target = link.is_absolute() ? link : target.parent_path() / link;
    }
    return target;
}

// Special files (a FIFO would block, a device never ends) are neither read nor replaced.
// Reading one is bad input (exit 2); writing, a write error (exit 3).
void refuse_special(const fs::path& file, const fs::path& target, bool writing) {
    std::error_code ec;
    const fs::file_status st = fs::status(target, ec);
    if (!fs::exists(st) || fs::is_regular_file(st)) return;
    const std::string message = file.string() +
                                " is not a regular file (a folder, device, pipe or socket); "
                                "move it away so attn can keep your progress there";
    if (writing) throw StateWriteError(message);
    throw InputError(message);
}

}  // namespace

void record_attempt(Progress& progress, const std::string& slug, const std::string& id, bool right) {
    QuestionRecord& record = progress.lessons[slug].questions[id];
    ++record.attempts;
    if (right && record.right_at == 0) record.right_at = record.attempts;
}

LoadedProgress load_progress(const std::string& state_dir) {
    const fs::path file = progress_file(state_dir);
    remove_stale_temporaries(resolve_links(file));
    refuse_special(file, resolve_links(file), false);
    std::error_code ec;
    if (!fs::exists(resolve_links(file), ec) && !ec) return {};
    std::ifstream in(file);
    // There but unreadable (no permission, an I/O error): starting afresh would lose the learner's
    // progress at the next save.
    if (!in)
        throw StateWriteError("cannot read " + file.string() + ": " + std::strerror(errno) +
                              "; fix its permissions (attn will not start your progress afresh)");
    try {
        std::string text(kMaxProgressBytes + 1, '\0');
        in.read(text.data(), static_cast<std::streamsize>(text.size()));
        text.resize(static_cast<size_t>(in.gcount()));
        if (text.size() > kMaxProgressBytes) throw std::runtime_error("larger than 1 MiB");
        return {from_json(nlohmann::json::parse(text)), std::nullopt};
    } catch (const std::exception& e) {
        in.close();
        const std::string where = move_aside(resolve_links(file));
        return {Progress{}, file.string() + " is unreadable (" + e.what() + "); starting afresh; " + where};
    }
}

void save_progress(const Progress& progress, const std::string& state_dir) {
    std::error_code ec;
    fs::create_directories(state_dir, ec);
    if (ec) throw StateWriteError("cannot create " + state_dir + ": " + ec.message());
    const fs::path file = resolve_links(progress_file(state_dir));
    refuse_special(progress_file(state_dir), file, true);
    try {
        write_atomically(file, to_json(progress).dump(2) + "\n", Replace::yes);
    } catch (const AtomicWriteError& e) {
        if (e.step == WriteStep::replace)
            throw StateWriteError("cannot replace " + file.string() + ": " + e.why);
        throw StateWriteError("cannot write " + file.string() + ": " + e.why);
    }
}

ProgressLock::ProgressLock(const std::string& state_dir) {
    std::error_code ec;
    fs::create_directories(state_dir, ec);
    if (ec) throw StateWriteError("cannot create " + state_dir + ": " + ec.message());
    const std::string path = (fs::path(state_dir) / "progress.lock").string();
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0600);
    if (fd_ < 0) throw StateWriteError("cannot open " + path + ": " + std::strerror(errno));
    while (::flock(fd_, LOCK_EX) != 0)
        if (errno != EINTR) {
            const std::string why = std::strerror(errno);
            ::close(fd_);
            throw StateWriteError("cannot lock " + path + ": " + why);
        }
}

ProgressLock::~ProgressLock() { ::close(fd_); }  // closing releases the lock

Progress update_progress(const std::string& state_dir, const std::function<void(Progress&)>& change,
                         std::optional<std::string>* warning) {
    const ProgressLock lock(state_dir);
    LoadedProgress loaded = load_progress(state_dir);
    if (warning) *warning = loaded.warning;
    change(loaded.progress);
    save_progress(loaded.progress, state_dir);
    return loaded.progress;
}

}  // namespace attn::course
