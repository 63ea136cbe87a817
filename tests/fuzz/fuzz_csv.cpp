// Fuzz target: CSV matrices and masks. The input is parsed as a matrix; a small one is then used as Q,
// K and V at once, and as the keep-mask, through `attn run` (so its numbers reach the attention math:
// overflow, masking, every key masked).
#include <cstddef>
#include <cstdint>

#include "course/experiment.hpp"
#include "fuzz_support.hpp"
#include "inputs/csv_matrix.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    namespace c = attn::course;
    const std::string path = attn::fuzz::write_input("matrix.csv", data, size);
    attn::fuzz::expect_clean([&] {
        const arma::mat m = c::load_matrix_csv(path);
        if (m.n_rows > 16 || m.n_cols > 16) return;
        c::RunRequest r;
        r.q_csv = r.k_csv = r.v_csv = path;
        r.heads = m.n_cols % 2 == 0 ? 2 : 1;
        for (int masked = 0; masked < 2; ++masked) {  // its numbers as Q, K, V; then as the mask too
            if (masked) r.masks = {path};
            attn::fuzz::expect_clean([&] {
                const c::Experiment e = c::run_experiment(r);
                for (const auto& head : e.trace.heads)
                    if (!head.weights.is_finite())
                        throw std::logic_error("non-finite attention weights were not reported");
            });
        }
    });
    return 0;
}
