// Fuzz target: one attn command line, as `attn run ...` takes it and as a lesson's ```attn block holds
// it: run through the same nested runner a lesson uses, with the shipped lessons and data. Its result
// must be an exit code attn documents, with a message whenever it is not 0.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "cli/app.hpp"
#include "cli/context.hpp"
#include "fuzz_support.hpp"

namespace {

// Commands whose cost is large by design (timings, long training, Monte Carlo trials) are left out: they
// would only slow the search down. The writing ones (export, workspace, train --save) are not: a
// lesson's runner refuses them (cli/lesson_limits.hpp), and that refusal is searched too; they run in
// a scratch folder all the same.
bool skipped(const std::string& line) {
    for (const char* slow : {"bench", "train", "scaling", "--samples"})
        if (line.find(slow) != std::string::npos) return true;
    return false;
}

// A fresh, empty working folder (and XDG_DATA_HOME, where the workspace lives) for each input, so that
// what one command line writes never changes the next.
void fresh_working_folder() {
    namespace fs = std::filesystem;
    static const fs::path dir = attn::fuzz::scratch() / "cwd";
    if (::chdir(attn::fuzz::scratch().c_str()) != 0)
        throw std::runtime_error("cannot enter the scratch folder");
    fs::remove_all(dir);
    fs::create_directories(dir / "data");
    ::setenv("XDG_DATA_HOME", (dir / "data").c_str(), 1);
    if (::chdir(dir.c_str()) != 0) throw std::runtime_error("cannot enter the scratch folder");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size > 4096) return 0;
    const std::string line(reinterpret_cast<const char*>(data), size);
    if (skipped(line)) return 0;
    fresh_working_folder();
    attn::cli::Context ctx;
    ctx.global.lessons_dir = ATTN_SOURCE_DIR "/lessons";
    ctx.global.data_dir = ATTN_SOURCE_DIR "/data";
    ctx.global.color = "never";
    const attn::cli::CommandResult result = attn::cli::run_nested(line, ctx);
    const bool documented = result.code == 0 || result.code == 2 || result.code == 3;
    if (!documented) throw std::logic_error("exit " + std::to_string(result.code) + ": " + result.err);
    if (result.code != 0 && result.err.find("attn: error: ") == std::string::npos)
        throw std::logic_error("exit " + std::to_string(result.code) + " without a message");
    // attn's message for a bug (exit 1, already refused above) starts the error output; the same words
    // elsewhere may be the learner's own, echoed back in a usage message.
    if (result.err.rfind("attn: error: internal error", 0) == 0) throw std::logic_error(result.err);
    return 0;
}
