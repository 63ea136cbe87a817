#include "cli/export_files.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "course/stale_temporaries.hpp"
#include "inputs/input_error.hpp"

namespace attn::cli {

namespace fs = std::filesystem;

std::string safe_file_name(const std::string& name) {
    std::string out;
    for (char c : name) {
        const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                          c == '-' || c == '_' || c == '.';
        out += keep ? c : '_';
    }
    if (out.empty() || out[0] == '.') out.insert(out.begin(), '_');
    return out.substr(0, 100);
}

namespace {

constexpr const char* kTempMarker = ".attn-";  // .NAME.attn-PID.XXXXXX while a file is written

// Temporary files of earlier exports of `name` into `dir` that were killed (kill -9, power loss): only
// names of exactly that pattern, and only those whose process is gone.
void remove_stale_temporaries(const fs::path& dir, const std::string& name) {
    std::error_code ignored;
    for (const fs::path& stale : course::stale_temporaries(dir, "." + name + kTempMarker, 7))  // .XXXXXX
        if (fs::is_regular_file(fs::symlink_status(stale, ignored))) fs::remove(stale, ignored);
}

void write_one(const fs::path& dir, const std::string& name, const std::string& text, bool force) {
    const fs::path target = dir / name;
    std::string temporary =
        (dir / ("." + name + kTempMarker + std::to_string(::getpid()) + ".XXXXXX")).string();
    const int fd = mkstemp(temporary.data());
    if (fd < 0)
        throw course::WriteError("cannot create a file in " + dir.string() + ": " + std::strerror(errno));
    size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const std::string why = std::strerror(errno);
            ::close(fd), ::unlink(temporary.c_str());
            throw course::WriteError("cannot write " + target.string() + ": " + why);
        }
        done += static_cast<size_t>(n);
    }
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, 0666 & ~mask);  // mkstemp makes 0600; an exported picture is an ordinary file
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        ::unlink(temporary.c_str());
        throw course::WriteError("cannot write " + target.string() + ": " + std::strerror(errno));
    }
    // Without --force, link() refuses an existing name atomically (a file that appeared since the check).
    const int moved =
        force ? ::rename(temporary.c_str(), target.c_str()) : ::link(temporary.c_str(), target.c_str());
    const int why = errno;
    if (!force || moved != 0) ::unlink(temporary.c_str());
    if (moved == 0) return;
    if (why == EEXIST)
        throw course::InputError(target.string() +
                                 " already exists; add --force to replace it, or choose another -o folder");
    throw course::WriteError("cannot write " + target.string() + ": " + std::strerror(why));
}

}  // namespace

void write_files(const std::string& dir, const std::vector<std::pair<std::string, std::string>>& files,
                 bool force) {
    std::error_code ec;
    if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
        throw course::InputError("-o " + dir + ": that is a file; give a folder");
    fs::create_directories(dir, ec);
    if (ec) throw course::WriteError("-o " + dir + ": cannot create the folder (" + ec.message() + ")");
    for (const auto& [name, text] : files) {
        if (name != safe_file_name(name))
            throw course::InputError("refusing the file name '" + name + "': it would leave " + dir);
        const fs::path target = fs::path(dir) / name;
        if (!force && fs::symlink_status(target, ec).type() != fs::file_type::not_found)
            throw course::InputError(
                target.string() + " already exists; add --force to replace it, or choose another -o folder");
        if (fs::is_directory(target, ec))
            throw course::InputError(target.string() + " is a folder; remove it or choose another -o folder");
    }
    for (const auto& [name, text] : files) remove_stale_temporaries(dir, name);
    for (const auto& [name, text] : files) write_one(dir, name, text, force);
}

}  // namespace attn::cli
