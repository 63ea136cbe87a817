// The real attn binary on a pseudo-terminal, for tests that type into it like a learner: the bytes it
// prints accumulate in `screen`, and `term` (a small terminal emulator) shows them as a terminal would.
// The one helper of the pty tests (course, quiz, explore).
#pragma once
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "build_paths.hpp"
#include "screen_emulator.hpp"

namespace attn::test {

class PtySession {
public:
    using ScreenTest = std::function<bool(const ScreenEmulator&)>;

    // Starts `attn args...` with `env` added to its environment, in a window of `rows` x `cols`.
    PtySession(const std::vector<std::string>& args, const std::vector<std::string>& env,
               unsigned short rows = 40, unsigned short cols = 100)
        : term(rows, cols) {
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

    // Reads until `needle` appears in `screen` after offset `from`, or 20 s pass.
    bool wait_for(const std::string& needle, size_t from = 0) {
        return read_until([&] { return screen.find(needle, from) != std::string::npos; }, 20);
    }
    // Reads until the emulated screen satisfies `done`, or 30 s pass: laying out a tall step again reruns
    // its commands, which takes seconds when the suite runs in parallel on a busy machine.
    bool wait_until(const ScreenTest& done) {
        return read_until([&] { return done(term); }, 30);
    }
    // Types `keys` and waits for `needle` in what is printed after them.
    bool type(const std::string& keys, const std::string& needle) {
        const size_t from = screen.size();
        send(keys);
        return wait_for(needle, from);
    }
    // Types `keys` and waits until the emulated screen satisfies `done`.
    bool key(const std::string& keys, const ScreenTest& done) {
        send(keys);
        return wait_until(done);
    }
    // Types `keys`, then reads until nothing has been printed for `quiet_ms` (or 10 s pass): for screens
    // with nothing in particular to wait for.
    void keys_then_settle(const std::string& keys, int quiet_ms = 300) {
        send(keys);
        settle(quiet_ms);
    }
    void settle(int quiet_ms = 300) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (std::chrono::steady_clock::now() < deadline) {
            pollfd p{fd_, POLLIN, 0};
            if (poll(&p, 1, quiet_ms) <= 0 || !read_some()) return;
        }
    }
    // Changes the window size, as a terminal emulator does (the kernel sends SIGWINCH).
    void resize(unsigned short rows, unsigned short cols) {
        term.resize(rows, cols);
        winsize ws{rows, cols, 0, 0};
        ioctl(fd_, TIOCSWINSZ, &ws);
    }
    // Types `keys` and returns at once, reading nothing.
    void send(const std::string& keys) { (void)!write(fd_, keys.data(), keys.size()); }
    // What was printed since offset `from`.
    std::string since(size_t from) const { return screen.substr(std::min(from, screen.size())); }
    // Waits for the program to end (it closes the pty) and returns its exit code (128 + N for signal N).
    int exit_code() {
        wait_for("\x01never\x01");
        int status = 0;
        waitpid(pid_, &status, 0);
        exited_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }

    std::string screen;
    ScreenEmulator term;

private:
    // Reads until `done()`, the pty closes, or `seconds` pass.
    bool read_until(const std::function<bool()>& done, int seconds) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
        while (!done()) {
            if (std::chrono::steady_clock::now() > deadline) return false;
            pollfd p{fd_, POLLIN, 0};
            if (poll(&p, 1, 100) <= 0) continue;
            if (!read_some()) return done();
        }
        return true;
    }
    bool read_some() {
        char buffer[8192];
        const ssize_t n = read(fd_, buffer, sizeof buffer);
        if (n <= 0) return false;
        screen.append(buffer, static_cast<size_t>(n));
        term.feed(std::string(buffer, static_cast<size_t>(n)));
        return true;
    }

    int fd_ = -1;
    pid_t pid_ = -1;
    bool exited_ = false;
};

// The footer (the last row of the window) holds `text`.
inline PtySession::ScreenTest footer(const std::string& text) {
    return [text](const ScreenEmulator& t) { return t.row(t.rows() - 1).find(text) != std::string::npos; };
}

}  // namespace attn::test
