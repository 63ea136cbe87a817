#include "math/cache_size.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace attn::math {

namespace {

// The largest count a pattern's ratio may name: a period is held as a list of layer kinds.
constexpr std::uint64_t kMaxPeriod = 100000;

std::uint64_t ceil_div(std::uint64_t a, std::uint64_t b) { return a / b + (a % b != 0); }

void require_positive(std::uint64_t value, const std::string& what) {
    if (value == 0) throw std::invalid_argument(what + " must be at least 1; got 0");
}

// "5" of "5:1": digits only, at most kMaxPeriod.
std::uint64_t ratio_count(const std::string& digits, const std::string& text) {
    const bool all_digits = !digits.empty() && std::all_of(digits.begin(), digits.end(),
                                                           [](unsigned char c) { return std::isdigit(c); });
    if (!all_digits || digits.size() > 6 || std::stoull(digits) > kMaxPeriod)
        throw std::invalid_argument(
            "--pattern " + text + ": a ratio is LOCAL:GLOBAL, two whole numbers up to " +
            std::to_string(kMaxPeriod) + " such as 5:1 (five local layers, then one global)");
    return std::stoull(digits);
}

}  // namespace

const std::vector<CacheDtypeInfo>& cache_dtypes() {
    static const std::vector<CacheDtypeInfo> table{{CacheDtype::fp32, "fp32", 4},
                                                   {CacheDtype::bf16, "bf16", 2},
                                                   {CacheDtype::fp16, "fp16", 2},
                                                   {CacheDtype::fp8, "fp8", 1}};
    return table;
}

CacheDtypeInfo cache_dtype_named(const std::string& name) {
    for (const CacheDtypeInfo& d : cache_dtypes())
        if (name == d.name) return d;
    throw std::invalid_argument("--dtype " + name + " is not a cache format; use fp32, bf16, fp16 or fp8");
}

std::vector<LayerKind> parse_layer_pattern(const std::string& text) {
    if (text.empty())
        throw std::invalid_argument("--pattern is empty; give a ratio such as 5:1 or letters such as LLLLLG");
    std::vector<LayerKind> period;
    if (const size_t colon = text.find(':'); colon != std::string::npos) {
        const std::uint64_t local = ratio_count(text.substr(0, colon), text);
        const std::uint64_t global = ratio_count(text.substr(colon + 1), text);
        if (local + global == 0)
            throw std::invalid_argument("--pattern " + text + " names no layer; use e.g. 5:1");
        period.assign(local, LayerKind::local);
        period.insert(period.end(), global, LayerKind::global);
        return period;
    }
    if (text.size() > kMaxPeriod)
        throw std::invalid_argument("--pattern has " + std::to_string(text.size()) + " letters; at most " +
                                    std::to_string(kMaxPeriod));
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = static_cast<char>(std::toupper(static_cast<unsigned char>(text[i])));
        if (c != 'L' && c != 'G')
            throw std::invalid_argument("--pattern " + text + ": letter " + std::to_string(i + 1) + " ('" +
                                        text.substr(i, 1) +
                                        "') is not L (a local, sliding-window layer) or G (a global layer)");
        period.push_back(c == 'L' ? LayerKind::local : LayerKind::global);
    }
    return period;
}

LayerCounts count_layer_kinds(const std::vector<LayerKind>& period, std::uint64_t layers) {
    if (period.empty()) return {0, layers};
    const auto local_in = [&](size_t n) {
        return static_cast<std::uint64_t>(
            std::count(period.begin(), period.begin() + static_cast<long>(n), LayerKind::local));
    };
    const std::uint64_t whole = layers / period.size(), rest = layers % period.size();
    const std::uint64_t local = whole * local_in(period.size()) + local_in(rest);  // ≤ layers: no overflow
    return {local, layers - local};
}

std::string pattern_letters(const std::vector<LayerKind>& period) {
    std::string out;
    for (LayerKind k : period) out += k == LayerKind::local ? 'L' : 'G';
    return out;
}

std::uint64_t checked_mul(std::uint64_t a, std::uint64_t b, const std::string& what) {
    std::uint64_t out = 0;
    if (__builtin_mul_overflow(a, b, &out))
        throw std::invalid_argument(what + " would overflow 64 bits (" + std::to_string(a) + " x " +
                                    std::to_string(b) + "); give smaller sizes");
    return out;
}

std::uint64_t checked_add(std::uint64_t a, std::uint64_t b, const std::string& what) {
    std::uint64_t out = 0;
    if (__builtin_add_overflow(a, b, &out))
        throw std::invalid_argument(what + " would overflow 64 bits (" + std::to_string(a) + " + " +
                                    std::to_string(b) + "); give smaller sizes");
    return out;
}

CacheCost cache_cost(const CacheShape& s, std::uint64_t context) {
    require_positive(s.layers, "--layers");
    require_positive(context, "--context");
    require_positive(s.dtype_bytes, "the bytes per element");
    CacheCost c;
    if (s.mla()) {
        // MLA caches one compressed vector and one RoPE key per token, whatever the number of heads.
        c.elements_per_token_layer = checked_add(s.latent, s.rope_dim, "--latent + --rope-dim");
    } else {
        require_positive(s.heads, "--heads");
        require_positive(s.kv_heads, "--kv-heads");
        require_positive(s.d_head, "--d-head");
        require_positive(s.d_v, "--d-v");
        if (s.kv_heads > s.heads || s.heads % s.kv_heads != 0)
            throw std::invalid_argument("--kv-heads " + std::to_string(s.kv_heads) + " must divide --heads " +
                                        std::to_string(s.heads) +
                                        ": each key/value head serves the same number of query heads");
        const std::uint64_t per_head = checked_add(s.d_head, s.d_v, "--d-head + --d-v");
        c.elements_per_token_layer = checked_mul(s.kv_heads, per_head, "the elements per token and layer");
    }
    c.bytes_per_token_layer =
        checked_mul(c.elements_per_token_layer, s.dtype_bytes, "the bytes per token and layer");
    const bool all_local = s.window > 0 && s.period.empty();
    const LayerCounts counts = all_local ? LayerCounts{s.layers, 0} : count_layer_kinds(s.period, s.layers);
    if (counts.local > 0 && s.window == 0)
        throw std::invalid_argument(
            "--pattern " + pattern_letters(s.period) +
            " has local layers, so it needs --window W: the tokens a local layer keeps");
    c.local_layers = counts.local, c.global_layers = counts.global;
    c.bytes_per_token = checked_mul(c.bytes_per_token_layer, s.layers, "the bytes per token");
    c.global_tokens = context;
    c.local_tokens = s.window > 0 ? std::min(context, s.window) : context;
    const std::uint64_t kept =
        checked_add(checked_mul(c.local_tokens, c.local_layers, "the tokens kept"),
                    checked_mul(c.global_tokens, c.global_layers, "the tokens kept"), "the tokens kept");
    c.bytes_per_sequence = checked_mul(kept, c.bytes_per_token_layer, "the bytes per sequence");
    return c;
}

PagedCost paged_cost(const CacheCost& c, std::uint64_t block_size) {
    require_positive(block_size, "--block-size");
    PagedCost p;
    p.block_size = block_size;
    p.local_blocks = ceil_div(c.local_tokens, block_size);
    p.global_blocks = ceil_div(c.global_tokens, block_size);
    // Σ blocks × B ≥ tokens: checked as whole slots, then the empty ones are the difference.
    p.local_waste = checked_mul(p.local_blocks, block_size, "the slots of the blocks") - c.local_tokens;
    p.global_waste = checked_mul(p.global_blocks, block_size, "the slots of the blocks") - c.global_tokens;
    const std::uint64_t empty =
        checked_add(checked_mul(p.local_waste, c.local_layers, "the empty slots"),
                    checked_mul(p.global_waste, c.global_layers, "the empty slots"), "the empty slots");
    p.waste_bytes = checked_mul(empty, c.bytes_per_token_layer, "the bytes of the empty slots");
    p.bytes_per_sequence =
        checked_add(c.bytes_per_sequence, p.waste_bytes, "the bytes per sequence in blocks");
    return p;
}

Bytes parse_memory_size(const std::string& text, const std::string& flag) {
    struct Unit {
        const char* name;
        long double factor;
    };
    static const Unit units[] = {
        {"KiB", 1024.0L}, {"MiB", 1048576.0L}, {"GiB", 1073741824.0L}, {"TiB", 1099511627776.0L},
        {"KB", 1e3L},     {"MB", 1e6L},        {"GB", 1e9L},           {"TB", 1e12L},
        {"B", 1.0L}};
    const auto bad = [&](const std::string& why) {
        return std::invalid_argument(flag + " " + text + ": " + why +
                                     "; write a number and a unit, e.g. 80GiB (KiB MiB GiB TiB are powers of "
                                     "1024, KB MB GB TB powers of 1000)");
    };
    size_t end = 0;
    while (end < text.size() && (std::isdigit(static_cast<unsigned char>(text[end])) || text[end] == '.'))
        ++end;
    const std::string number = text.substr(0, end);
    std::string unit = text.substr(end);
    unit.erase(0, unit.find_first_not_of(' '));
    if (number.empty() || std::count(number.begin(), number.end(), '.') > 1 || number == ".")
        throw bad(text.empty() ? "no size" : "'" + text + "' does not start with a number (not negative)");
    long double factor = 0;
    if (unit.empty()) factor = 1;
    for (const Unit& u : units)
        if (unit == u.name) factor = u.factor;
    if (factor == 0) throw bad("unknown unit '" + unit + "'");
    const long double bytes = std::floor(std::strtold(number.c_str(), nullptr) * factor);
    if (!(bytes >= 1)) throw bad("the size is less than one byte");
    if (bytes >= 18446744073709551615.0L) throw bad("the size does not fit in 64 bits");
    return static_cast<Bytes>(bytes);
}

std::string binary_size(Bytes bytes) {
    static const char* const names[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    size_t unit = 0;
    long double value = static_cast<long double>(bytes);
    while (value >= 1024 && unit + 1 < std::size(names)) value /= 1024, ++unit;
    char buffer[64];
    if (unit == 0) return std::to_string(bytes) + " B";
    // Three significant figures, without trailing zeros: 1.5, 12.3, 128.
    const int decimals = value >= 100 ? 0 : value >= 10 ? 1 : 2;
    std::snprintf(buffer, sizeof buffer, "%.*Lf", decimals, value);
    std::string text = buffer;
    if (text.find('.') != std::string::npos) {
        text.erase(text.find_last_not_of('0') + 1);
        if (text.back() == '.') text.pop_back();
    }
    return text + " " + names[unit];
}

}  // namespace attn::math
