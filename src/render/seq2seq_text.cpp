#include "render/seq2seq_text.hpp"

#include <algorithm>
#include <cmath>

#include "render/matrix_text.hpp"
#include "render/views.hpp"

namespace attn::render {

namespace {

bool wanted(const std::vector<std::string>& show, const std::string& section) {
    return show.empty() || std::find(show.begin(), show.end(), section) != show.end();
}

std::string cell_text(const std::variant<double, std::string>& cell, int precision) {
    if (const auto* text = std::get_if<std::string>(&cell)) return *text;
    const double v = std::get<double>(cell);
    if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15) return format_number(v, 0);
    return format_number(v, precision);
}

std::string header(const course::Seq2SeqRun& run, const Style& style) {
    const math::Seq2SeqConfig& c = run.config;
    std::string out = dim(style, wrap_labelled("inputs:    ", run.inputs_note, style.width)) + "\n";
    if (!run.weights_note.empty()) out += dim(style, wrap_labelled("weights:   ", run.weights_note, style.width)) + "\n";
    std::string how = attention_name(c.attention) + " attention, " + score_name(c.score) + " score";
    if (c.attention == math::AttentionKind::local_m || c.attention == math::AttentionKind::local_p)
        how += ", window D = " + std::to_string(c.window);
    out += dim(style, wrap_labelled("attention: ", how + "; query = " + run.query_note, style.width)) + "\n";
    if (!c.wc) out += dim(style, "no W_c (--wc): attentional states are not computed") + "\n";
    return out;
}

std::string cost_note(const course::Seq2SeqRun& run) {
    const math::CostDims& d = run.dims;
    return "counting 1 per multiply-add, exp, tanh or division; nothing cached across steps; d_t = " + std::to_string(d.d_t) +
           ", d_s = " + std::to_string(d.d_s) + (d.d_a ? ", d_a = " + std::to_string(d.d_a) : "") + ", d_p = " + std::to_string(d.d_p) +
           ".\nGlobal attention grows with S at every step; local attention stops growing once S > 2D + 1.\n";
}

}  // namespace

std::string render_plain_table(const course::Table& table, const Style& style) {
    std::vector<size_t> widths(table.header.size(), 0);
    std::vector<std::vector<std::string>> cells;
    for (size_t c = 0; c < table.header.size(); ++c) widths[c] = display_width(table.header[c]);
    for (const auto& row : table.rows) {
        cells.emplace_back();
        for (size_t c = 0; c < row.size(); ++c) {
            cells.back().push_back(cell_text(row[c], style.precision));
            widths[c] = std::max(widths[c], display_width(cells.back().back()));
        }
    }
    auto line = [&](const std::vector<std::string>& items) {
        std::string out;
        for (size_t c = 0; c < items.size(); ++c)
            out += (c ? "  " : "") + std::string(widths[c] - std::min(widths[c], display_width(items[c])), ' ') + items[c];
        return out + "\n";
    };
    return bold(style, table.title) + "\n" + line(table.header) + [&] {
        std::string body;
        for (const auto& row : cells) body += line(row);
        return body;
    }();
}

std::string seq2seq_text(const course::Seq2SeqRun& run, const std::vector<std::string>& show, const Style& style) {
    std::string out = header(run, style);
    const std::vector<Seq2SeqStage> stages = seq2seq_stages(run, style.unicode);
    for (const std::string& section : seq2seq_sections()) {
        if (!wanted(show, section)) continue;
        for (const Seq2SeqStage& stage : stages)
            if (stage.section == section) out += "\n" + render_matrix(stage.view, style);
        if (section == "local" && !positions_table(run).rows.empty()) out += "\n" + render_plain_table(positions_table(run), style);
        if (section == "hard" && run.hard)
            out += "\n" + render_plain_table(hard_table(run), style) + "\n" + render_plain_table(convergence_table(run), style);
        if (section == "cost") out += "\n" + render_plain_table(cost_table(run), style) + dim(style, cost_note(run));
    }
    return out;
}

}  // namespace attn::render
