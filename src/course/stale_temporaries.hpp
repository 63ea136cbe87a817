// What writers killed mid-write (kill -9, power loss) leave behind: temporary files and folders whose
// names carry the id of a process that is gone. One search for every writer (progress, train --save,
// export, workspace init); each removes what it finds in its own way.
#pragma once
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace attn::course {

// The entries of `folder` named exactly PREFIX + PID + SUFFIX, where PID is 1 to 9 digits naming a
// process that no longer exists, and SUFFIX is empty (`suffix_length` 0) or `suffix_length` characters
// starting with '.' (mkstemp's ".XXXXXX" is 7). A living process's entries, this one's included, are
// never listed. An unreadable folder lists nothing.
std::vector<std::filesystem::path> stale_temporaries(const std::filesystem::path& folder,
                                                     const std::string& prefix,
                                                     std::size_t suffix_length = 0);

}  // namespace attn::course
