#define CATCH_CONFIG_RUNNER
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <string>

// Every attn the tests start reads the shipped data only: no learner's workspace from this machine's
// HOME (a test that wants one sets ATTN_WORKSPACE or XDG_DATA_HOME itself).
int main(int argc, char* argv[]) {
    const std::string no_workspace =
        (std::filesystem::temp_directory_path() / ("attn-tests-no-data-home-" + std::to_string(::getpid())))
            .string();
    setenv("XDG_DATA_HOME", no_workspace.c_str(), 1);
    unsetenv("ATTN_WORKSPACE");
    unsetenv("ATTN_DATA_DIR");
    return Catch::Session().run(argc, argv);
}
