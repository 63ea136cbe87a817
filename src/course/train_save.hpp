// Writing the learned weights to a file the learner names (as TOML that attn run reads), without ever
// clobbering one by accident.
#pragma once
#include <string>

#include "course/train_run.hpp"

namespace attn::course {

// Writes `text` to `path`. An existing path is refused (InputError suggesting --force or another name)
// unless `overwrite`; a directory is always refused. Write failures become WriteError (exit 3) naming
// the path and the reason. The text is written as course/atomic_write.hpp writes (a temporary file,
// fsynced, renamed into place), so an interrupted write never leaves half a file under `path`. A symbolic
// link is followed (the file it names is replaced, the link stays); a device or pipe is written into and
// never replaced.
void save_text_file(const std::string& path, const std::string& text, bool overwrite);

// `attn train --save FILE`: w_q, w_k, w_v (lists of rows, every number exact), plus the readout under keys
// `attn run` ignores.
std::string weights_toml(const TrainReport& report);

}  // namespace attn::course
