#include "inputs/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "inputs/input_error.hpp"
#include "inputs/limits.hpp"
#include "inputs/utf8.hpp"

namespace attn::course {

namespace {

// Closes the descriptor on every way out.
struct Descriptor {
    int fd;
    ~Descriptor() {
        if (fd >= 0) ::close(fd);
    }
};

std::string not_a_file(const std::string& path, mode_t mode) {
    if (S_ISDIR(mode)) return path + ": that is a folder; give the path of a file";
    const std::string what = S_ISFIFO(mode)                   ? "a named pipe (FIFO)"
                             : S_ISCHR(mode) || S_ISBLK(mode) ? "a device"
                             : S_ISSOCK(mode)                 ? "a socket"
                                                              : "not a regular file";
    return path + ": that is " + what +
           ", not a file; attn reads only regular files, so give the path of one";
}

std::string cannot_open(const std::string& path, int err) {
    if (err == ELOOP) return path + ": a loop of symbolic links; give the path of a file";
    if (err == ENAMETOOLONG) return path + ": the path is too long; give a shorter one";
    return path + ": cannot open (" + std::strerror(err) + "); check the path";
}

// Whether `fd` is a pipe the shell made for this process: /proc names it "pipe:[N]", not a path.
bool shell_pipe(int fd) {
    const std::string proc = "/proc/self/fd/" + std::to_string(fd);
    char target[64];
    const ssize_t n = ::readlink(proc.c_str(), target, sizeof target);
    return n > 5 && std::string(target, 5) == "pipe:";
}

std::string too_large(const std::string& path) {
    return path + ": larger than " + std::to_string(kMaxFileBytes >> 20) +
           " MiB, more than any attn input needs; check that this is the right file";
}

// Reads at most one byte more than the limit, whatever the file claims its size is.
std::string read_all(int fd, const std::string& path) {
    std::string text;
    char chunk[1 << 16];
    while (text.size() <= kMaxFileBytes) {
        const size_t want = std::min(sizeof chunk, kMaxFileBytes + 1 - text.size());
        const ssize_t n = ::read(fd, chunk, want);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw InputError(path + ": cannot read (" + std::strerror(errno) + ")");
        if (n == 0) break;
        text.append(chunk, static_cast<size_t>(n));
    }
    if (text.size() > kMaxFileBytes) throw InputError(too_large(path));
    return text;
}

}  // namespace

std::string read_input_file(const std::string& path, ShellPipes pipes) {
    // O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting for one.
    Descriptor file{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)};
    if (file.fd < 0) throw InputError(cannot_open(path, errno));
    struct stat st {};
    if (::fstat(file.fd, &st) != 0) throw InputError(cannot_open(path, errno));
    const bool pipe_allowed = pipes == ShellPipes::accepted && S_ISFIFO(st.st_mode) && shell_pipe(file.fd);
    if (!S_ISREG(st.st_mode) && !pipe_allowed) throw InputError(not_a_file(path, st.st_mode));
    if (S_ISREG(st.st_mode) && static_cast<unsigned long long>(st.st_size) > kMaxFileBytes)
        throw InputError(too_large(path));
    // The shell's pipe has its writer: wait for what it writes, as `cat` would.
    if (pipe_allowed) ::fcntl(file.fd, F_SETFL, ::fcntl(file.fd, F_GETFL) & ~O_NONBLOCK);
    return read_all(file.fd, path);
}

std::string read_text_file(const std::string& path, ShellPipes pipes) {
    std::string text = read_input_file(path, pipes);
    require_utf8_file(text, path);
    return text;
}

}  // namespace attn::course
