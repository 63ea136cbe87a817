#include "run_binary.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>

#include "build_paths.hpp"

extern char** environ;

namespace attn::test {

namespace {

[[noreturn]] void exec_child(const std::string& binary, const std::string& cwd,
                             const std::vector<std::string>& args, const std::vector<std::string>& env,
                             int in_fd, int out_fd, int err_fd) {
    if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(126);
    dup2(in_fd, 0);
    dup2(out_fd, 1);
    dup2(err_fd, 2);
    for (const std::string& e : env) putenv(const_cast<char*>(e.c_str()));
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(binary.c_str()));
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(binary.c_str(), argv.data());
    _exit(127);
}

// Reads both pipes to the end without deadlocking on a full pipe.
void drain(int out_fd, int err_fd, std::string& out, std::string& err) {
    pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
    char buffer[65536];
    int open_fds = 2;
    while (open_fds > 0) {
        if (poll(fds, 2, -1) < 0) throw std::runtime_error("poll failed");
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP))) continue;
            const ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
            if (n <= 0) {
                close(fds[i].fd);
                fds[i].fd = -1;
                --open_fds;
            } else {
                (i == 0 ? out : err).append(buffer, n);
            }
        }
    }
}

}  // namespace

ProcessResult run_attn(const std::vector<std::string>& args, const std::vector<std::string>& env,
                       const std::string* input) {
    return run_attn_at(ATTN_BINARY, "", args, env, input);
}

ProcessResult run_attn_at(const std::string& binary, const std::string& cwd,
                          const std::vector<std::string>& args, const std::vector<std::string>& env,
                          const std::string* input) {
    int out_pipe[2], err_pipe[2], in_pipe[2];
    if (pipe(out_pipe) || pipe(err_pipe) || pipe(in_pipe)) throw std::runtime_error("pipe failed");
    const pid_t pid = fork();
    if (pid == 0) {
        close(out_pipe[0]);
        close(err_pipe[0]);
        close(in_pipe[1]);
        int in_fd = in_pipe[0];
        if (!input) in_fd = open("/dev/null", O_RDONLY);
        exec_child(binary, cwd, args, env, in_fd, out_pipe[1], err_pipe[1]);
    }
    close(out_pipe[1]);
    close(err_pipe[1]);
    close(in_pipe[0]);
    if (input) (void)!write(in_pipe[1], input->data(), input->size());
    close(in_pipe[1]);
    ProcessResult result;
    drain(out_pipe[0], err_pipe[0], result.out, result.err);
    int status = 0;
    waitpid(pid, &status, 0);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
}

}  // namespace attn::test
