// What a served model's KV cache costs in bytes: per token, per sequence, and in a paged pool, for
// multi-head (MHA), grouped-query (GQA), multi-query (MQA) and multi-head latent attention (MLA), with
// sliding-window layers and patterns of local and global layers. Integer arithmetic throughout: every
// product is checked, so that a size too large for 64 bits is refused instead of wrapping around.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace attn::math {

using Bytes = std::uint64_t;

// The number formats a cache is kept in, and their size.
enum class CacheDtype { fp32, bf16, fp16, fp8 };
struct CacheDtypeInfo {
    CacheDtype dtype;
    const char* name;  // what --dtype takes
    Bytes bytes;       // per element
};
const std::vector<CacheDtypeInfo>& cache_dtypes();
// The dtype named `name` (fp32, bf16, fp16, fp8); std::invalid_argument naming the choices otherwise.
CacheDtypeInfo cache_dtype_named(const std::string& name);

// A layer keeps every token (global, full attention) or only the last W (local, a sliding window).
enum class LayerKind { local, global };

// --pattern's text as one period of layer kinds: "5:1" is five local layers then one global
// (Gemma 3's sliding_window_pattern 6), "LLLLLG" the same spelled out, "LG" alternating (gpt-oss).
// std::invalid_argument for another letter, an empty pattern, or a ratio that is not two counts.
std::vector<LayerKind> parse_layer_pattern(const std::string& text);
// How many of `layers` layers are local and global: the period repeated from layer 0 and cut off after
// the last layer (as transformers builds layer_types), so 62 layers of "LLLLLG" are ten periods and
// two more local layers: 52 local, 10 global. Counted, not listed, so that any layer count is cheap.
struct LayerCounts {
    std::uint64_t local = 0, global = 0;
};
LayerCounts count_layer_kinds(const std::vector<LayerKind>& period, std::uint64_t layers);
// The period as letters: "LLLLLG".
std::string pattern_letters(const std::vector<LayerKind>& period);

// One layout of the cache. MLA (latent > 0) keeps one latent vector of `latent` elements and one
// RoPE key of `rope_dim` elements per token and layer, shared by every head; otherwise each of the
// kv_heads key/value heads keeps a key of d_head and a value of d_v elements.
struct CacheShape {
    std::uint64_t layers = 1, heads = 1, kv_heads = 1, d_head = 1, d_v = 1;
    std::uint64_t latent = 0, rope_dim = 0;  // MLA when latent > 0
    std::uint64_t window = 0;                // tokens a local layer keeps; 0: no local layers
    std::vector<LayerKind> period;           // empty: every layer local when window > 0, else global
    Bytes dtype_bytes = 2;
    bool mla() const { return latent > 0; }
};

// The cache of one sequence of `context` tokens in a shape.
struct CacheCost {
    std::uint64_t elements_per_token_layer = 0;  // 2·G·d (keys and values) or R + P (MLA)
    Bytes bytes_per_token_layer = 0;             // elements × dtype bytes
    std::uint64_t local_layers = 0, global_layers = 0;
    Bytes bytes_per_token = 0;  // a token that every layer keeps: bytes_per_token_layer × layers
    std::uint64_t local_tokens = 0, global_tokens = 0;  // kept per layer: min(N, W) and N
    Bytes bytes_per_sequence = 0;  // Σ over layers of tokens kept × bytes_per_token_layer
};

// std::invalid_argument for a zero size, kv_heads not dividing heads, or a product past 64 bits.
CacheCost cache_cost(const CacheShape& shape, std::uint64_t context);

// A paged pool (vLLM's PagedAttention) hands out blocks of `block_size` token slots per layer: a layer
// that keeps t tokens holds ceil(t / B) blocks, and the last one's B·ceil(t/B) − t slots stay empty.
struct PagedCost {
    std::uint64_t block_size = 0;
    std::uint64_t local_blocks = 0, global_blocks = 0;  // per layer of that kind
    std::uint64_t local_waste = 0, global_waste = 0;    // empty slots per layer of that kind
    Bytes waste_bytes = 0;                              // empty slots of every layer, in bytes
    Bytes bytes_per_sequence = 0;                       // blocks held: the cache plus the waste
};
PagedCost paged_cost(const CacheCost& cost, std::uint64_t block_size);

// a × b and a + b, or std::invalid_argument naming `what` when the result does not fit 64 bits.
std::uint64_t checked_mul(std::uint64_t a, std::uint64_t b, const std::string& what);
std::uint64_t checked_add(std::uint64_t a, std::uint64_t b, const std::string& what);

// "80GiB", "1.5 TiB", "512MB", "123456" (bytes): binary units KiB MiB GiB TiB (powers of 1024) and
// decimal ones KB MB GB TB (powers of 1000), B or none for bytes. Rounded down to whole bytes;
// std::invalid_argument for a negative, zero, malformed or too large size or an unknown unit.
// `flag` names the option in the message.
Bytes parse_memory_size(const std::string& text, const std::string& flag = "--memory");
// 131072 → "128 KiB", 1536 → "1.5 KiB": the largest binary unit with a value of at least 1, 3
// significant decimals at most.
std::string binary_size(Bytes bytes);

}  // namespace attn::math
