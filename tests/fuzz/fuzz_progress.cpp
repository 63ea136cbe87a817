// Fuzz target: progress.json. Loading must give progress or a warning (the bad file moved aside);
// saving what was loaded must then load back the same.
#include <cstddef>
#include <cstdint>
#include <filesystem>

#include "course/progress.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    namespace c = attn::course;
    namespace fs = std::filesystem;
    const fs::path dir = attn::fuzz::scratch() / "progress";
    fs::remove_all(dir);
    fs::create_directories(dir);
    attn::fuzz::write_input("progress/progress.json", data, size);
    attn::fuzz::expect_clean([&] {
        const c::LoadedProgress loaded = c::load_progress(dir.string());
        c::save_progress(loaded.progress, dir.string());
        const c::LoadedProgress again = c::load_progress(dir.string());
        if (again.warning || again.progress.current != loaded.progress.current ||
            again.progress.lessons.size() != loaded.progress.lessons.size())
            throw std::logic_error("saved progress does not load back the same");
    });
    return 0;
}
