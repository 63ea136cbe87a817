#include "math/bench_blas.hpp"

#include <stdexcept>

// OpenBLAS's own queries (declared in its cblas.h, which lives in a variant-specific include folder).
extern "C" {
char* openblas_get_config(void);
char* openblas_get_corename(void);
int openblas_get_num_threads(void);
void openblas_set_num_threads(int num_threads);
}

namespace attn::math {

std::string blas_name() {
    // The config starts "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH ...": keep the name and version.
    const std::string config = openblas_get_config();
    const size_t second_space = config.find(' ', config.find(' ') + 1);
    return config.substr(0, second_space) + " (core " + openblas_get_corename() + ")";
}

int blas_threads() { return openblas_get_num_threads(); }

void set_blas_threads(int threads) {
    if (threads < 1)
        throw std::invalid_argument("BLAS threads must be at least 1, got " + std::to_string(threads));
    openblas_set_num_threads(threads);
}

}  // namespace attn::math
