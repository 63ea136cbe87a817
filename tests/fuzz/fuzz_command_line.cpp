// Fuzz target: one attn command line, as `attn run ...` takes it and as a lesson's ```attn block holds
// it: run through the same nested runner a lesson uses, with the shipped lessons and data. Its result
// must be an exit code attn documents, with a message whenever it is not 0.
#include <cstddef>
#include <cstdint>
#include <string>

#include "cli/app.hpp"
#include "cli/context.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string line(reinterpret_cast<const char*>(data), size);
    // Commands that take seconds by design (timings, long training), or write where they are told,
    // are left out: they would only slow the search down or litter the disk.
    for (const char* slow : {"bench", "train", "--save", "--samples"})
        if (line.find(slow) != std::string::npos) return 0;
    if (size > 4096) return 0;
    attn::fuzz::scratch();
    attn::cli::Context ctx;
    ctx.global.lessons_dir = ATTN_SOURCE_DIR "/lessons";
    ctx.global.data_dir = ATTN_SOURCE_DIR "/data";
    ctx.global.color = "never";
    const attn::cli::CommandResult result = attn::cli::run_nested(line, ctx);
    const bool documented = result.code == 0 || result.code == 2 || result.code == 3;
    if (!documented) throw std::logic_error("exit " + std::to_string(result.code) + ": " + result.err);
    if (result.code != 0 && result.err.find("attn: error: ") == std::string::npos)
        throw std::logic_error("exit " + std::to_string(result.code) + " without a message");
    if (result.err.find("internal error") != std::string::npos) throw std::logic_error(result.err);
    return 0;
}
