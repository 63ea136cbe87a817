#include "math/streaming_attention.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <limits>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "math/bench_blas.hpp"
#include "math/full_attention.hpp"
#include "math/full_attention_kernels.hpp"
#include "math/fused_attention_kernel.hpp"

namespace attn::math {

template <typename T>
void streaming_attention(const arma::Mat<T>& q, const arma::Mat<T>& k, const arma::Mat<T>& v, bool causal,
                         StreamingWorkspace<T>& ws, arma::Mat<T>& out, StreamingBlocks blocks) {
    require_attention_shapes(q, k, v, causal);
    if (blocks.queries == 0 || blocks.keys == 0)
        throw std::invalid_argument("streaming attention needs blocks of at least 1 query and 1 key");
    // attn's own fused kernel (math/fused_attention_kernel) does the work in SIMD registers; its
    // packed copies of K and V, kept in ws.fused between calls, are the O(n·d) working memory.
    const unsigned threads =
        blocks.threads ? blocks.threads : static_cast<unsigned>(std::max(1, blas_threads()));
    fused_attention(q, k, v, FusedMask{causal, 0}, threads, ws.fused, out);
}

template <typename T>
arma::Mat<T> streaming_attention(const arma::Mat<T>& q, const arma::Mat<T>& k, const arma::Mat<T>& v,
                                 bool causal, StreamingBlocks blocks) {
    StreamingWorkspace<T> ws;
    arma::Mat<T> out;
    streaming_attention(q, k, v, causal, ws, out, blocks);
    return out;
}

template void streaming_attention<float>(const arma::fmat&, const arma::fmat&, const arma::fmat&, bool,
                                         StreamingWorkspace<float>&, arma::fmat&, StreamingBlocks);
template void streaming_attention<double>(const arma::mat&, const arma::mat&, const arma::mat&, bool,
                                          StreamingWorkspace<double>&, arma::mat&, StreamingBlocks);
template arma::fmat streaming_attention<float>(const arma::fmat&, const arma::fmat&, const arma::fmat&, bool,
                                               StreamingBlocks);
template arma::mat streaming_attention<double>(const arma::mat&, const arma::mat&, const arma::mat&, bool,
                                               StreamingBlocks);

}  // namespace attn::math
