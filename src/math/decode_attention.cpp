#include "math/decode_attention.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "math/full_attention_kernels.hpp"
#include "math/on_threads.hpp"
#include "math/shapes.hpp"

namespace attn::math {

namespace {

// A run of cached tokens [first, first + count): its scaled max, its sum of exp(score·scale − max), and
// its unnormalised output Σ exp(…)·v_j in `out` (d_v).
template <typename T>
struct DecodePart {
    T max = 0, sum = 0;
};

template <typename T>
DecodePart<T> decode_part(const arma::Mat<T>& keys_t, const arma::Mat<T>& values_t, const T* q, T scale,
                          std::size_t first, std::size_t count, T* w, T* out) {
    // (count) = (d_k, count)ᵀ·(d_k): a dot product per cached token. Our own loop rather than BLAS gemv:
    // a kernel a BLAS picked for an older processor cannot keep up with memory.
    kernels::column_dots(keys_t.colptr(first), keys_t.n_rows, count, q, w);
    DecodePart<T> part;
    part.max = kernels::max_of(w, count) * scale;
    part.sum = kernels::exp_shifted_sum(w, count, scale, part.max);
    // (d_v) = (d_v, count)·(count): one pass over the values; the division by the sum comes last.
    kernels::weighted_column_sum(values_t.colptr(first), values_t.n_rows, count, w, out);
    return part;
}

}  // namespace

template <typename T>
void decode_attention(const arma::Mat<T>& keys_t, const arma::Mat<T>& values_t, const arma::Col<T>& q,
                      DecodeWorkspace<T>& ws, arma::Col<T>& out, unsigned threads) {
    require(keys_t.n_rows == q.n_elem && keys_t.n_cols == values_t.n_cols && keys_t.n_cols > 0,
            "decode needs keys (d_k, n), values (d_v, n) and a query of d_k numbers, got keys (" +
                std::to_string(keys_t.n_rows) + ", " + std::to_string(keys_t.n_cols) + "), values (" +
                std::to_string(values_t.n_rows) + ", " + std::to_string(values_t.n_cols) +
                ") and a query of " + std::to_string(q.n_elem));
    const std::size_t n = keys_t.n_cols;
    // A thread is worth starting only for a few thousand tokens: below that the step takes microseconds.
    const std::size_t parts = std::max<std::size_t>(1, std::min<std::size_t>(threads, n / 4096));
    ws.weights.set_size(n);
    ws.partial.set_size(values_t.n_rows, parts);
    const T scale = T(1) / std::sqrt(T(q.n_elem));
    std::vector<DecodePart<T>> found(parts);
    const auto run = [&](unsigned p) {
        const std::size_t first = n * p / parts, last = n * (p + 1) / parts;
        found[p] = decode_part(keys_t, values_t, q.memptr(), scale, first, last - first,
                               ws.weights.memptr() + first, ws.partial.colptr(p));
    };
    on_threads(static_cast<unsigned>(parts), run);
    // Merge: rescale each part to the largest max, as the online softmax does from block to block.
    T largest = found[0].max;
    for (const DecodePart<T>& part : found) largest = std::max(largest, part.max);
    out.zeros(values_t.n_rows);
    T total = 0;
    for (std::size_t p = 0; p < parts; ++p) {
        const T factor = std::exp(found[p].max - largest);
        total += factor * found[p].sum;
        out += factor * ws.partial.col(p);
    }
    kernels::scale_in_place(out.memptr(), out.n_elem, T(1) / total);
}

std::size_t decode_bytes_read(std::size_t n, std::size_t d_k, std::size_t d_v, std::size_t bytes_per_number) {
    return n * (d_k + d_v) * bytes_per_number;
}

template void decode_attention<float>(const arma::fmat&, const arma::fmat&, const arma::fvec&,
                                      DecodeWorkspace<float>&, arma::fvec&, unsigned);
template void decode_attention<double>(const arma::mat&, const arma::mat&, const arma::vec&,
                                       DecodeWorkspace<double>&, arma::vec&, unsigned);

}  // namespace attn::math
