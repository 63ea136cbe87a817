// Tests leave nothing in the temporary folder: every test process names its scratch folders
// "attn-WHAT-PID..." (its own PID), and removes every one of them, and only those, when it ends.
#pragma once
#include <unistd.h>

#include <filesystem>
#include <string>

namespace attn::test {

inline void remove_own_temporaries() {
    namespace fs = std::filesystem;
    const std::string suffix = "-" + std::to_string(::getpid());
    std::error_code ec;
    const fs::path tmp = fs::temp_directory_path(ec);
    if (ec) return;
    for (fs::directory_iterator it(tmp, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        // "-PID" ends the name or is followed by "-N" or ".ext": attn-train-test-PID, attn-export-PID-3.
        const size_t at = name.find(suffix);
        const size_t after = at == std::string::npos ? 0 : at + suffix.size();
        const bool own = name.rfind("attn-", 0) == 0 && at != std::string::npos &&
                         (after == name.size() || name[after] == '-' || name[after] == '.');
        std::error_code ignored;
        if (own) fs::remove_all(it->path(), ignored);
    }
}

}  // namespace attn::test
