// Memory facts from /proc for `attn bench`: what is available, and the peak resident memory of this
// process since the last reset (so that each method's peak is measured on its own).
#pragma once
#include <cstddef>
#include <optional>

namespace attn::course {

// MemAvailable from /proc/meminfo in bytes; nothing when it cannot be read.
std::optional<std::size_t> available_memory_bytes();

// Returns freed memory to the system and restarts the peak-RSS count at the current RSS (Linux
// /proc/self/clear_refs "5"). False when the kernel does not allow it.
bool reset_peak_rss();

// The peak resident memory (VmHWM) in bytes, or getrusage's maximum when /proc is unavailable.
std::size_t peak_rss_bytes();

}  // namespace attn::course
