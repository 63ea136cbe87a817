// The solution of an edit challenge is a data overlay shipped with the course: the files a learner's
// data folder needs so that the goal holds, in LESSONS/solutions/SLUG/ID/ (SLUG the lesson's slug in
// course.toml, ID the question's id), laid out as the data folder is (apple/weights.toml). The slug, not
// the lesson's number, names the folder, so that a teacher who inserts or reorders lessons keeps them.
#pragma once
#include <string>
#include <vector>

namespace attn::course {

// LESSONS/solutions/SLUG/ID.
std::string solution_dir(const std::string& lessons_dir, const std::string& slug, const std::string& id);

// The overlay's files as relative paths ("apple/weights.toml"), sorted. Throws InputError when the
// folder is missing or holds no file (a teacher's course without that solution).
std::vector<std::string> solution_files(const std::string& dir);

// Copies the overlay in `from` into the folder `to` (created when missing). Without `force` nothing is
// written when one of its files already exists in `to`. Each file is written to a temporary file beside
// it and renamed into place, so a file is never half-written. Returns the files written (relative).
// Throws InputError (a file there, `to` not a folder) or WriteError (the disk refused).
std::vector<std::string> write_solution(const std::string& from, const std::string& to, bool force);

}  // namespace attn::course
