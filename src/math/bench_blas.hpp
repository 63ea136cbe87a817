// Which BLAS does the matrix products, and with how many threads: `attn bench` reports both, because
// the same code can be several times faster or slower depending on them.
#pragma once
#include <string>

namespace attn::math {

// "OpenBLAS 0.3.21 ... Haswell (core Haswell)" from the library itself.
std::string blas_name();

// Threads the BLAS uses for one matrix product (OPENBLAS_NUM_THREADS, or the number of cores).
int blas_threads();

// Sets them for the rest of the process (≥ 1).
void set_blas_threads(int threads);

}  // namespace attn::math
