// The one way attn replaces a file it keeps or the learner asked for (progress.json, train --save,
// export -o, a challenge's solution): a reader, or the next run after a crash or a power loss, finds
// the old file or the new one whole, never a part of either.
#pragma once
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace attn::course {

// Which step failed, so that each writer can say it in its own words ("--save x: writing failed").
enum class WriteStep {
    create,   // the temporary file could not be made in the target's folder
    write,    // writing or fsyncing it failed (full disk, I/O error)
    exists,   // the target exists and Replace::no was asked (EEXIST)
    replace,  // the rename (or link) into place failed
};

struct AtomicWriteError : std::runtime_error {
    WriteStep step;
    std::string why;  // strerror of the failing call, never "Success"
    AtomicWriteError(WriteStep s, const std::string& reason)
        : std::runtime_error(reason), step(s), why(reason) {}
};

enum class Replace { yes, no };

// The temporary file beside `target` while it is written: .NAME.attn-PID.XXXXXX (hidden, unique).
std::string temporary_prefix(const std::filesystem::path& target);

// Removes the temporary files of earlier writes of `target` whose process is gone (killed mid-write, or
// a power loss): a living process's, this one's included, and files not of the pattern stay.
void remove_stale_temporaries(const std::filesystem::path& target);

// Writes `text` to `target`: into a new temporary file in the same folder (so that the rename is atomic),
// fsynced, given the mode an ordinary new file gets (0666 less the umask), then renamed over `target`
// (Replace::yes) or linked to its name (Replace::no, which refuses an existing file atomically, even one
// that appeared a moment ago), and finally the folder fsynced so that the new name itself survives a
// power loss. First removes the temporary files of earlier writes of `target` whose process is gone
// (killed mid-write). On failure nothing is left behind and AtomicWriteError says which step failed.
void write_atomically(const std::filesystem::path& target, std::string_view text, Replace replace);

// Writes all of `text` to the open descriptor `fd`, again after EINTR; false (errno set) on failure.
bool write_all(int fd, std::string_view text);

}  // namespace attn::course
