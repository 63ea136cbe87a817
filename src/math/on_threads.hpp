// Runs a piece of work on n threads at once, for the kernels that split their rows or keys themselves
// (the fused kernel, flash-decoding's parts, the FMA peak): no pool, since each call is one large job.
#pragma once
#include <thread>
#include <vector>

namespace attn::math {

// work(t) for t = 0 … n − 1 at once, the caller's thread being t = 0; returns when all have finished.
template <typename Work>
void on_threads(unsigned n, const Work& work) {
    std::vector<std::thread> others;
    for (unsigned t = 1; t < n; ++t) others.emplace_back(work, t);
    work(0u);
    for (std::thread& other : others) other.join();
}

}  // namespace attn::math
