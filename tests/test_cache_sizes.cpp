// attn cache: cache sizes worked out by hand (2 x G x d x bytes per token and layer, MLA's R + P), the
// presets reproduced from their config files' numbers, the layer pattern and window arithmetic, a paged
// pool's waste, the memory units, and the binary's output and exit codes.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "course/cache_cost.hpp"
#include "inputs/input_error.hpp"
#include "math/cache_size.hpp"
#include "run_binary.hpp"

using attn::test::run_attn;
namespace course = attn::course;
namespace math = attn::math;

namespace {

math::CacheShape gqa(std::uint64_t layers, std::uint64_t heads, std::uint64_t kv, std::uint64_t d,
                     std::uint64_t bytes = 2) {
    math::CacheShape s;
    s.layers = layers, s.heads = heads, s.kv_heads = kv, s.d_head = d, s.d_v = d, s.dtype_bytes = bytes;
    return s;
}

course::CacheReport preset(const std::string& name) {
    course::CacheRequest r;
    r.preset = name;
    return course::run_cache(r);
}

nlohmann::json json_of(const std::vector<std::string>& args) {
    std::vector<std::string> full{"cache"};
    full.insert(full.end(), args.begin(), args.end());
    full.insert(full.end(), {"--format", "json"});
    const auto r = run_attn(full);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return nlohmann::json::parse(r.out);
}

}  // namespace

TEST_CASE("a GQA cache by hand: Llama-3-8B's shape in bf16", "[cache]") {
    // 2 (key, value) x 8 heads x 128 x 2 bytes = 4096 B per token and layer; x 32 layers = 131072 B.
    const math::CacheCost c = math::cache_cost(gqa(32, 32, 8, 128), 8192);
    CHECK(c.elements_per_token_layer == 2048);
    CHECK(c.bytes_per_token_layer == 4096);
    CHECK(c.bytes_per_token == 131072);
    CHECK(c.global_layers == 32);
    CHECK(c.local_layers == 0);
    CHECK(c.bytes_per_sequence == 131072ull * 8192);  // 1 GiB
    // MHA keeps 4 times as much, MQA an eighth; fp32 twice bf16, fp8 half.
    CHECK(math::cache_cost(gqa(32, 32, 32, 128), 8192).bytes_per_token == 4 * 131072);
    CHECK(math::cache_cost(gqa(32, 32, 1, 128), 8192).bytes_per_token == 131072 / 8);
    CHECK(math::cache_cost(gqa(32, 32, 8, 128, 4), 8192).bytes_per_token == 262144);
    CHECK(math::cache_cost(gqa(32, 32, 8, 128, 1), 8192).bytes_per_token == 65536);
}

TEST_CASE("MLA caches R + P elements per token and layer, whatever the heads", "[cache]") {
    math::CacheShape s = gqa(61, 128, 128, 192);
    s.d_v = 128, s.latent = 512, s.rope_dim = 64;
    const math::CacheCost c = math::cache_cost(s, 163840);
    CHECK(c.elements_per_token_layer == 576);
    CHECK(c.bytes_per_token_layer == 1152);
    CHECK(c.bytes_per_token == 1152 * 61);  // 70272
    CHECK(c.bytes_per_sequence == 70272ull * 163840);
    // Without the latent: 128 heads x (192 + 128) x 2 B = 81920 B per token and layer.
    s.latent = 0, s.rope_dim = 0;
    CHECK(math::cache_cost(s, 1).bytes_per_token_layer == 81920);
}

TEST_CASE("layer patterns: ratios, letters, and a pattern cut off at the last layer", "[cache]") {
    using K = math::LayerKind;
    CHECK(math::parse_layer_pattern("5:1") ==
          std::vector<K>{K::local, K::local, K::local, K::local, K::local, K::global});
    CHECK(math::pattern_letters(math::parse_layer_pattern("5:1")) == "LLLLLG");
    CHECK(math::pattern_letters(math::parse_layer_pattern("lg")) == "LG");
    // 62 layers of LLLLLG: ten periods (50 local, 10 global) and LL: 52 local, 10 global.
    const math::LayerCounts gemma = math::count_layer_kinds(math::parse_layer_pattern("LLLLLG"), 62);
    CHECK(gemma.local == 52);
    CHECK(gemma.global == 10);
    const math::LayerCounts alternating = math::count_layer_kinds(math::parse_layer_pattern("LG"), 36);
    CHECK(alternating.local == 18);
    CHECK(alternating.global == 18);
    // 7 layers of GLL: G L L G L L G.
    const math::LayerCounts seven = math::count_layer_kinds(math::parse_layer_pattern("GLL"), 7);
    CHECK(seven.local == 4);
    CHECK(seven.global == 3);
    // A huge layer count is counted, not listed.
    CHECK(math::count_layer_kinds(math::parse_layer_pattern("5:1"), 6000000000ull).global == 1000000000ull);
    for (const char* bad : {"", "LLX", "5:", ":1", "0:0", "5:1:1", "a:b", "L G"})
        CHECK_THROWS_AS(math::parse_layer_pattern(bad), std::invalid_argument);
}

TEST_CASE("a local layer keeps min(N, W) tokens", "[cache]") {
    math::CacheShape s = gqa(62, 32, 16, 128);  // 8192 B per token and layer
    s.window = 1024;
    s.period = math::parse_layer_pattern("5:1");
    const math::CacheCost c = math::cache_cost(s, 131072);
    CHECK(c.bytes_per_token_layer == 8192);
    CHECK(c.local_tokens == 1024);
    CHECK(c.global_tokens == 131072);
    CHECK(c.bytes_per_sequence == (52ull * 1024 + 10ull * 131072) * 8192);
    // Shorter than the window: every layer keeps all N.
    const math::CacheCost short_seq = math::cache_cost(s, 500);
    CHECK(short_seq.local_tokens == 500);
    CHECK(short_seq.bytes_per_sequence == 62ull * 500 * 8192);
    // A window alone makes every layer local (Mistral-7B v0.1).
    math::CacheShape mistral = gqa(32, 32, 8, 128);
    mistral.window = 4096;
    const math::CacheCost m = math::cache_cost(mistral, 32768);
    CHECK(m.local_layers == 32);
    CHECK(m.bytes_per_sequence == 4096ull * 32 * 4096);  // 512 MiB
    // Local layers without a window are refused.
    math::CacheShape no_window = gqa(6, 4, 2, 8);
    no_window.period = math::parse_layer_pattern("5:1");
    CHECK_THROWS_AS(math::cache_cost(no_window, 10), std::invalid_argument);
}

TEST_CASE("a paged pool wastes the last block's empty slots, per layer kind", "[cache]") {
    math::CacheShape s = gqa(6, 4, 2, 8, 1);  // 2 x 2 x 8 x 1 = 32 B per token and layer
    s.window = 10;
    s.period = math::parse_layer_pattern("5:1");
    const math::CacheCost c = math::cache_cost(s, 100);  // local keep 10, global 100
    const math::PagedCost p = math::paged_cost(c, 16);
    CHECK(p.local_blocks == 1);   // ceil(10 / 16)
    CHECK(p.local_waste == 6);    // 16 - 10
    CHECK(p.global_blocks == 7);  // ceil(100 / 16)
    CHECK(p.global_waste == 12);  // 112 - 100
    CHECK(p.waste_bytes == (5 * 6 + 1 * 12) * 32);
    CHECK(p.bytes_per_sequence == c.bytes_per_sequence + p.waste_bytes);
    // A context that fills its blocks wastes nothing.
    CHECK(math::paged_cost(math::cache_cost(gqa(2, 2, 2, 2), 64), 16).waste_bytes == 0);
    CHECK_THROWS_AS(math::paged_cost(c, 0), std::invalid_argument);
}

TEST_CASE("bad shapes and sizes past 64 bits are refused", "[cache]") {
    CHECK_THROWS_AS(math::cache_cost(gqa(32, 32, 5, 128), 10),
                    std::invalid_argument);  // 5 does not divide 32
    CHECK_THROWS_AS(math::cache_cost(gqa(32, 32, 64, 128), 10),
                    std::invalid_argument);  // more kv heads than heads
    CHECK_THROWS_AS(math::cache_cost(gqa(0, 32, 8, 128), 10), std::invalid_argument);
    CHECK_THROWS_AS(math::cache_cost(gqa(32, 32, 8, 128), 0), std::invalid_argument);
    CHECK_THROWS_AS(math::cache_cost(gqa(1ull << 40, 1ull << 20, 1ull << 20, 1ull << 20), 1),
                    std::invalid_argument);
    CHECK_THROWS_AS(math::cache_cost(gqa(1000, 64, 8, 128), 1ull << 50), std::invalid_argument);
    CHECK_THROWS_AS(math::checked_mul(1ull << 32, 1ull << 32, "x"), std::invalid_argument);
    CHECK(math::checked_mul(1ull << 31, 1ull << 32, "x") == 1ull << 63);
}

TEST_CASE("memory sizes: binary and decimal units", "[cache]") {
    CHECK(math::parse_memory_size("80GiB") == 80ull << 30);
    CHECK(math::parse_memory_size("80GB") == 80000000000ull);
    CHECK(math::parse_memory_size("1.5 TiB") == 3ull << 39);
    CHECK(math::parse_memory_size("512KiB") == 512 * 1024);
    CHECK(math::parse_memory_size("2MB") == 2000000);
    CHECK(math::parse_memory_size("123") == 123);
    CHECK(math::parse_memory_size("4096B") == 4096);
    for (const char* bad : {"", "-80GiB", "80XB", "GiB", "0GiB", "1.2.3GiB", "99999999999TiB", "0.1B"})
        CHECK_THROWS_AS(math::parse_memory_size(bad), std::invalid_argument);
    CHECK(math::binary_size(131072) == "128 KiB");
    CHECK(math::binary_size(1536) == "1.5 KiB");
    CHECK(math::binary_size(1073741824) == "1 GiB");
    CHECK(math::binary_size(1000) == "1000 B");
}

TEST_CASE("the presets reproduce their config files' caches", "[cache]") {
    SECTION("Llama-3-8B: GQA, 128 KiB per token, 1 GiB at 8192 tokens, 80 in 80 GiB") {
        const course::CacheReport r = preset("Llama-3-8B");
        CHECK(r.chosen().name == "GQA");
        CHECK(r.chosen().cost.bytes_per_token == 131072);
        CHECK(r.chosen().cost.bytes_per_sequence == 1073741824);
        CHECK(r.chosen().fit == 80);
        REQUIRE(r.layouts.size() == 3);  // GQA, MHA, MQA
        CHECK(r.layouts[1].name == "MHA");
        CHECK(r.layouts[1].cost.bytes_per_sequence == 4ull * 1073741824);
        CHECK(r.layouts[1].fit == 20);
        CHECK(r.layouts[2].name == "MQA");
        CHECK(r.layouts[2].fit == 640);
    }
    SECTION("Mistral-7B v0.1: every layer keeps the last 4096 of 32768 tokens") {
        const course::CacheReport r = preset("mistral-7b");
        CHECK(r.chosen().cost.bytes_per_token == 131072);
        CHECK(r.chosen().cost.local_layers == 32);
        CHECK(r.chosen().cost.bytes_per_sequence == 4096ull * 131072);
        CHECK(r.layouts.back().name == "GQA, all global");
        CHECK(r.layouts.back().cost.bytes_per_sequence == 32768ull * 131072);
    }
    SECTION("Gemma-3-27B: 52 local and 10 global layers") {
        const course::CacheReport r = preset("Gemma-3-27B");
        CHECK(r.chosen().cost.bytes_per_token_layer == 8192);  // 2 x 16 x 128 x 2
        CHECK(r.chosen().cost.bytes_per_token == 62 * 8192);
        CHECK(r.chosen().cost.local_layers == 52);
        CHECK(r.chosen().cost.bytes_per_sequence == (52ull * 1024 + 10ull * 131072) * 8192);
        CHECK(r.layouts.back().cost.bytes_per_sequence == 62ull * 131072 * 8192);
    }
    SECTION("DeepSeek-V3: MLA, 576 elements per token and layer") {
        const course::CacheReport r = preset("DeepSeek-V3");
        CHECK(r.chosen().name == "MLA");
        CHECK(r.chosen().cost.bytes_per_token == 70272);
        CHECK(r.chosen().cost.bytes_per_sequence == 70272ull * 163840);
        CHECK(r.chosen().fit == 7);      // 85899345920 / 11513364480
        REQUIRE(r.layouts.size() == 3);  // MLA, MHA, MQA
        CHECK(r.layouts[1].cost.bytes_per_token == 81920ull * 61);
        CHECK(r.layouts[1].fit == 0);
        CHECK(r.layouts[2].cost.bytes_per_token_layer == (192 + 128) * 2);
    }
    SECTION("gpt-oss-120b: alternating 128-token windows and full layers") {
        const course::CacheReport r = preset("gpt-oss-120b");
        CHECK(r.chosen().cost.bytes_per_token_layer == 2048);  // 2 x 8 x 64 x 2
        CHECK(r.chosen().cost.bytes_per_token == 36 * 2048);
        CHECK(r.chosen().cost.local_layers == 18);
        CHECK(r.chosen().cost.bytes_per_sequence == (18ull * 128 + 18ull * 131072) * 2048);
    }
}

TEST_CASE("flags beside a preset override it, and the report says so", "[cache]") {
    course::CacheRequest r;
    r.preset = "Llama-3-8B";
    r.context = 4096;
    r.dtype = "fp8";
    r.weights_memory = "16GB";
    const course::CacheReport out = course::run_cache(r);
    CHECK(out.chosen().cost.bytes_per_sequence == 4096ull * 65536);
    REQUIRE(out.overridden.size() == 2);
    CHECK(out.overridden[0] == "--dtype fp8 (the preset says bf16)");
    CHECK(out.overridden[1] == "--context 4096 (the preset says 8192)");
    CHECK(out.available == (80ull << 30) - 16000000000ull);
    course::CacheRequest unknown;
    unknown.preset = "Llama-2";
    CHECK_THROWS_AS(course::run_cache(unknown), course::InputError);
}

TEST_CASE("attn cache end to end: JSON, text at three widths, ASCII", "[cache][cli]") {
    const nlohmann::json doc = json_of({"--preset", "Gemma-3-27B", "--block-size", "16"});
    CHECK(doc["preset"] == "Gemma-3-27B");
    CHECK(doc["layout"] == "GQA");
    CHECK(doc["bytes_per_token"] == 507904);
    CHECK(doc["layers"]["local"] == 52);
    CHECK(doc["config"]["pattern"] == "LLLLLG");
    CHECK(doc["paged"]["local_waste_slots"] == 0);
    CHECK(doc["memory"]["bytes"] == 85899345920ull);
    CHECK(doc["layouts"][0]["chosen"] == true);
    CHECK(doc["layouts"].back()["name"] == "GQA, all global");

    const nlohmann::json by_hand = json_of(
        {"--layers", "32", "--heads", "32", "--kv-heads", "8", "--d-head", "128", "--context", "8192"});
    CHECK(by_hand["bytes_per_token"] == 131072);
    CHECK(by_hand["preset"].is_null());
    const nlohmann::json paged =
        json_of({"--layers", "2", "--heads", "2", "--d-head", "4", "--context", "100", "--block-size", "16",
                 "--dtype", "fp32", "--memory", "1MiB"});
    CHECK(paged["paged"]["global_waste_slots"] == 12);
    CHECK(paged["paged"]["waste_bytes"] == 12 * 2 * 2 * 2 * 4 * 4);

    for (const char* columns : {"60", "80", "100"})
        for (const char* p : {"Llama-3-8B", "Gemma-3-27B", "DeepSeek-V3"}) {
            const auto r =
                run_attn({"cache", "--preset", p, "--block-size", "16", "--ascii", "--color", "never"},
                         {std::string("COLUMNS=") + columns});
            INFO(p << " at " << columns << " columns: " << r.err);
            REQUIRE(r.exit_code == 0);
            size_t start = 0;
            while (start < r.out.size()) {
                const size_t end = r.out.find('\n', start);
                const std::string line = r.out.substr(start, end - start);
                INFO(line);
                CHECK(line.size() <= static_cast<size_t>(std::stoi(columns)));
                for (unsigned char c : line) CHECK(c < 128);
                start = end == std::string::npos ? r.out.size() : end + 1;
            }
        }
    const auto csv = run_attn({"cache", "--preset", "Llama-3-8B", "--format", "csv"});
    REQUIRE(csv.exit_code == 0);
    CHECK(csv.out.find("GQA,true,8,,4096,131072,1073741824,80,,") != std::string::npos);
    CHECK(csv.out.find("MHA,false,32,,16384,524288,4294967296,20,,") != std::string::npos);
    const auto list = run_attn({"cache", "--preset", "list"});
    REQUIRE(list.exit_code == 0);
    CHECK(list.out.find("deepseek-ai/DeepSeek-V3") != std::string::npos);
    const auto svg = run_attn({"cache", "--preset", "DeepSeek-V3", "--format", "svg"});
    REQUIRE(svg.exit_code == 0);
    CHECK(svg.out.find("class=\"bar\"") != std::string::npos);
}

TEST_CASE("attn cache refuses bad input with exit 2 and a message", "[cache][cli]") {
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
        {{"--layers", "0", "--heads", "32", "--d-head", "128", "--context", "10"},
         "--layers 0 must be at least 1"},
        {{"--layers", "-3", "--heads", "32", "--d-head", "128", "--context", "10"}, "--layers -3"},
        {{"--layers", "32", "--heads", "32", "--kv-heads", "5", "--d-head", "128", "--context", "10"},
         "must divide --heads 32"},
        {{"--preset", "Llama-3-8B", "--pattern", "LLXG", "--window", "10"}, "is not L"},
        {{"--preset", "Llama-3-8B", "--pattern", "5:1"}, "give --window W"},
        {{"--preset", "Llama-2-7B"}, "is not a configuration"},
        {{"--preset", "Llama-3-8B", "--dtype", "int4"}, "is not a cache format"},
        {{"--preset", "Llama-3-8B", "--memory", "80XB"}, "unknown unit"},
        {{"--preset", "Llama-3-8B", "--memory", "-80GiB"}, "--memory -80GiB"},
        {{"--preset", "Llama-3-8B", "--weights-memory", "90GiB"}, "leaves no room"},
        {{"--preset", "Llama-3-8B", "--context", "9223372036854775807"}, "would overflow 64 bits"},
        {{"--preset", "Llama-3-8B", "--layers", "99999999999999999999"}, "is too large"},
        {{"--heads", "32", "--d-head", "128", "--context", "10"}, "needs --layers"},
        {{"--preset", "Llama-3-8B", "--rope-dim", "64"}, "needs --latent"},
        {{"--preset", "Llama-3-8B", "--block-size", "0"}, "--block-size 0"},
    };
    for (const auto& [args, message] : cases) {
        std::vector<std::string> full{"cache"};
        full.insert(full.end(), args.begin(), args.end());
        const auto r = run_attn(full);
        INFO(args[0] << " " << args[1] << ": " << r.err);
        CHECK(r.exit_code == 2);
        CHECK(r.out.empty());
        CHECK(r.err.find(message) != std::string::npos);
    }
}
