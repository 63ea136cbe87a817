// attn cache's report: the configuration and where it comes from, the chosen layout's cache worked out
// step by step, the paged pool's waste, the layouts of the same model side by side, and their bars.
#include <fmt/format.h>

#include <algorithm>
#include <iterator>

#include "course/data_blocks.hpp"
#include "course/reports.hpp"

namespace attn::course {

namespace {

using math::binary_size;

std::string bytes_text(math::Bytes b) {
    return b < 1024 ? fmt::format("{} B", b) : fmt::format("{} B ({})", b, binary_size(b));
}

std::string per_layer_text(const CacheReport& r, const CacheLayout& l) {
    const math::CacheShape& s = l.shape;
    const std::string tail = fmt::format(" = {} elements x {} B ({}) = {} B", l.cost.elements_per_token_layer,
                                         s.dtype_bytes, r.dtype, l.cost.bytes_per_token_layer);
    if (s.mla()) return fmt::format("latent {} + RoPE key {}", s.latent, s.rope_dim) + tail;
    if (s.d_v == s.d_head)
        return fmt::format("2 (key and value) x {} heads x {}", s.kv_heads, s.d_head) + tail;
    return fmt::format("{} heads x (key {} + value {})", s.kv_heads, s.d_head, s.d_v) + tail;
}

std::string layers_text(const CacheReport& r, const CacheLayout& l) {
    const math::CacheCost& c = l.cost;
    if (c.local_layers == 0) return fmt::format("{}, all global (each keeps every token)", r.shape.layers);
    if (c.global_layers == 0)
        return fmt::format("{}, all local (each keeps the last {} tokens)", r.shape.layers, r.shape.window);
    return fmt::format(
        "{}: {} local (the last {} tokens), {} global; the pattern {} repeats from layer 0 and is cut off "
        "after layer {}",
        r.shape.layers, c.local_layers, r.shape.window, c.global_layers,
        math::pattern_letters(r.shape.period), r.shape.layers - 1);
}

std::string sequence_text(const CacheReport& r, const CacheLayout& l) {
    const math::CacheCost& c = l.cost;
    std::string kept;
    if (c.local_layers == 0)
        kept = fmt::format("{} tokens x {} layers", c.global_tokens, c.global_layers);
    else if (c.global_layers == 0)
        kept = fmt::format("min({}, {}) = {} tokens x {} layers", r.context, r.shape.window, c.local_tokens,
                           c.local_layers);
    else
        kept = fmt::format("({} local x {} + {} global x {}) token-layers", c.local_layers, c.local_tokens,
                           c.global_layers, c.global_tokens);
    return fmt::format("{} x {} B = {}", kept, c.bytes_per_token_layer, bytes_text(c.bytes_per_sequence));
}

void add_configuration(report::Report& report, const CacheReport& r) {
    report::Facts f;
    if (r.preset) {
        f.items.push_back({"preset", r.preset->name + ", as " + r.preset->model + " states it"});
        f.items.push_back({"from", r.preset->source});
        for (const std::string& o : r.overridden) f.items.push_back({"overridden", o});
        f.items.push_back({"note", r.preset->note});
    }
    f.items.push_back({"context", fmt::format("{} tokens per sequence", r.context)});
    report.facts("configuration", std::move(f));
}

void add_cache_facts(report::Report& report, const CacheReport& r) {
    const CacheLayout& l = r.chosen();
    std::string memory =
        fmt::format("{} = {} B ({})", r.memory_text, r.memory,
                    r.memory_default ? "the default, one 80 GiB accelerator; --memory sets it"
                                     : "KiB MiB GiB TiB are powers of 1024, KB MB GB TB of 1000");
    if (r.weights > 0)
        memory += fmt::format("; less {} B for the weights (--weights-memory) leaves {}", r.weights,
                              bytes_text(r.available));
    report.facts(
        "cache",
        report::Facts{"the cache of one sequence",
                      {{"layout", l.name + ": " + l.what},
                       {"layers", layers_text(r, l)},
                       {"per token and layer", per_layer_text(r, l)},
                       {"per token", fmt::format("{} B x {} layers = {}", l.cost.bytes_per_token_layer,
                                                 r.shape.layers, bytes_text(l.cost.bytes_per_token))},
                       {"per sequence", sequence_text(r, l)},
                       {"memory", memory},
                       {"sequences that fit", fmt::format("{} / {} = {} (rounded down)", r.available,
                                                          l.cost.bytes_per_sequence, l.fit)}}});
}

void add_paged_facts(report::Report& report, const CacheReport& r) {
    const CacheLayout& l = r.chosen();
    if (!l.paged) return;
    const math::PagedCost& p = *l.paged;
    report::Facts f{fmt::format("a paged pool of {}-token blocks", p.block_size), {}};
    const auto kind = [&](const char* name, std::uint64_t layers, std::uint64_t tokens, std::uint64_t blocks,
                          std::uint64_t waste) {
        if (layers == 0) return;
        f.items.push_back(
            {std::string(name) + " layers",
             fmt::format("ceil({} / {}) = {} block{} each, {} x {} - {} = {} empty slot{} each, x {} layers",
                         tokens, p.block_size, blocks, blocks == 1 ? "" : "s", blocks, p.block_size, tokens,
                         waste, waste == 1 ? "" : "s", layers)});
    };
    kind("global", l.cost.global_layers, l.cost.global_tokens, p.global_blocks, p.global_waste);
    kind("local", l.cost.local_layers, l.cost.local_tokens, p.local_blocks, p.local_waste);
    f.items.push_back({"waste", fmt::format("{} per sequence, in the last block of each layer",
                                            bytes_text(p.waste_bytes))});
    f.items.push_back({"per sequence in blocks", bytes_text(p.bytes_per_sequence)});
    f.items.push_back(
        {"sequences that fit", fmt::format("{} / {} = {}", r.available, p.bytes_per_sequence, l.paged_fit)});
    report.facts("paged", std::move(f));
}

void add_layout_table(report::Report& report, const CacheReport& r) {
    report::Table t{fmt::format("the same model, other layouts ({} tokens, {})", r.context, r.dtype),
                    {"layout", "per token", "per sequence", "fit", "vs this"},
                    {}};
    const double chosen = static_cast<double>(r.chosen().cost.bytes_per_sequence);
    for (const CacheLayout& l : r.layouts)
        t.rows.push_back({l.name + (l.chosen ? " (this)" : ""), binary_size(l.cost.bytes_per_token),
                          binary_size(l.cost.bytes_per_sequence), fmt::format("{}", l.fit),
                          fmt::format("{:.3g}x", static_cast<double>(l.cost.bytes_per_sequence) / chosen)});
    report.table("layouts", std::move(t));
}

void add_layout_chart(report::Report& report, const CacheReport& r) {
    report::Chart c;
    c.title = fmt::format("KV cache of one {}-token sequence, by layout", r.context);
    c.x_label = "layout";
    c.bars = true;
    // The axis in the binary unit of the largest bar, so that its ticks read 20, 40, 60 GiB.
    double largest = 0;
    for (const CacheLayout& l : r.layouts)
        largest = std::max(largest, static_cast<double>(l.cost.bytes_per_sequence));
    static const char* const units[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    size_t unit = 0;
    double scale = 1;
    while (largest / scale >= 1024 && unit + 1 < std::size(units)) scale *= 1024, ++unit;
    c.y_label = std::string(units[unit]) + " per sequence";
    std::vector<std::pair<double, double>> points;
    std::vector<std::string> labels;
    for (size_t i = 0; i < r.layouts.size(); ++i) {
        const CacheLayout& l = r.layouts[i];
        c.categories.push_back(l.name + (l.chosen ? " (this)" : ""));
        points.push_back({static_cast<double>(i), static_cast<double>(l.cost.bytes_per_sequence) / scale});
        labels.push_back(binary_size(l.cost.bytes_per_sequence) + ", " + std::to_string(l.fit) + " fit");
    }
    c.series.push_back({"cache per sequence", points});
    c.point_labels.push_back(labels);
    report.chart("layouts_chart", std::move(c));
}

}  // namespace

report::Report cache_report(const CacheReport& r) {
    report::Report report{"attn cache: what a KV cache costs", "", {}};
    add_cache_data(report, r);
    add_configuration(report, r);
    add_cache_facts(report, r);
    add_paged_facts(report, r);
    add_layout_table(report, r);
    add_layout_chart(report, r);
    report.paragraph(
        "MHA caches a key and a value per head, GQA and MQA share them among query heads, MLA caches one "
        "latent per token; a local layer keeps only the last W tokens.");
    return report;
}

report::Report cache_presets_report() {
    report::Report report{"attn cache --preset list: published configurations", "", {}};
    report::Table t{"presets", {"preset", "model", "layers", "heads", "kv heads", "context"}, {}};
    report.data("", report::Facts{"", {{"presets", report::Value::List{}}}});
    for (size_t i = 0; i < cache_presets().size(); ++i) {
        const CachePreset& p = cache_presets()[i];
        t.rows.push_back({p.name, p.model, std::to_string(p.layers), std::to_string(p.heads),
                          std::to_string(p.kv_heads), std::to_string(p.context)});
        report.data("presets." + std::to_string(i),
                    report::Facts{
                        "", {{"name", p.name}, {"model", p.model}, {"source", p.source}, {"note", p.note}}});
    }
    report.table("presets", std::move(t));
    for (const CachePreset& p : cache_presets())
        report.facts("preset_" + p.name,
                     report::Facts{p.name, {{"model", p.model}, {"from", p.source}, {"note", p.note}}});
    return report;
}

}  // namespace attn::course
