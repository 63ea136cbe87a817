#include "course/bench_memory.hpp"

#include <malloc.h>
#include <sys/resource.h>

#include <fstream>
#include <sstream>
#include <string>

namespace attn::course {
namespace {

// The value in kB of a "Name:   1234 kB" line of a /proc file, in bytes.
std::optional<std::size_t> proc_field_bytes(const char* path, const std::string& name) {
    std::ifstream in(path);
    for (std::string line; std::getline(in, line);) {
        if (line.rfind(name + ":", 0) != 0) continue;
        std::istringstream fields(line.substr(name.size() + 1));
        std::size_t kilobytes = 0;
        if (fields >> kilobytes) return kilobytes * 1024;
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::size_t> available_memory_bytes() {
    return proc_field_bytes("/proc/meminfo", "MemAvailable");
}

bool reset_peak_rss() {
    malloc_trim(0);
    std::ofstream clear("/proc/self/clear_refs");
    clear << "5";
    clear.flush();
    return static_cast<bool>(clear);
}

std::size_t peak_rss_bytes() {
    if (const auto hwm = proc_field_bytes("/proc/self/status", "VmHWM")) return *hwm;
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<std::size_t>(usage.ru_maxrss) * 1024;
}

}  // namespace attn::course
