// Fuzz target: the course manifest lessons/course.toml, then every lesson it lists (the shipped lessons,
// copied next to it once, so that the manifest's file names can resolve).
#include <cstddef>
#include <cstdint>
#include <filesystem>

#include "course/catalog.hpp"
#include "fuzz_support.hpp"

namespace fs = std::filesystem;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const fs::path dir = [] {
        const fs::path d = attn::fuzz::scratch() / "lessons";
        fs::create_directories(d);
        for (const fs::directory_entry& e : fs::directory_iterator(ATTN_SOURCE_DIR "/lessons"))
            if (e.path().extension() == ".md")
                fs::copy_file(e.path(), d / e.path().filename(), fs::copy_options::overwrite_existing);
        return d;
    }();
    attn::fuzz::write_input("lessons/course.toml", data, size);
    attn::fuzz::expect_clean([&] {
        const attn::course::Catalog catalog = attn::course::load_catalog(dir.string());
        for (const attn::course::LessonEntry& entry : catalog.lessons) attn::course::load_lesson(entry);
    });
    return 0;
}
