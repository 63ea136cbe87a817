#include "course/train_save.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "inputs/input_error.hpp"

namespace attn::course {

namespace fs = std::filesystem;

namespace {

constexpr const char* kTempMarker = ".tmp-attn-";  // PATH.tmp-attn-PID while a save is under way

// The file a path names once its symbolic links are followed, so that saving through a link keeps the
// link and replaces the file it points to.
fs::path follow_links(const std::string& path) {
    fs::path target = path;
    std::error_code ec;
    for (int hops = 0; fs::is_symlink(fs::symlink_status(target, ec)); ++hops) {
        if (hops == 40) throw InputError("--save " + path + ": a loop of symbolic links; give another name");
        const fs::path link = fs::read_symlink(target, ec);
        if (ec) throw InputError("--save " + path + ": cannot read the link (" + ec.message() + ")");
        target = link.is_absolute() ? link : target.parent_path() / link;
    }
    return target;
}

// Temporary files left by saves to the same path that were killed: their process is gone.
void remove_stale_temporaries(const fs::path& target) {
    std::error_code ec;
    const fs::path folder = target.parent_path().empty() ? fs::path(".") : target.parent_path();
    const std::string prefix = target.filename().string() + kTempMarker;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.compare(0, prefix.size(), prefix) != 0) continue;
        const std::string pid = name.substr(prefix.size());
        if (pid.empty() || pid.size() > 9 || pid.find_first_not_of("0123456789") != std::string::npos)
            continue;
        if (::kill(static_cast<pid_t>(std::stol(pid)), 0) != 0 && errno == ESRCH) fs::remove(it->path(), ec);
        ec.clear();
    }
}

// A device or a pipe (/dev/null, /dev/stdout in a pipeline) is written into, as `> PATH` would: it is
// never replaced by a regular file.
void write_into_special(const std::string& path, const fs::path& target, const std::string& text) {
    std::ofstream out(target, std::ios::binary);
    if (!out) throw WriteError("--save " + path + ": cannot open (" + std::strerror(errno) + ")");
    out << text;
    out.flush();
    if (!out) throw WriteError("--save " + path + ": writing failed (" + std::strerror(errno) + ")");
}

}  // namespace

void save_text_file(const std::string& path, const std::string& text, bool overwrite) {
    std::error_code ec;
    if (fs::is_directory(path, ec))
        throw InputError("--save " + path + ": that is a folder; give a file name, like learned.toml");
    if (fs::exists(fs::symlink_status(path, ec)) && !overwrite)
        throw InputError("--save " + path +
                         ": the file already exists; add --force to replace it, or choose another name");
    const fs::path target = follow_links(path);
    const fs::file_status status = fs::status(target, ec);
    if (fs::exists(status) && !fs::is_regular_file(status)) return write_into_special(path, target, text);
    remove_stale_temporaries(target);
    fs::path temporary = target;
    temporary += kTempMarker + std::to_string(::getpid());
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out)
            throw WriteError("--save " + path + ": cannot create the file (" + std::strerror(errno) + ")");
        out << text;
        out.flush();
        if (!out) {
            const std::string why = std::strerror(errno);
            fs::remove(temporary, ec);
            throw WriteError("--save " + path + ": writing failed (" + why + ")");
        }
    }
    fs::rename(temporary, target, ec);
    if (ec) {
        const std::string why = ec.message();
        fs::remove(temporary, ec);
        throw WriteError("--save " + path + ": cannot move the file into place (" + why + ")");
    }
}

}  // namespace attn::course
