// The reports of attn run: one sentence (or CSV matrices) with every chosen stage, or one word compared
// across sentences.
#include <fmt/format.h>

#include "course/reports.hpp"
#include "course/stages.hpp"

namespace attn::course {
namespace {

std::string fixed(double v, int decimals) { return fmt::format("{:.{}f}", v, decimals); }

Facts experiment_facts(const Experiment& e) {
    Facts f{"", {{"inputs", e.inputs_note}}};
    if (!e.weights_note.empty()) f.items.push_back({"weights", e.weights_note});
    if (e.trace.heads.size() > 1)
        f.items.push_back({"heads", fmt::format("{} heads, d_k = {} each: head i uses columns [i*d_k, (i+1)*d_k) of Q, K and V",
                                                e.trace.heads.size(), e.trace.heads[0].q.n_cols)});
    return f;
}

// The arithmetic of one weight as key–value lines: the dot product, the scaling, the softmax.
Facts explain_facts(const Experiment& e, const math::WeightExplanation& x, size_t head) {
    const std::string q = e.query_labels[x.row], k = e.key_labels[x.col];
    Facts f{fmt::format("How much does '{}' (row {}) attend to '{}' (column {})?{}", q, x.row, k, x.col,
                        e.trace.heads.size() > 1 ? fmt::format(" [head {}]", head) : ""),
            {}};
    std::string terms;
    for (size_t d = 0; d < x.products.size(); ++d)
        terms += fmt::format("{}{:.4f}*{:.4f}", d ? " + " : "", x.q_terms[d], x.k_terms[d]);
    f.items.push_back({"1. dot product", terms + " = " + fixed(x.score, 4)});
    f.items.push_back({"2. scale", fmt::format("{:.4f} / sqrt({}) = {:.4f}", x.score, x.products.size(), x.scaled)});
    if (x.has_bias) f.items.push_back({"ALiBi bias", fmt::format("{:.4f} + {:.4f} = {:.4f}", x.scaled, x.bias, x.biased)});
    if (x.has_temperature)
        f.items.push_back({"temperature", fmt::format("{:.4f} / T = {:.4f} / {} = {:.4f}", x.has_bias ? x.biased : x.scaled,
                                                      x.has_bias ? x.biased : x.scaled, x.temperature, x.tempered)});
    if (x.blocked) f.items.push_back({"mask", "the mask blocks this key: its logit is -inf, its weight exactly 0"});
    f.items.push_back({"3. softmax", fmt::format("exp({:.4f} - {:.4f}) / {:.4f} = {:.4f}", x.row_logits[x.col], x.row_max, x.row_sum,
                                                 x.weight)});
    return f;
}

}  // namespace

Report experiment_report(const Experiment& e, const std::vector<std::string>& show, const std::string& data_dir,
                         const std::vector<math::WeightExplanation>& explained) {
    Report report{"attn run: " + (e.query_labels.empty() ? std::string() : fmt::format("{}", fmt::join(e.query_labels, " "))),
                  data_dir, {}};
    report.facts("inputs", experiment_facts(e));
    for (Stage& stage : collect_stages(e, show, true)) report.matrix(stage.name, std::move(stage.view));
    for (size_t h = 0; h < explained.size(); ++h) report.facts("explain.head" + std::to_string(h), explain_facts(e, explained[h], h));
    return report;
}

Report comparison_report(const FocusComparison& c, const std::vector<std::string>& show, const std::string& data_dir) {
    Report report{"attn run: '" + c.word + "' in " + std::to_string(c.sentences.size()) + " sentences", data_dir, {}};
    const std::vector<std::string> stages = show.empty() ? std::vector<std::string>{"weights", "output"} : show;
    for (size_t i = 0; i < c.runs.size(); ++i) {
        report.heading(fmt::format("sentence {}: \"{}\"", i + 1, c.sentences[i]));
        for (Stage& stage : collect_stages(c.runs[i], stages, true))
            report.matrix("sentence" + std::to_string(i + 1) + "." + stage.name, std::move(stage.view));
    }
    report.heading("'" + c.word + "' in both sentences");
    report.facts("weights", Facts{"", {{"weights", c.runs[0].weights_note}}});
    Table shifts{"how '" + c.word + "' moved, largest change first", {"dimension", "sentence 1", "sentence 2", "change"}, {}};
    for (const DimensionShift& s : c.moved) shifts.rows.push_back({s.dimension, s.first, s.second, s.change});
    report.paragraph("Its embedding is the same input vector in every sentence (cosine similarity 1). What it attends to is "
                     "not, so its output, the weighted average of the values, differs:");
    report.table("shift", std::move(shifts));
    report.paragraph("Cosine similarity of the two outputs: " + fixed(c.output_cosine, 4) + " (the inputs: 1).");
    return report;
}

}  // namespace attn::course
