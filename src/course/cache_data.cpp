// attn cache's documented JSON (docs/commands.md): the configuration, the chosen layout's cache at the
// top level, and every layout of the same model in "layouts", each number exact, in bytes.
#include "course/data_blocks.hpp"

namespace attn::course {

namespace {

using report::Facts;
using report::Value;

Value optional_count(std::uint64_t value) { return value > 0 ? Value(value) : Value(); }

// The numbers of one layout's cache, as the keys of its object.
std::vector<std::pair<std::string, Value>> cost_items(const CacheLayout& l) {
    const math::CacheCost& c = l.cost;
    return {{"elements_per_token_layer", c.elements_per_token_layer},
            {"bytes_per_token_layer", c.bytes_per_token_layer},
            {"bytes_per_token", c.bytes_per_token},
            {"local_tokens", c.local_layers > 0 ? Value(c.local_tokens) : Value()},
            {"global_tokens", c.global_layers > 0 ? Value(c.global_tokens) : Value()},
            {"bytes_per_sequence", c.bytes_per_sequence},
            {"sequences_fit", l.fit}};
}

void add_paged(report::Report& report, const std::string& path, const CacheLayout& l) {
    if (!l.paged) return;
    const math::PagedCost& p = *l.paged;
    report.data(path,
                Facts{"",
                      {{"block_size", p.block_size},
                       {"local_blocks", l.cost.local_layers > 0 ? Value(p.local_blocks) : Value()},
                       {"global_blocks", l.cost.global_layers > 0 ? Value(p.global_blocks) : Value()},
                       {"local_waste_slots", l.cost.local_layers > 0 ? Value(p.local_waste) : Value()},
                       {"global_waste_slots", l.cost.global_layers > 0 ? Value(p.global_waste) : Value()},
                       {"waste_bytes", p.waste_bytes},
                       {"bytes_per_sequence", p.bytes_per_sequence},
                       {"sequences_fit", l.paged_fit}}});
}

}  // namespace

void add_cache_data(report::Report& report, const CacheReport& r) {
    const CacheLayout& chosen = r.chosen();
    const math::CacheShape& s = r.shape;
    report::Facts top{"",
                      {{"preset", r.preset ? Value(r.preset->name) : Value()},
                       {"model", r.preset ? Value(r.preset->model) : Value()},
                       {"source", r.preset ? Value(r.preset->source) : Value()},
                       {"note", r.preset ? Value(r.preset->note) : Value()},
                       {"overridden", report::words(r.overridden)},
                       {"layout", chosen.name}}};
    for (auto& item : cost_items(chosen)) top.items.push_back(std::move(item));
    top.items.push_back({"paged", Value()});
    top.items.push_back({"layouts", Value::List{}});
    report.data("", std::move(top));
    // The same sizes as the text shows them, for prose that quotes them ("1 GiB").
    report.data("readable",
                Facts{"",
                      {{"bytes_per_token", math::binary_size(chosen.cost.bytes_per_token)},
                       {"bytes_per_sequence", math::binary_size(chosen.cost.bytes_per_sequence)},
                       {"memory", math::binary_size(r.memory)},
                       {"available", math::binary_size(r.available)},
                       {"paged_waste",
                        chosen.paged ? Value(math::binary_size(chosen.paged->waste_bytes)) : Value()}}});
    report.data("config",
                Facts{"",
                      {{"layers", s.layers},
                       {"heads", s.heads},
                       {"kv_heads", s.mla() ? Value() : Value(s.kv_heads)},
                       {"d_head", s.d_head},
                       {"d_v", s.d_v},
                       {"latent", optional_count(s.latent)},
                       {"rope_dim", s.mla() ? Value(s.rope_dim) : Value()},
                       {"window", optional_count(s.window)},
                       {"pattern", r.pattern.empty() ? Value() : Value(math::pattern_letters(s.period))},
                       {"context", r.context},
                       {"dtype", r.dtype},
                       {"dtype_bytes", s.dtype_bytes},
                       {"block_size", optional_count(r.block_size)}}});
    report.data("layers",
                Facts{"", {{"local", chosen.cost.local_layers}, {"global", chosen.cost.global_layers}}});
    report.data("memory", Facts{"",
                                {{"given", r.memory_text},
                                 {"default", r.memory_default},
                                 {"bytes", r.memory},
                                 {"weights_bytes", r.weights},
                                 {"available_bytes", r.available}}});
    add_paged(report, "paged", chosen);
    // CSV: one line per layout, every size in exact bytes.
    report::Table csv{
        "",
        {"layout", "chosen", "kv_heads", "latent", "bytes_per_token_layer", "bytes_per_token",
         "bytes_per_sequence", "sequences_fit", "paged_bytes_per_sequence", "paged_sequences_fit"},
        {}};
    for (const CacheLayout& l : r.layouts)
        csv.rows.push_back({l.name, l.chosen ? "true" : "false",
                            l.shape.mla() ? "" : std::to_string(l.shape.kv_heads),
                            l.shape.mla() ? std::to_string(l.shape.latent) : "",
                            std::to_string(l.cost.bytes_per_token_layer),
                            std::to_string(l.cost.bytes_per_token), std::to_string(l.cost.bytes_per_sequence),
                            std::to_string(l.fit), l.paged ? std::to_string(l.paged->bytes_per_sequence) : "",
                            l.paged ? std::to_string(l.paged_fit) : ""});
    report.csv("layouts_csv", std::move(csv));
    for (size_t i = 0; i < r.layouts.size(); ++i) {
        const CacheLayout& l = r.layouts[i];
        const std::string at = "layouts." + std::to_string(i);
        Facts f{"",
                {{"name", l.name},
                 {"what", l.what},
                 {"chosen", l.chosen},
                 {"kv_heads", l.shape.mla() ? Value() : Value(l.shape.kv_heads)},
                 {"latent", optional_count(l.shape.latent)},
                 {"all_global", l.cost.local_layers == 0}}};
        for (auto& item : cost_items(l)) f.items.push_back(std::move(item));
        f.items.push_back({"readable_per_sequence", math::binary_size(l.cost.bytes_per_sequence)});
        f.items.push_back({"paged", Value()});
        report.data(at, std::move(f));
        add_paged(report, at + ".paged", l);
    }
}

}  // namespace attn::course
