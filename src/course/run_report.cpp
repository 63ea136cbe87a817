// The reports of attn run: one sentence (or CSV matrices) with every chosen stage, or one word compared
// across sentences.
#include <fmt/format.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "course/reports.hpp"
#include "course/stage_code.hpp"
#include "course/stages.hpp"

namespace attn::course {
namespace {

// A name for each variant stage that ran, e.g. "RoPE (base 10000, positions from 0); <bias>, slopes ...".
std::string variant_note(const math::AttentionTrace& t) {
    std::vector<std::string> parts;
    const math::Variant& v = t.variant;
    if (v.rope)
        parts.push_back(fmt::format(
            "RoPE (base {}, positions from {}{}{}{})", report::decimal(v.rope->base, 0),
            report::decimal(v.rope->offset, 0),
            v.rope->pairs == math::RopePairs::halves ? ", pairs (i, i+r/2)" : "",
            v.rope->dims ? ", the first " + std::to_string(v.rope->dims) + " dimensions" : "",
            v.rope->scaling == math::RopeScaling::none
                ? ""
                : fmt::format(", {} scaling x{}", math::rope_scaling_name(v.rope->scaling), v.rope->factor)));
    if (v.sink_logits)
        parts.push_back(fmt::format("{}, one logit per head: {}",
                                    math::variant_part(math::VariantPart::sinks).name,
                                    fmt::join(*v.sink_logits, ", ")));
    if (v.output_gate)
        parts.push_back(std::string(math::variant_part(math::VariantPart::gate).name) +
                        ", sigmoid(X W_g) per head");
    if (v.softcap)
        parts.push_back(
            fmt::format("{}, C = {}", math::variant_part(math::VariantPart::softcap).name, *v.softcap));
    if (!math::bias_slopes(t).empty()) {
        std::vector<std::string> slopes;
        for (double m : math::bias_slopes(t)) slopes.push_back(report::decimal(m, 6));
        parts.push_back(fmt::format("{}, slopes m_h = {}", math::variant_part(math::VariantPart::bias).name,
                                    fmt::join(slopes, ", ")));
    }
    if (v.window)
        parts.push_back(
            fmt::format("sliding window of {} keys, {} sink(s)", v.window->size, v.window->sinks));
    if (v.kernel == math::Kernel::linear)
        parts.push_back(std::string("linear kernel, phi = elu + 1") +
                        (v.causal ? ", causal prefix sums" : ""));
    return fmt::format("{}", fmt::join(parts, "; "));
}

report::Facts experiment_facts(const Experiment& e) {
    report::Facts f{"", {{"inputs", e.inputs_note}}};
    if (!e.weights_note.empty()) f.items.push_back({"weights", e.weights_note});
    const size_t n_heads = e.trace.heads.size(), n_kv = e.trace.n_kv_heads, d_k = e.trace.heads[0].q.n_cols;
    if (n_heads > 1 && n_kv == n_heads)
        f.items.push_back(
            {"heads",
             fmt::format("{} heads, d_k = {} each: head i uses columns [i*d_k, (i+1)*d_k) of Q, K and V",
                         n_heads, d_k)});
    if (n_kv < n_heads)
        f.items.push_back(
            {"heads",
             fmt::format("{} query heads share {} key/value head{}, d_k = {}: head i uses columns "
                         "[i*d_k, (i+1)*d_k) of Q and key/value head i / {} (rounded down) of K and V",
                         n_heads, n_kv, n_kv > 1 ? "s" : "", d_k, n_heads / n_kv)});
    const std::string variant = variant_note(e.trace);
    if (!variant.empty()) f.items.push_back({"variant", variant});
    return f;
}

}  // namespace

report::Report experiment_report(const Experiment& e, const std::vector<std::string>& show,
                                 const std::string& data_dir, const std::vector<HeadExplanation>& explained,
                                 int precision, bool show_code) {
    report::Report report{
        "attn run: " +
            (e.query_labels.empty() ? std::string() : fmt::format("{}", fmt::join(e.query_labels, " "))),
        data_dir,
        {}};
    report.facts("inputs", experiment_facts(e));
    const std::vector<StageSnippet> code = show_code ? stage_snippets(e, show) : std::vector<StageSnippet>{};
    if (show_code)
        report.paragraph("In NumPy, with these definitions:\n\n```python\n" + code_prelude(e) + "\n```");
    for (Stage& stage : collect_stages(e, show, true)) {
        const std::string name = stage.name;
        report.matrix(name, std::move(stage.view));
        for (const StageSnippet& snippet : code)
            if (snippet.stage == name) report.paragraph("```python\n" + snippet.code + "\n```");
    }
    for (const HeadExplanation& x : explained) add_explanation(report, e, x, precision);
    return report;
}

namespace {

// "I=0.0583, ate=0.4464, ...": the word's attention row in one run (its first head).
std::string attention_row(const Experiment& e, arma::uword row, int p) {
    const arma::mat& w = e.trace.heads[0].weights;  // (queries, keys)
    std::vector<std::string> cells;
    for (arma::uword j = 0; j < w.n_cols; ++j)
        cells.push_back(e.key_labels[j] + "=" + report::decimal(w(row, j), p));
    return fmt::format("{}", fmt::join(cells, ", "));
}

// "tech and object": every name whose value equals `value` exactly (a tie is named whole, never
// resolved by the order of the columns).
std::string names_equal_to(const std::vector<std::pair<std::string, double>>& named, double value) {
    std::vector<std::string> tied;
    for (const auto& [name, v] : named)
        if (v == value) tied.push_back(name);
    if (tied.size() == 1) return tied[0];
    const std::string last = tied.back();
    tied.pop_back();
    return fmt::format("{} and {}", fmt::join(tied, ", "), last);
}

// The largest dimension(s) of the word's output in run `i`: "food (0.8679)", "tech and object (0.7192)".
std::string largest_dimension(const FocusComparison& c, size_t i, int p) {
    const arma::rowvec row = c.runs[i].trace.output.row(c.rows[i]);  // (1, d_v)
    const std::vector<std::string>& names = c.runs[i].value_dimensions;
    std::vector<std::pair<std::string, double>> named;
    for (arma::uword j = 0; j < row.n_elem; ++j)
        named.emplace_back(j < names.size() ? names[j] : "d" + std::to_string(j), row(j));
    return names_equal_to(named, row.max()) + " (" + report::decimal(row.max(), p) + ")";
}

// The dimension(s) that moved most toward one sentence: `sign` -1 toward sentence 1, +1 toward 2.
std::string moved_most(const FocusComparison& c, double sign, double& amount) {
    std::vector<std::pair<std::string, double>> named;
    amount = 0;
    for (const DimensionShift& s : c.moved) {
        named.emplace_back(s.dimension, sign * s.change);
        amount = std::max(amount, sign * s.change);
    }
    return amount > 0 ? names_equal_to(named, amount) : "";
}

// Two separate facts, each stated as what it is: the largest dimension of the word's output in each
// sentence ("food (0.8679) in sentence 1"), and, from the table, which dimension each sentence holds
// more of than the other ("Sentence 1 gives it more food (+0.30)"). The first is not implied by the
// second: a sentence can raise tech relative to the other and still leave the word mostly food.
std::string leaning(const FocusComparison& c, int p) {
    std::string out = "Largest dimension of '" + c.word + "':";
    for (size_t i = 0; i < 2 && i < c.runs.size(); ++i)
        out += fmt::format("{} {} in sentence {}", i ? ";" : "", largest_dimension(c, i, p), i + 1);
    out += ".";
    double first_amount = 0, second_amount = 0;
    const std::string more_first = moved_most(c, -1.0, first_amount);
    const std::string more_second = moved_most(c, +1.0, second_amount);
    if (!more_first.empty())
        out += fmt::format(" Sentence 1 gives it more {} than sentence 2 does (+{})", more_first,
                           report::decimal(first_amount, p));
    if (!more_second.empty())
        out += fmt::format("{} more {}{} (+{})",
                           !more_first.empty() ? "; sentence 2 gives it" : " Sentence 2 gives it",
                           more_second, !more_first.empty() ? "" : " than sentence 1 does",
                           report::decimal(second_amount, p));
    return out + ((!more_first.empty() || !more_second.empty()) ? "." : "");
}

}  // namespace

report::Report comparison_report(const FocusComparison& c, const std::vector<std::string>& show,
                                 const std::string& data_dir, int precision) {
    const int p = precision;
    report::Report report{
        "attn run: '" + c.word + "' in " + std::to_string(c.sentences.size()) + " sentences", data_dir, {}};
    const std::vector<std::string> stages =
        show.empty() ? std::vector<std::string>{"weights", "output"} : show;
    for (size_t i = 0; i < c.runs.size(); ++i) {
        report.heading(fmt::format("sentence {}: \"{}\"", i + 1, c.sentences[i]));
        for (Stage& stage : collect_stages(c.runs[i], stages, true))
            report.matrix("sentence" + std::to_string(i + 1) + "." + stage.name, std::move(stage.view));
    }
    // The table and the cosine compare two outputs; with more sentences, say which two.
    const size_t n = c.sentences.size();
    report.heading(
        "'" + c.word + "' in " +
        (n == 2 ? std::string("both sentences") : "sentences 1 and 2 (of " + std::to_string(n) + ")"));
    if (n > 2)
        report.paragraph(
            "The table and the cosine below compare sentences 1 and 2 only. To compare another pair, "
            "give those two: attn run --compare \"" +
            c.sentences[0] + "\" \"" + c.sentences[2] + "\".");
    report.facts("weights", report::Facts{"", {{"weights", c.runs[0].weights_note}}});
    report.paragraph(
        "Its embedding is the same input vector in every sentence (cosine similarity 1). What it attends to "
        "is "
        "not:");
    report::Facts rows{"", {}};
    for (size_t i = 0; i < c.runs.size(); ++i)
        rows.items.push_back({"sentence " + std::to_string(i + 1), attention_row(c.runs[i], c.rows[i], p)});
    report.facts("attention", std::move(rows));
    report.paragraph("So its output, the weighted average of the values, differs (largest change first):");
    report::Table shifts{"", {"dimension", "sentence 1", "sentence 2", "change"}, {}};
    for (const DimensionShift& s : c.moved)
        shifts.rows.push_back(
            {s.dimension, s.first, s.second, (s.change > 0 ? "+" : "") + report::decimal(s.change, p)});
    report.table("shift", std::move(shifts));
    report.paragraph("Cosine similarity of the two outputs: " + report::decimal(c.output_cosine, p) +
                     " (the inputs: 1).");
    report.paragraph(leaning(c, p));
    return report;
}

}  // namespace attn::course
