#include "course/cache_cost.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "inputs/input_error.hpp"

namespace attn::course {

namespace {

std::string lower(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

const CachePreset& preset_named(const std::string& name) {
    std::string names;
    for (const CachePreset& p : cache_presets()) {
        if (lower(p.name) == lower(name)) return p;
        names += (names.empty() ? "" : ", ") + p.name;
    }
    throw InputError("--preset " + name + " is not a configuration attn knows; use one of " + names +
                     " (attn cache --preset list says where each comes from)");
}

// Picks a flag's value over the preset's, and notes the override.
struct Resolver {
    const CachePreset* preset;
    std::vector<std::string>& overridden;

    std::optional<long long> number(const char* flag, const std::optional<long long>& given,
                                    long long from_preset, bool preset_has) {
        if (given && preset && preset_has && *given != from_preset)
            overridden.push_back(std::string(flag) + " " + std::to_string(*given) + " (the preset says " +
                                 std::to_string(from_preset) + ")");
        if (given) return given;
        if (preset && preset_has) return from_preset;
        return std::nullopt;
    }
    std::optional<std::string> text(const char* flag, const std::optional<std::string>& given,
                                    const std::string& from_preset) {
        if (given && preset && !from_preset.empty() && *given != from_preset)
            overridden.push_back(std::string(flag) + " " + *given + " (the preset says " + from_preset + ")");
        if (given) return given;
        if (preset && !from_preset.empty()) return from_preset;
        return std::nullopt;
    }
};

// A size flag: at least `least` (1, or 0 where zero means none), as an unsigned count.
std::uint64_t size_of(const char* flag, const std::optional<long long>& value, long long least = 1) {
    if (!value)
        throw InputError(
            std::string("attn cache needs ") + flag +
            " (or a --preset that sets it): --layers L --heads H --d-head D --context N at least");
    if (*value < least)
        throw InputError(std::string(flag) + " " + std::to_string(*value) + " must be at least " +
                         std::to_string(least) + (least == 1 ? ": a size of zero or less has no cache" : ""));
    return static_cast<std::uint64_t>(*value);
}

math::CacheShape shape_of(const CacheRequest& r, Resolver& pick, const math::CacheDtypeInfo& dtype,
                          std::string& pattern) {
    const CachePreset* p = pick.preset;
    const auto has = [&](long long v) { return p && v > 0; };
    math::CacheShape s;
    s.layers =
        size_of("--layers", pick.number("--layers", r.layers, p ? p->layers : 0, has(p ? p->layers : 0)));
    s.heads = size_of("--heads", pick.number("--heads", r.heads, p ? p->heads : 0, has(p ? p->heads : 0)));
    const auto kv = pick.number("--kv-heads", r.kv_heads, p ? p->kv_heads : 0, has(p ? p->kv_heads : 0));
    s.kv_heads = kv ? size_of("--kv-heads", kv) : s.heads;  // MHA unless told
    s.d_head =
        size_of("--d-head", pick.number("--d-head", r.d_head, p ? p->d_head : 0, has(p ? p->d_head : 0)));
    const auto d_v = pick.number("--d-v", r.d_v, p ? p->d_v : 0, has(p ? p->d_v : 0));
    s.d_v = d_v ? size_of("--d-v", d_v) : s.d_head;
    const auto latent = pick.number("--latent", r.latent, p ? p->latent : 0, has(p ? p->latent : 0));
    const auto rope = pick.number("--rope-dim", r.rope_dim, p ? p->rope_dim : 0, has(p ? p->latent : 0));
    if (rope && !latent)
        throw InputError("--rope-dim is MLA's RoPE key; it needs --latent R, the latent's size");
    s.latent = latent ? size_of("--latent", latent) : 0;
    s.rope_dim = rope ? size_of("--rope-dim", rope, 0) : 0;
    const auto window = pick.number("--window", r.window, p ? p->window : 0, has(p ? p->window : 0));
    s.window = window ? size_of("--window", window) : 0;
    const auto pat = pick.text("--pattern", r.pattern, p ? p->pattern : "");
    pattern = pat.value_or("");
    if (pat) {
        try {
            s.period = math::parse_layer_pattern(*pat);
        } catch (const std::invalid_argument& e) {
            throw InputError(e.what());
        }
        if (std::count(s.period.begin(), s.period.end(), math::LayerKind::local) > 0 && s.window == 0)
            throw InputError("--pattern " + *pat +
                             " has local layers: give --window W, the tokens a local layer keeps");
    }
    s.dtype_bytes = dtype.bytes;
    return s;
}

std::uint64_t fits(math::Bytes available, math::Bytes per_sequence) {
    return per_sequence == 0 ? 0 : available / per_sequence;
}

CacheLayout layout(std::string name, std::string what, bool chosen, const math::CacheShape& shape,
                   std::uint64_t context, std::uint64_t block_size, math::Bytes available) {
    CacheLayout l{
        std::move(name), std::move(what), chosen, shape, math::cache_cost(shape, context), {}, 0, 0};
    l.fit = fits(available, l.cost.bytes_per_sequence);
    if (block_size > 0) {
        l.paged = math::paged_cost(l.cost, block_size);
        l.paged_fit = fits(available, l.paged->bytes_per_sequence);
    }
    return l;
}

std::string heads_text(const math::CacheShape& s) {
    if (s.mla())
        return "a latent of " + std::to_string(s.latent) + " and a RoPE key of " +
               std::to_string(s.rope_dim) + ", shared by " + std::to_string(s.heads) + " heads";
    return std::to_string(s.kv_heads) + " key/value head" + (s.kv_heads == 1 ? "" : "s") + " for " +
           std::to_string(s.heads) + " query heads";
}

// The chosen layout first, then MHA, GQA, MQA and MLA of the same model where they differ from it, and
// the chosen one with every layer global when it has local layers.
std::vector<CacheLayout> layouts_of(const CacheReport& r) {
    std::vector<CacheLayout> out;
    const auto add = [&](const std::string& name, const math::CacheShape& s, bool chosen) {
        out.push_back(layout(name, heads_text(s), chosen, s, r.context, r.block_size, r.available));
    };
    add(layout_name(r.shape), r.shape, true);
    math::CacheShape plain = r.shape;
    plain.latent = 0, plain.rope_dim = 0;
    for (std::uint64_t g : {plain.heads, r.shape.kv_heads, std::uint64_t{1}}) {
        math::CacheShape s = plain;
        s.kv_heads = g;
        const std::string name = layout_name(s);
        const bool seen =
            std::any_of(out.begin(), out.end(), [&](const CacheLayout& l) { return l.name == name; });
        if (!seen) add(name, s, false);
    }
    const CacheLayout& chosen = out.front();
    if (chosen.cost.local_layers > 0) {
        math::CacheShape s = r.shape;
        s.window = 0, s.period.clear();
        out.push_back(layout(chosen.name + ", all global", "the same, no sliding windows", false, s,
                             r.context, r.block_size, r.available));
    }
    return out;
}

}  // namespace

std::string layout_name(const math::CacheShape& s) {
    if (s.mla()) return "MLA";
    if (s.kv_heads == s.heads) return "MHA";
    return s.kv_heads == 1 ? "MQA" : "GQA";
}

CacheReport run_cache(const CacheRequest& r) {
    CacheReport out;
    const CachePreset* preset = r.preset.empty() ? nullptr : &preset_named(r.preset);
    if (preset) out.preset = *preset;
    Resolver pick{preset, out.overridden};
    try {
        out.dtype = pick.text("--dtype", r.dtype, preset ? preset->dtype : "").value_or("bf16");
        const math::CacheDtypeInfo dtype = math::cache_dtype_named(lower(out.dtype));
        out.dtype = dtype.name;
        out.shape = shape_of(r, pick, dtype, out.pattern);
        out.context = size_of("--context", pick.number("--context", r.context, preset ? preset->context : 0,
                                                       preset && preset->context > 0));
        out.block_size = r.block_size ? size_of("--block-size", r.block_size) : 0;
        out.memory_default = !r.memory;
        out.memory_text = r.memory.value_or(kDefaultCacheMemory);
        out.memory = math::parse_memory_size(out.memory_text);
        if (r.weights_memory) {
            out.weights = math::parse_memory_size(*r.weights_memory, "--weights-memory");
            if (out.weights >= out.memory)
                throw InputError("--weights-memory " + *r.weights_memory +
                                 " leaves no room for a cache in --memory " + out.memory_text +
                                 "; give more memory or less for the weights");
        }
        out.available = out.memory - out.weights;
        out.layouts = layouts_of(out);
    } catch (const std::invalid_argument& e) {
        throw InputError(e.what());  // the arithmetic's refusals, named by flag: exit 2
    }
    return out;
}

}  // namespace attn::course
