#define CATCH_CONFIG_RUNNER
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "own_temporaries.hpp"

// Every attn the tests start reads the shipped data only: no learner's workspace from this machine's
// HOME (a test that wants one sets ATTN_WORKSPACE or XDG_DATA_HOME itself).
int main(int argc, char* argv[]) {
    const std::string no_workspace =
        (std::filesystem::temp_directory_path() / ("attn-tests-no-data-home-" + std::to_string(::getpid())))
            .string();
    setenv("XDG_DATA_HOME", no_workspace.c_str(), 1);
    unsetenv("ATTN_WORKSPACE");
    unsetenv("ATTN_DATA_DIR");
    const int failed = Catch::Session().run(argc, argv);
    attn::test::remove_own_temporaries();  // attn-WHAT-PID folders of this process, this one included
    return failed;
}
