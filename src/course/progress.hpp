// The learner's progress: which lesson is current and, per lesson, the step reached and whether it is
// done. Kept in STATE_DIR/progress.json, written atomically (temporary file, then rename).
#pragma once
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

#include "inputs/input_error.hpp"

namespace attn::course {

// The learner's answers to one question.
struct QuestionRecord {
    size_t attempts = 0;  // answers checked
    size_t right_at = 0;  // the attempt that was first right (1 = first try); 0 = not yet right
};

struct LessonProgress {
    size_t step = 0;  // 0-based step to resume at
    bool done = false;
    std::map<std::string, QuestionRecord> questions;  // by question id
};

struct Progress {
    std::string current;                            // slug of the lesson the learner is on ("" = the first)
    std::map<std::string, LessonProgress> lessons;  // by slug
};

// Records one checked answer to question `id` of lesson `slug`.
void record_attempt(Progress& progress, const std::string& slug, const std::string& id, bool right);

struct LoadedProgress {
    Progress progress;
    std::optional<std::string> warning;  // set when a bad file was moved aside
};

// Thrown when progress cannot be written (read-only or full disk): exit code 3.
using StateWriteError = WriteError;

// Reads STATE_DIR/progress.json (files written before questions existed load too). Missing: empty progress.
// Corrupt or foreign: the file is renamed to progress.json.bad-<time> (never deleted) and a warning says so;
// progress starts afresh.
LoadedProgress load_progress(const std::string& state_dir);

// Writes to a temporary file in STATE_DIR and renames it over progress.json, so that a crash or a
// full disk never leaves a half-written file. Creates STATE_DIR. Throws StateWriteError.
void save_progress(const Progress& progress, const std::string& state_dir);

// While it lives, this process alone changes STATE_DIR's progress: an exclusive flock on
// STATE_DIR/progress.lock (a file beside progress.json that is never replaced, so every process locks
// the same inode). Waits for another holder. Throws StateWriteError when the lock file cannot be made.
class ProgressLock {
public:
    explicit ProgressLock(const std::string& state_dir);
    ~ProgressLock();
    ProgressLock(const ProgressLock&) = delete;
    ProgressLock& operator=(const ProgressLock&) = delete;

private:
    int fd_ = -1;
};

// One read-modify-write under the lock: loads the progress, applies `change`, saves it and returns it,
// so that concurrent runs (20 attn quiz --answer at once) lose nothing. `warning`: load_progress's.
Progress update_progress(const std::string& state_dir, const std::function<void(Progress&)>& change,
                         std::optional<std::string>* warning = nullptr);

}  // namespace attn::course
