// attn cache: what a model's KV cache costs. The request (flags, or a published configuration named by
// --preset with flags overriding it), checked, and the cache of one layout compared with MHA, GQA, MQA
// and MLA of the same model, per token, per sequence, in a paged pool, and in sequences per memory.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "math/cache_size.hpp"

namespace attn::course {

// What the learner asked for: each value is set only when its flag was given.
struct CacheRequest {
    std::string preset;  // "" none; a name of cache_presets()
    std::optional<long long> layers, heads, kv_heads, d_head, d_v, latent, rope_dim, context, window,
        block_size;
    std::optional<std::string> dtype, pattern, memory, weights_memory;
};

// A published configuration: the numbers of its config file, and where each comes from.
struct CachePreset {
    std::string name;   // what --preset takes: "Llama-3-8B"
    std::string model;  // the repository: "meta-llama/Meta-Llama-3-8B"
    long long layers = 0, heads = 0, kv_heads = 0, d_head = 0, d_v = 0, latent = 0, rope_dim = 0;
    long long context = 0, window = 0;
    std::string pattern;  // "" (every layer alike) or letters, "LLLLLG"
    std::string dtype;    // the config's torch_dtype
    std::string source;   // file and field names of every number above
    std::string note;     // what is not in the file, or not confirmed
};
const std::vector<CachePreset>& cache_presets();

// One layout of the same model, and what it costs.
struct CacheLayout {
    std::string name;  // "MHA", "GQA", "MQA", "MLA", "GQA, all global"
    std::string what;  // "8 key/value heads for 32 query heads"
    bool chosen = false;
    math::CacheShape shape;
    math::CacheCost cost;
    std::optional<math::PagedCost> paged;
    std::uint64_t fit = 0, paged_fit = 0;  // whole sequences in the memory left for the cache
};

struct CacheReport {
    std::optional<CachePreset> preset;
    std::vector<std::string> overridden;  // "--context 4096 (the preset says 8192)"
    math::CacheShape shape;
    std::uint64_t context = 0, block_size = 0;  // block_size 0: no paged pool asked for
    std::string dtype;
    std::string pattern;      // as given ("5:1"), "" for none
    std::string memory_text;  // "80GiB" as given, or the default
    bool memory_default = false;
    math::Bytes memory = 0, weights = 0, available = 0;
    std::vector<CacheLayout> layouts;  // the chosen one first, then the others
    const CacheLayout& chosen() const { return layouts.front(); }
};

// The memory a server has when --memory is not given: one 80 GiB accelerator.
constexpr const char* kDefaultCacheMemory = "80GiB";

// Checks the request (InputError naming the flag, exit 2) and computes every layout.
CacheReport run_cache(const CacheRequest& request);

// "MHA", "GQA", "MQA" or "MLA" for a shape.
std::string layout_name(const math::CacheShape& shape);

}  // namespace attn::course
