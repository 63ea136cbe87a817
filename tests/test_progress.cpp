// Progress is kept atomically; a corrupt file is moved aside, never deleted, and never crashes us.
#include <filesystem>
#include <fstream>

#include "check_matrices.hpp"
#include "course/progress.hpp"

namespace fs = std::filesystem;

namespace {
std::string fresh_dir(const std::string& name) {
    const fs::path dir =
        fs::temp_directory_path() / ("attn-progress-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    return dir.string();
}
}  // namespace

TEST_CASE("progress round-trips through the file", "[course][progress]") {
    const std::string dir = fresh_dir("roundtrip");
    attn::course::Progress p;
    p.current = "scaling";
    p.lessons["scaling"] = {3, false};
    p.lessons["why-attention"] = {0, true};
    attn::course::save_progress(p, dir);
    const auto loaded = attn::course::load_progress(dir);
    CHECK_FALSE(loaded.warning);
    CHECK(loaded.progress.current == "scaling");
    CHECK(loaded.progress.lessons.at("scaling").step == 3);
    CHECK(loaded.progress.lessons.at("why-attention").done);
    // No temporary file is left behind.
    size_t files = 0;
    for (const auto& entry : fs::directory_iterator(dir)) files += entry.is_regular_file();
    CHECK(files == 1);
    fs::remove_all(dir);
}

TEST_CASE("a missing file is a fresh start without a warning", "[course][progress]") {
    const auto loaded = attn::course::load_progress(fresh_dir("missing"));
    CHECK_FALSE(loaded.warning);
    CHECK(loaded.progress.lessons.empty());
}

TEST_CASE("a corrupt or foreign progress file is kept aside with a warning", "[course][progress]") {
    for (const std::string bad :
         {"{not json", "{\"format\": \"something-else\", \"version\": 1}", "[1, 2, 3]",
          "{\"format\": \"attn-progress\", \"version\": 1, \"current\": 5, \"lessons\": {}}"}) {
        const std::string dir = fresh_dir("corrupt");
        fs::create_directories(dir);
        std::ofstream(dir + "/progress.json") << bad;
        const auto loaded = attn::course::load_progress(dir);
        REQUIRE(loaded.warning);
        CHECK(loaded.warning->find("starting afresh") != std::string::npos);
        CHECK_FALSE(fs::exists(dir + "/progress.json"));
        size_t kept = 0;
        for (const auto& entry : fs::directory_iterator(dir)) {
            kept += entry.path().filename().string().rfind("progress.json.bad-", 0) == 0;
            std::ifstream in(entry.path());
            std::string content((std::istreambuf_iterator<char>(in)), {});
            CHECK(content == bad);
        }
        CHECK(kept == 1);
        fs::remove_all(dir);
    }
}

TEST_CASE("an unwritable state folder is a StateWriteError, not a crash", "[course][progress]") {
    if (::geteuid() == 0) {
        // root writes anywhere; a path under a regular file cannot be created by anyone.
        const std::string file = fresh_dir("blocker");
        std::ofstream(file) << "x";
        REQUIRE_THROWS_AS(attn::course::save_progress({}, file + "/sub"), attn::course::StateWriteError);
        fs::remove(file);
    } else {
        REQUIRE_THROWS_AS(attn::course::save_progress({}, "/proc/attn-cannot-write-here"),
                          attn::course::StateWriteError);
    }
}
