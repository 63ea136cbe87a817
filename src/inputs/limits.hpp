// Sizes attn accepts, checked before anything of that size is allocated, so that a huge input gets a
// clear message (exit 2) instead of running out of memory. attn shows every number it computes: these
// are far beyond what a screen or a lesson can show, and far below what the machine can hold.
#pragma once
#include <cstddef>
#include <string>

#include "inputs/input_error.hpp"

namespace attn::course {

constexpr size_t kMaxTokens = 512;                  // words in a sentence
constexpr size_t kMaxMatrixSide = 1024;             // rows or columns of a CSV or TOML matrix
constexpr size_t kMaxScoreCells = size_t(1) << 20;  // heads × queries × keys: every score is kept and shown
constexpr size_t kMaxFileBytes = size_t(16) << 20;  // any input file (lesson, TOML, CSV, progress.json)

// Throws InputError when heads × queries × keys scores would exceed kMaxScoreCells.
inline void check_score_cells(size_t heads, size_t n_queries, size_t n_keys) {
    // Each factor is at most kMaxMatrixSide or kMaxHeads, so the product cannot overflow 64 bits.
    const size_t cells = heads * n_queries * n_keys;
    if (cells > kMaxScoreCells)
        throw InputError(std::to_string(heads) + " head(s) x " + std::to_string(n_queries) + " queries x " +
                         std::to_string(n_keys) + " keys = " + std::to_string(cells) +
                         " scores, more than attn shows (" + std::to_string(kMaxScoreCells) +
                         "); use fewer tokens or heads");
}

}  // namespace attn::course
