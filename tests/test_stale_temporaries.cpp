// course::stale_temporaries: the one search for what killed writers left (progress, train --save,
// export, workspace init). Exactly PREFIX + PID [+ .SUFFIX], and only for processes that are gone.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "course/stale_temporaries.hpp"
#include "export_support.hpp"

namespace fs = std::filesystem;

namespace {

// The id of a process that has exited and been reaped.
pid_t dead_pid() {
    const pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    ::waitpid(child, nullptr, 0);
    return child;
}

std::vector<std::string> names(const std::vector<fs::path>& paths) {
    std::vector<std::string> out;
    for (const auto& p : paths) out.push_back(p.filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_CASE("stale_temporaries lists exactly PREFIX+PID[.SUFFIX] of processes that are gone", "[stale]") {
    attn::test::TempDir dir;
    const std::string dead = std::to_string(dead_pid()), alive = std::to_string(::getpid());
    for (const std::string& name : std::vector<std::string>{
             "p.tmp-" + dead, "p.tmp-" + alive, "p.tmp-notes", "p.tmp-", "p.tmp-" + dead + "x",
             "q.tmp-" + dead, ".e.attn-" + dead + ".abcdef", ".e.attn-" + alive + ".abcdef",
             ".e.attn-" + dead + ".abc", ".e.attn-" + dead + "xabcdef", ".e.attn-1234567890.abcdef"})
        attn::test::write_file(dir.path / name, "x");
    CHECK(names(attn::course::stale_temporaries(dir.path, "p.tmp-")) ==
          std::vector<std::string>{"p.tmp-" + dead});
    CHECK(names(attn::course::stale_temporaries(dir.path, ".e.attn-", 7)) ==
          std::vector<std::string>{".e.attn-" + dead + ".abcdef"});
    CHECK(attn::course::stale_temporaries(dir.path / "missing", "p.tmp-").empty());
}
