// attn cache: what a model's KV cache costs, per token, per sequence and in sequences per memory, for
// MHA, GQA, MQA and MLA, sliding windows and interleaved local and global layers, and a paged pool.
#include <cerrno>
#include <cstdlib>
#include <memory>

#include "cli/emit.hpp"
#include "cli/subcommands.hpp"
#include "course/cache_cost.hpp"
#include "course/reports.hpp"

namespace attn::cli {

namespace {

// Every flag read as given; only those given reach the request (the rest come from a preset or
// the defaults), so that a flag beside --preset overrides it and the report says so.
struct CacheOptions {
    std::string preset;
    long long layers = 0, heads = 0, kv_heads = 0, d_head = 0, d_v = 0, latent = 0, rope_dim = 0, context = 0,
              window = 0, block_size = 0;
    std::string dtype, pattern, memory, weights_memory;
    render::Format format = render::Format::text;
};

template <typename T>
std::optional<T> given(const CLI::App* sub, const char* name, const T& value) {
    return sub->count(name) > 0 ? std::optional<T>(value) : std::nullopt;
}

course::CacheRequest request_of(const CacheOptions& o, const CLI::App* sub) {
    course::CacheRequest r;
    r.preset = o.preset;
    r.layers = given(sub, "--layers", o.layers);
    r.heads = given(sub, "--heads", o.heads);
    r.kv_heads = given(sub, "--kv-heads", o.kv_heads);
    r.d_head = given(sub, "--d-head", o.d_head);
    r.d_v = given(sub, "--d-v", o.d_v);
    r.latent = given(sub, "--latent", o.latent);
    r.rope_dim = given(sub, "--rope-dim", o.rope_dim);
    r.context = given(sub, "--context", o.context);
    r.window = given(sub, "--window", o.window);
    r.block_size = given(sub, "--block-size", o.block_size);
    r.dtype = given(sub, "--dtype", o.dtype);
    r.pattern = given(sub, "--pattern", o.pattern);
    r.memory = given(sub, "--memory", o.memory);
    r.weights_memory = given(sub, "--weights-memory", o.weights_memory);
    return r;
}

void run_cache_command(const CacheOptions& o, const CLI::App* sub, Context& ctx) {
    if (o.preset == "list" || o.preset == "LIST" || o.preset == "List") {
        emit(ctx, o.format, 4, [] { return course::cache_presets_report(); });
        return;
    }
    const course::CacheReport report = course::run_cache(request_of(o, sub));
    emit(ctx, o.format, 4, [&] { return course::cache_report(report); });
}

// CLI11 reads a number past the range of long long as its largest value: say so instead.
const CLI::Validator& in_range() {
    static const CLI::Validator check(
        [](std::string& value) {
            errno = 0;
            std::strtoll(value.c_str(), nullptr, 10);
            return errno == ERANGE ? value + " is too large; at most 9223372036854775807 (2^63 - 1)"
                                   : std::string();
        },
        "");
    return check;
}

}  // namespace

void setup_cache(CLI::App& app, Context& ctx) {
    auto o = std::make_shared<CacheOptions>();
    CLI::App* sub = app.add_subcommand(
        "cache", "What a model's KV cache costs: bytes per token and sequence, sequences per memory");
    sub->footer(
        "The cache of one sequence, worked out step by step, beside MHA, GQA, MQA and MLA of the same "
        "model.\n"
        "Keys and values: 2 x kv-heads x d-head elements per token and layer (MLA: latent + rope-dim,\n"
        "shared by every head). A local layer keeps min(context, window) tokens, a global one all of them.\n"
        "--pattern 5:1 is five local layers, then one global (Gemma 3); LLLLLG spells it out. The pattern\n"
        "repeats from layer 0 and is cut off after the last layer. --memory takes KiB MiB GiB TiB (powers "
        "of\n"
        "1024) and KB MB GB TB (powers of 1000); nothing is subtracted unless --weights-memory says so.\n\n"
        "Examples:\n"
        "  attn cache --preset Llama-3-8B\n"
        "  attn cache --preset list                      every preset, and where its numbers come from\n"
        "  attn cache --preset Gemma-3-27B --context 32768 --block-size 16\n"
        "  attn cache --layers 32 --heads 32 --kv-heads 8 --d-head 128 --context 8192 --dtype fp8\n"
        "  attn cache --layers 61 --heads 128 --d-head 192 --d-v 128 --latent 512 --rope-dim 64 --context "
        "4096\n"
        "  attn cache --preset Llama-3-8B --memory 80GiB --weights-memory 16GB --format json");
    sub->add_option(
        "--preset", o->preset,
        "A published configuration: Llama-3-8B, Mistral-7B, Gemma-3-27B, DeepSeek-V3, gpt-oss-120b; "
        "'list' lists them with their sources. Flags beside it override it");
    sub->add_option("--layers", o->layers, "Attention layers L");
    sub->add_option("--heads", o->heads, "Query heads H");
    sub->add_option("--kv-heads", o->kv_heads, "Key/value heads G, dividing H (default H: MHA; 1: MQA)");
    sub->add_option("--d-head", o->d_head, "Elements of each head's key D");
    sub->add_option("--d-v", o->d_v, "Elements of each head's value (default: --d-head)");
    sub->add_option("--latent", o->latent, "MLA: elements of the latent each token caches per layer (R)");
    sub->add_option("--rope-dim", o->rope_dim, "MLA: elements of the RoPE key cached beside the latent (P)");
    sub->add_option("--context", o->context, "Tokens per sequence N");
    sub->add_option("--window", o->window,
                    "Tokens a local (sliding-window) layer keeps W; alone: every layer local");
    sub->add_option(
        "--pattern", o->pattern,
        "Local and global layers: LOCAL:GLOBAL (5:1) or letters L and G (LLLLLG), repeated over the layers");
    sub->add_option("--block-size", o->block_size,
                    "A paged pool's block, in tokens B: show the last block's waste");
    sub->add_option("--dtype", o->dtype, "The cache's number format: bf16 (default), fp16, fp8 or fp32");
    sub->add_option("--memory", o->memory, "Memory for the cache, e.g. 80GiB (default 80GiB)");
    sub->add_option("--weights-memory", o->weights_memory,
                    "Memory the weights take out of --memory, e.g. 16GB");
    for (CLI::Option* option : sub->get_options())
        if (option->get_type_name() == "INT") option->check(in_range());
    add_format_option(sub, o->format);
    sub->callback([o, sub, &ctx]() { run_cache_command(*o, sub, ctx); });
}

}  // namespace attn::cli
