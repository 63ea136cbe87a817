// The error for anything a learner or teacher gave us that we cannot use: a file, a flag value, a word.
// Its message is complete ("FILE:LINE: what is wrong; what to do") and the cli maps it to exit code 2.
#pragma once
#include <stdexcept>
#include <string>

namespace attn::course {

class InputError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Output a learner asked for, or their progress, could not be written (read-only or full disk):
// the cli maps it to exit code 3.
class WriteError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// "path:line: message", or "path: message" when the line is unknown (0).
inline std::string at_location(const std::string& path, long line, const std::string& message) {
    return line > 0 ? path + ":" + std::to_string(line) + ": " + message : path + ": " + message;
}

}  // namespace attn::course
