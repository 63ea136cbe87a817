#include "course/stale_temporaries.hpp"

#include <signal.h>

#include <cerrno>

namespace attn::course {

namespace fs = std::filesystem;

std::vector<fs::path> stale_temporaries(const fs::path& folder, const std::string& prefix,
                                        std::size_t suffix_length) {
    std::vector<fs::path> stale;
    std::error_code ec;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.size() < prefix.size() + suffix_length || name.compare(0, prefix.size(), prefix) != 0)
            continue;
        const std::string pid = name.substr(prefix.size(), name.size() - prefix.size() - suffix_length);
        if (suffix_length > 0 && name[name.size() - suffix_length] != '.') continue;
        if (pid.empty() || pid.size() > 9 || pid.find_first_not_of("0123456789") != std::string::npos)
            continue;
        if (::kill(static_cast<pid_t>(std::stol(pid)), 0) != 0 && errno == ESRCH) stale.push_back(it->path());
    }
    return stale;
}

}  // namespace attn::course
