// course/atomic_write: the one way attn replaces a file (progress, train --save, export -o, solutions).
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "course/atomic_write.hpp"

namespace fs = std::filesystem;
using attn::course::AtomicWriteError;
using attn::course::Replace;
using attn::course::write_atomically;
using attn::course::WriteStep;

namespace {

fs::path fresh_dir(const std::string& name) {
    const fs::path dir =
        fs::temp_directory_path() / ("attn-atomic-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

size_t entries(const fs::path& dir) {
    return static_cast<size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

}  // namespace

TEST_CASE("atomic write: creates, then replaces, leaving only the file", "[atomic_write]") {
    const fs::path dir = fresh_dir("replace");
    write_atomically(dir / "a.txt", "first\n", Replace::yes);
    CHECK(slurp(dir / "a.txt") == "first\n");
    write_atomically(dir / "a.txt", std::string("sec\0ond", 7), Replace::yes);
    CHECK(slurp(dir / "a.txt") == std::string("sec\0ond", 7));
    CHECK(entries(dir) == 1);  // no temporary file left beside it
    fs::remove_all(dir);
}

TEST_CASE("atomic write: the mode is an ordinary file's, 0666 less the umask", "[atomic_write]") {
    const fs::path dir = fresh_dir("mode");
    const mode_t old = ::umask(022);
    write_atomically(dir / "m.txt", "x", Replace::yes);
    ::umask(old);
    struct stat st {};
    REQUIRE(::stat((dir / "m.txt").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0644);  // mkstemp alone would give 0600
    fs::remove_all(dir);
}

TEST_CASE("atomic write: Replace::no refuses an existing file and keeps it", "[atomic_write]") {
    const fs::path dir = fresh_dir("exists");
    std::ofstream(dir / "b.txt") << "the learner's";
    try {
        write_atomically(dir / "b.txt", "ours", Replace::no);
        FAIL("an existing file was replaced");
    } catch (const AtomicWriteError& e) {
        CHECK(e.step == WriteStep::exists);
        CHECK(e.why == "File exists");
    }
    CHECK(slurp(dir / "b.txt") == "the learner's");
    CHECK(entries(dir) == 1);
    write_atomically(dir / "c.txt", "new", Replace::no);  // a new name is written
    CHECK(slurp(dir / "c.txt") == "new");
    fs::remove_all(dir);
}

TEST_CASE("atomic write: a folder that cannot hold files fails at create, with the reason",
          "[atomic_write]") {
    try {
        write_atomically("/proc/attn-no-such-place/x.txt", "x", Replace::yes);
        FAIL("wrote under /proc");
    } catch (const AtomicWriteError& e) {
        CHECK(e.step == WriteStep::create);
        CHECK(e.why == "No such file or directory");
    }
}

TEST_CASE("atomic write: a folder in the target's place fails at replace, leaving nothing",
          "[atomic_write]") {
    const fs::path dir = fresh_dir("folder");
    fs::create_directories(dir / "d" / "inside");
    try {
        write_atomically(dir / "d", "x", Replace::yes);
        FAIL("a folder was replaced");
    } catch (const AtomicWriteError& e) {
        CHECK(e.step == WriteStep::replace);
        CHECK(e.why == "Is a directory");
    }
    CHECK(entries(dir) == 1);  // the temporary file was removed
    fs::remove_all(dir);
}

TEST_CASE("atomic write: a killed writer's temporary file goes, a living one's stays", "[atomic_write]") {
    const fs::path dir = fresh_dir("stale");
    const pid_t child = ::fork();  // a process that surely is gone: exited and reaped
    if (child == 0) ::_exit(0);
    ::waitpid(child, nullptr, 0);
    const std::string prefix = attn::course::temporary_prefix(dir / "e.txt");
    CHECK(prefix == (dir / ".e.txt.attn-").string());
    const std::string dead = prefix + std::to_string(child) + ".Ab12Cd";
    const std::string alive = prefix + std::to_string(::getppid()) + ".Ab12Cd";
    std::ofstream(dead) << "half";
    std::ofstream(alive) << "busy";
    std::ofstream(dir / ".e.txt.attn-notes") << "not ours";
    write_atomically(dir / "e.txt", "whole", Replace::yes);
    CHECK_FALSE(fs::exists(dead));
    CHECK(fs::exists(alive));
    CHECK(fs::exists(dir / ".e.txt.attn-notes"));
    CHECK(slurp(dir / "e.txt") == "whole");
    fs::remove_all(dir);
}
