// The real binary in a pseudo-terminal: stepping with Enter and space, going back with b, quitting with
// q, resuming where the learner left off, and finishing without moving on to the next lesson.
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "check_matrices.hpp"

namespace fs = std::filesystem;

namespace {

// A running attn on a pty; everything it prints accumulates in `screen`.
class PtySession {
public:
    PtySession(const std::vector<std::string>& args, const std::vector<std::string>& env) {
        winsize ws{40, 100, 0, 0};
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
    // Reads until `needle` appears after `from` (an offset in screen), or 10 s pass.
    bool wait_for(const std::string& needle, size_t from = 0) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (screen.find(needle, from) == std::string::npos) {
            if (std::chrono::steady_clock::now() > deadline) return false;
            pollfd p{fd_, POLLIN, 0};
            if (poll(&p, 1, 100) <= 0) continue;
            char buffer[4096];
            const ssize_t n = read(fd_, buffer, sizeof buffer);
            if (n <= 0) return screen.find(needle, from) != std::string::npos;
            screen.append(buffer, n);
        }
        return true;
    }
    // Sends keys and waits for `needle` in what comes after.
    bool press(const std::string& keys, const std::string& needle) {
        const size_t from = screen.size();
        (void)!write(fd_, keys.data(), keys.size());
        return wait_for(needle, from);
    }
    int exit_code() {
        std::string rest;
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

struct CourseDir {
    std::string root = (fs::temp_directory_path() / ("attn-pty-" + std::to_string(::getpid()))).string();
    CourseDir() {
        fs::remove_all(root);
        fs::create_directories(root + "/lessons");
        std::ofstream(root + "/lessons/course.toml") << "title = \"pty course\"\n"
            "[[lesson]]\nslug = \"first\"\ntitle = \"First lesson\"\nfile = \"first.md\"\n"
            "[[lesson]]\nslug = \"second\"\ntitle = \"Second lesson\"\nfile = \"second.md\"\n";
        std::ofstream(root + "/lessons/first.md") << "## Alpha\n\nThe first idea.\n\n```attn\nrun -s \"I ate the apple\" --show weights\n```\n\n"
                                                     "## Beta\n\nThe second idea.\n\n## Gamma\n\nThe last idea.\n";
        std::ofstream(root + "/lessons/second.md") << "## Delta\n\nNext lesson.\n";
    }
    ~CourseDir() { fs::remove_all(root); }
    std::vector<std::string> env() const {
        return {"ATTN_LESSONS_DIR=" + root + "/lessons", "XDG_STATE_HOME=" + root + "/state", "TERM=xterm", "NO_COLOR="};
    }
    nlohmann::json progress() const {
        std::ifstream in(root + "/state/attn/progress.json");
        return nlohmann::json::parse(in);
    }
};

}  // namespace

TEST_CASE("stepping, going back, quitting and resuming in a terminal", "[course][pty]") {
    CourseDir course;
    {
        PtySession s({"lesson", "1"}, course.env());
        REQUIRE(s.wait_for("[step 1/3]"));
        CHECK(s.screen.find("The first idea.") != std::string::npos);
        CHECK(s.screen.find("0.4464") != std::string::npos);  // the live computation ran
        REQUIRE(s.press("\r", "[step 2/3]"));
        REQUIRE(s.press("b", "[step 1/3]"));
        REQUIRE(s.press(" ", "[step 2/3]"));
        REQUIRE(s.press("q", "Progress saved at step 2 of 3"));
        CHECK(s.exit_code() == 0);
    }
    CHECK(course.progress()["lessons"]["first"]["step"] == 1);
    CHECK(course.progress()["lessons"]["first"]["done"] == false);
    {
        PtySession s({"lesson"}, course.env());  // the current lesson, where it was left
        REQUIRE(s.wait_for("[step 2/3]"));
        CHECK(s.screen.find("The second idea.") != std::string::npos);
        REQUIRE(s.press("\r", "[step 3/3]"));
        REQUIRE(s.press("\r", "Lesson 1 done. Next: attn next"));
        CHECK(s.exit_code() == 0);
        CHECK(s.screen.find("Next lesson.") == std::string::npos);  // it did not move on by itself
    }
    CHECK(course.progress()["lessons"]["first"]["done"] == true);
    CHECK(course.progress()["current"] == "first");
}

TEST_CASE("Ctrl-C in a lesson exits 130 and leaves progress readable", "[course][pty]") {
    CourseDir course;
    PtySession s({"lesson", "1"}, course.env());
    REQUIRE(s.wait_for("[step 1/3]"));
    REQUIRE(s.press("\r", "[step 2/3]"));
    (void)s.press("\x03", "\n");
    CHECK(s.exit_code() == 130);
    CHECK(course.progress()["lessons"]["first"]["step"] == 1);
}
