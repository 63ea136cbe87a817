#include "course/atomic_write.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "course/stale_temporaries.hpp"

namespace attn::course {

namespace fs = std::filesystem;

namespace {

constexpr const char* kMarker = ".attn-";       // .NAME.attn-PID.XXXXXX
constexpr std::size_t kRandomSuffixLength = 7;  // mkstemp's ".XXXXXX"

fs::path folder_of(const fs::path& target) {
    return target.parent_path().empty() ? fs::path(".") : target.parent_path();
}

// The folder's entry for the new name is itself data: without this fsync a power loss right after the
// rename may bring back the old file (ext4 and XFS order it only with the folder synced).
void sync_folder(const fs::path& folder) {
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;  // a folder we cannot open for reading: the rename stands, unsynced
    ::fsync(fd);         // EINVAL on file systems that cannot sync folders: nothing more to do
    ::close(fd);
}

[[noreturn]] void fail(WriteStep step, int error, const std::string& temporary) {
    if (!temporary.empty()) ::unlink(temporary.c_str());
    throw AtomicWriteError(step, std::strerror(error));
}

}  // namespace

std::string temporary_prefix(const fs::path& target) {
    return (folder_of(target) / ("." + target.filename().string() + kMarker)).string();
}

void remove_stale_temporaries(const fs::path& target) {
    std::error_code ignored;
    const std::string prefix = "." + target.filename().string() + kMarker;
    for (const fs::path& stale : stale_temporaries(folder_of(target), prefix, kRandomSuffixLength))
        if (fs::is_regular_file(fs::symlink_status(stale, ignored))) fs::remove(stale, ignored);
}

bool write_all(int fd, std::string_view text) {
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return false;
        if (n == 0) {
            errno = EIO;  // write(2) returning 0 for a non-empty buffer: no progress is possible
            return false;
        }
        done += static_cast<std::size_t>(n);
    }
    return true;
}

void write_atomically(const fs::path& target, std::string_view text, Replace replace) {
    remove_stale_temporaries(target);
    std::string temporary = temporary_prefix(target) + std::to_string(::getpid()) + ".XXXXXX";
    const int fd = ::mkostemp(temporary.data(), O_CLOEXEC);
    if (fd < 0) fail(WriteStep::create, errno, "");
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, 0666 & ~mask);  // mkstemp makes 0600; the result is an ordinary file, as `>` makes it
    if (!write_all(fd, text) || ::fsync(fd) != 0) {
        const int error = errno;
        ::close(fd);
        fail(WriteStep::write, error, temporary);
    }
    if (::close(fd) != 0) fail(WriteStep::write, errno, temporary);
    // link() refuses an existing name atomically, where a check before rename() would race.
    const bool replacing = replace == Replace::yes;
    const int moved =
        replacing ? ::rename(temporary.c_str(), target.c_str()) : ::link(temporary.c_str(), target.c_str());
    if (moved != 0) {
        const int error = errno;
        fail(error == EEXIST && !replacing ? WriteStep::exists : WriteStep::replace, error, temporary);
    }
    if (!replacing) ::unlink(temporary.c_str());
    sync_folder(folder_of(target));
}

}  // namespace attn::course
