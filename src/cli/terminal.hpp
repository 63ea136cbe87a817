// Single keys from the terminal without Enter, with the terminal restored on exit or Ctrl-C.
#pragma once

namespace attn::cli {

enum class Key { next, back, quit, other };

// Puts the terminal in non-canonical, no-echo mode for the lifetime of the object (Ctrl-C still works
// and restores it first).
class RawTerminal {
public:
    RawTerminal();
    ~RawTerminal();
    RawTerminal(const RawTerminal&) = delete;
    RawTerminal& operator=(const RawTerminal&) = delete;
    // Blocks for one key: Enter, space, 'n' or → = next; 'b', 'p' or ← = back; 'q', Esc or end of input = quit.
    Key read_key();
};

}  // namespace attn::cli
