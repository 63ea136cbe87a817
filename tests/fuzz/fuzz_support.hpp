// Shared by the fuzz targets: a private scratch folder, and the rule that only the errors attn reports
// to the learner (exit 2 or 3) are expected. Anything else escapes and is a finding: libFuzzer (or the
// replay in the normal test suite) reports an uncaught exception, a crash or a sanitizer error.
#pragma once
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "inputs/input_error.hpp"

namespace attn::fuzz {

// A folder of this process's own, made once; HOME and XDG_STATE_HOME point into it, so that no target
// ever touches the learner's real progress.
inline const std::filesystem::path& scratch() {
    static const std::filesystem::path dir = [] {
        const std::filesystem::path d =
            std::filesystem::temp_directory_path() / ("attn-fuzz-" + std::to_string(::getpid()));
        std::filesystem::create_directories(d / "state");
        ::setenv("HOME", d.c_str(), 1);
        ::setenv("XDG_STATE_HOME", (d / "state").c_str(), 1);
        return d;
    }();
    return dir;
}

// Writes the input to scratch()/name and returns its path.
inline std::string write_input(const std::string& name, const uint8_t* data, size_t size) {
    const std::filesystem::path path = scratch() / name;
    std::ofstream(path, std::ios::binary | std::ios::trunc)
        .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    return path.string();
}

// Runs `f`; an error attn reports as bad input or a failed write is the expected outcome.
// std::invalid_argument from the math is bad input too (the cli maps it to exit 2).
template <typename F>
void expect_clean(F&& f) {
    try {
        f();
    } catch (const course::InputError&) {
    } catch (const course::WriteError&) {
    } catch (const std::invalid_argument&) {}
}

}  // namespace attn::fuzz
