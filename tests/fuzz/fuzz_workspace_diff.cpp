// Fuzz target: `attn workspace diff`, on two small data trees written from the input. The input is a
// list of files, each introduced by a line "==> shipped/REL" or "==> mine/REL" (REL: a relative path of
// letters, digits, '_', '-', '.' and '/'; a trailing '/' makes a folder, so that a file can become a
// folder); the lines up to the next "==> " are its bytes. diff_workspace(mine, shipped) then compares
// them, TOML value by value.
#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "course/workspace.hpp"
#include "fuzz_support.hpp"

namespace {

namespace fs = std::filesystem;

// Only names that stay inside their tree, at most four deep: nothing outside the scratch folder.
bool safe(const std::string& rel) {
    if (rel.empty() || rel.size() > 64 || rel.front() == '/') return false;
    for (const char ch : rel)
        if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '_' && ch != '-' && ch != '.' && ch != '/')
            return false;
    int depth = 0;
    for (const fs::path& part : fs::path(rel)) {
        if (part == ".." || part == "." || ++depth > 4) return false;
    }
    return true;
}

void place(const fs::path& root, const std::string& header, const std::string& bytes) {
    const size_t slash = header.find('/');
    if (slash == std::string::npos) return;
    const std::string tree = header.substr(0, slash), rel = header.substr(slash + 1);
    if ((tree != "shipped" && tree != "mine") || !safe(rel)) return;
    const fs::path path = root / tree / rel;
    std::error_code ec;
    if (rel.back() == '/') {
        fs::create_directories(path, ec);
        return;
    }
    fs::create_directories(path.parent_path(), ec);
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

void write_trees(const fs::path& root, const std::string& text) {
    std::string header, bytes;
    bool open = false;
    for (size_t at = 0; at < text.size();) {
        const size_t eol = std::min(text.find('\n', at), text.size());
        const std::string line = text.substr(at, eol - at);
        if (line.rfind("==> ", 0) == 0) {
            if (open) place(root, header, bytes);
            header = line.substr(4), bytes.clear(), open = true;
        } else {
            bytes += line + (eol < text.size() ? "\n" : "");
        }
        at = eol + 1;
    }
    if (open) place(root, header, bytes);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const fs::path root = attn::fuzz::scratch() / "trees";
    fs::remove_all(root);
    fs::create_directories(root / "shipped");
    fs::create_directories(root / "mine");
    write_trees(root, std::string(reinterpret_cast<const char*>(data), size));
    attn::fuzz::expect_clean([&] {
        for (const attn::course::FileDiff& diff :
             attn::course::diff_workspace((root / "mine").string(), (root / "shipped").string()))
            if (diff.file.empty() || diff.status.empty())
                throw std::logic_error("a diff without file or status");
    });
    return 0;
}
