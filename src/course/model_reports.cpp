// The reports of attn transformer and attn seq2seq: every chosen stage as a labelled matrix, with the
// tables of local, hard attention and cost.
#include <fmt/format.h>

#include <algorithm>

#include "course/explain.hpp"
#include "course/reports.hpp"
#include "course/seq2seq_views.hpp"
#include "course/transformer_stages.hpp"

namespace attn::course {

namespace {

// "post-norm (as in the 2017 paper), 2 heads of d_k = 3, d_ff = 12, relu, sinusoidal positions added".
std::string block_summary(const TransformerRun& run) {
    const bool post = run.config.norm == math::NormPlacement::post;
    const arma::uword heads = run.trace.attention.heads.size();
    const arma::uword d_k = run.trace.attention.heads.at(0).q.n_cols;
    return fmt::format("{}, {} head{} of d_k = {}, d_ff = {}, {}, {}",
                       post ? "post-norm (as in the 2017 paper)" : "pre-norm (as in GPT-2)", heads,
                       heads == 1 ? "" : "s", d_k, run.d_ff, run.activation_name,
                       run.positions ? "sinusoidal positions added"
                                     : "no positions (word order is invisible; add --positional)");
}

// The block on the tokens reordered, and what the difference says about word order.
void permutation_blocks(report::Report& report, const TransformerRun& run) {
    const PermutationCheck& p = *run.permutation;
    report.heading(
        fmt::format("Reordered: {} (order {})", fmt::join(p.tokens, " "), fmt::join(p.order, ",")));
    for (Stage& stage : permutation_stages(run, true)) report.matrix(stage.name, std::move(stage.view));
    const char* meaning = p.max_abs_difference < 1e-12
                              ? "the same rows, only reordered. Without positions, attention cannot see word "
                                "order."
                              : "the outputs changed, not just their order: the positional encodings tell "
                                "the block where each word stands.";
    report.paragraph(fmt::format("Largest |difference| = {:.3g}: {}", p.max_abs_difference, meaning));
}

}  // namespace

report::Report transformer_report(const TransformerRun& run, const std::vector<std::string>& show,
                                  const std::string& data_dir, const std::vector<HeadExplanation>& explained,
                                  int precision) {
    report::Report report{"attn transformer: " + fmt::format("{}", fmt::join(run.tokens, " ")), data_dir, {}};
    report.facts(
        "inputs",
        report::Facts{
            "", {{"inputs", run.inputs_note}, {"weights", run.weights_note}, {"block", block_summary(run)}}});
    for (Stage& stage : transformer_stages(run, show, true)) report.matrix(stage.name, std::move(stage.view));
    if (run.permutation) permutation_blocks(report, run);
    if (run.decoder) {
        report.heading("Decoder sketch: \"" + fmt::format("{}", fmt::join(run.decoder->tokens, " ")) + "\"");
        report.paragraph(
            "Random weights: masked self-attention, a residual, then cross-attention over the "
            "block's output.");
        for (Stage& stage : decoder_stages(run, true)) report.matrix(stage.name, std::move(stage.view));
    }
    if (explained.empty()) return report;
    const Experiment attention = attention_experiment(run);
    for (const HeadExplanation& x : explained) add_explanation(report, attention, x, precision);
    return report;
}

namespace {

report::Facts seq2seq_facts(const Seq2SeqRun& run) {
    const math::Seq2SeqConfig& c = run.config;
    report::Facts facts{"", {{"inputs", run.inputs_note}}};
    if (!run.weights_note.empty()) facts.items.push_back({"weights", run.weights_note});
    std::string how = attention_name(c.attention) + " attention, " + score_name(c.score) + " score";
    if (c.attention == math::AttentionKind::local_m || c.attention == math::AttentionKind::local_p)
        how += ", window D = " + std::to_string(c.window);
    facts.items.push_back({"attention", how});
    facts.items.push_back({"query", run.query_note});
    if (!c.wc) facts.items.push_back({"W_c", "none (--wc): attentional states are not computed"});
    return facts;
}

// How the cost table counts, and what it shows.
std::string cost_note(const Seq2SeqRun& run) {
    const math::CostDims& d = run.dims;
    return fmt::format(
        "Counting 1 per multiply-add, exp, tanh or division; nothing cached across steps; "
        "d_t = {}, d_s = {}{}, d_p = {}. Global attention grows with S at every step; local "
        "attention stops growing once S > 2D + 1.",
        d.d_t, d.d_s, d.d_a ? fmt::format(", d_a = {}", d.d_a) : "", d.d_p);
}

}  // namespace

report::Report seq2seq_report(const Seq2SeqRun& run, const std::vector<std::string>& show,
                              const std::string& data_dir, const std::optional<Seq2SeqStepDetail>& explained,
                              int precision) {
    report::Report report{"attn seq2seq: " + attention_name(run.config.attention) + " attention, " +
                              score_name(run.config.score) + " score",
                          data_dir,
                          {}};
    report.facts("inputs", seq2seq_facts(run));
    const std::vector<Seq2SeqStage> stages = seq2seq_stages(run, true);
    auto wanted = [&](const std::string& s) {
        return show.empty() || std::find(show.begin(), show.end(), s) != show.end();
    };
    for (const std::string& section : seq2seq_sections()) {
        if (!wanted(section)) continue;
        for (const Seq2SeqStage& stage : stages)
            if (stage.section == section) report.matrix(stage.name, stage.view);
        if (section == "local" && !positions_table(run).rows.empty())
            report.table("windows", positions_table(run));
        if (section == "hard" && run.hard)
            report.table("hard", hard_table(run)), report.table("convergence", convergence_table(run));
        if (section == "cost") report.table("cost", cost_table(run)), report.paragraph(cost_note(run));
    }
    if (explained) add_seq2seq_explanation(report, run, *explained, precision);
    return report;
}

}  // namespace attn::course
