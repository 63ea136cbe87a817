// Shared by the fuzz targets that need live data: a context on the shipped lessons and data, and the
// JSON of one small run of it, computed once per process in lesson mode (run_nested), so that each
// input exercises a parser and never waits on a command.
#pragma once
#include <stdexcept>
#include <string>

#include "cli/app.hpp"
#include "cli/context.hpp"

namespace attn::fuzz {

inline const cli::Context& shipped_context() {
    static const cli::Context ctx = [] {
        cli::Context c;
        c.global.lessons_dir = ATTN_SOURCE_DIR "/lessons";
        c.global.data_dir = ATTN_SOURCE_DIR "/data";
        c.global.color = "never";
        return c;
    }();
    return ctx;
}

// The JSON of `command` on the shipped data (the tiny fixed dataset), run once.
inline std::string shipped_json(const std::string& command) {
    const cli::CommandResult result = cli::run_nested(command + " --format json", shipped_context());
    if (result.code != 0) throw std::runtime_error(command + ": " + result.err);
    return result.out;
}

}  // namespace attn::fuzz
