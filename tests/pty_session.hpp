// The real attn binary on a pseudo-terminal, for tests that type into it like a learner.
#pragma once
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <vector>

namespace attn::test {

// A running attn on a pty (`rows` x `cols`); everything it prints accumulates in `screen`.
class PtySession {
public:
    PtySession(const std::vector<std::string>& args, const std::vector<std::string>& env,
               unsigned short rows = 40, unsigned short cols = 100) {
        winsize ws{rows, cols, 0, 0};
        pid_ = forkpty(&fd_, nullptr, nullptr, &ws);
        if (pid_ == 0) {
            for (const std::string& e : env) putenv(const_cast<char*>(e.c_str()));
            std::vector<char*> argv{const_cast<char*>(ATTN_BINARY)};
            for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
            argv.push_back(nullptr);
            execv(ATTN_BINARY, argv.data());
            _exit(127);
        }
    }
    ~PtySession() {
        if (pid_ > 0 && !exited_) kill(pid_, SIGKILL), waitpid(pid_, nullptr, 0);
        if (fd_ >= 0) close(fd_);
    }
    PtySession(const PtySession&) = delete;
    PtySession& operator=(const PtySession&) = delete;

    // Reads until `needle` appears after `from` (an offset in screen), or 20 s pass.
    bool wait_for(const std::string& needle, size_t from = 0) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (screen.find(needle, from) == std::string::npos) {
            if (std::chrono::steady_clock::now() > deadline) return false;
            pollfd p{fd_, POLLIN, 0};
            if (poll(&p, 1, 100) <= 0) continue;
            char buffer[4096];
            const ssize_t n = read(fd_, buffer, sizeof buffer);
            if (n <= 0) return screen.find(needle, from) != std::string::npos;
            screen.append(buffer, static_cast<size_t>(n));
        }
        return true;
    }
    // Types `keys` and waits for `needle` in what comes after.
    bool type(const std::string& keys, const std::string& needle) {
        const size_t from = screen.size();
        (void)!write(fd_, keys.data(), keys.size());
        return wait_for(needle, from);
    }
    // What was printed since `from`.
    std::string since(size_t from) const { return screen.substr(std::min(from, screen.size())); }
    int exit_code() {
        wait_for("\x01never\x01");  // drain until the child closes the pty
        int status = 0;
        waitpid(pid_, &status, 0);
        exited_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::string screen;

private:
    int fd_ = -1;
    pid_t pid_ = -1;
    bool exited_ = false;
};

}  // namespace attn::test
