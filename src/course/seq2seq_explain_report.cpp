// `attn seq2seq --explain STEP` as report blocks: one decoder step recomputed in front of the learner.
// Every number comes from explain_seq2seq_step and the run's trace; the writers only lay it out.
#include <fmt/format.h>

#include "course/explain.hpp"
#include "course/quiz_report.hpp"  // markdown_literal
#include "course/seq2seq_views.hpp"

namespace attn::course {
namespace {

std::string vec_text(const arma::rowvec& v, int p) {
    std::string out = "(";
    for (arma::uword i = 0; i < v.n_elem; ++i) out += (i ? ", " : "") + report::decimal(v(i), p);
    return out + ")";
}

// "a·b + c·d" over the terms where both factors are non-zero: zeros add nothing.
std::string products_text(const math::ScoreDetail& d, int p) {
    std::string out;
    for (arma::uword i = 0; i < d.products.n_elem; ++i)
        if (d.left(i) != 0.0 && d.right(i) != 0.0)
            out += (out.empty() ? "" : " + ") + report::decimal(d.left(i), p) + "·" +
                   report::decimal(d.right(i), p);
    return out.empty() ? "0 (no dimension is non-zero in both)" : out;
}

void where_blocks(report::Report& report, const Seq2SeqRun& run, const Seq2SeqStepDetail& detail,
                  const math::StepTrace& s, int p) {
    const std::string last = std::to_string(run.encoder.n_rows - 1);
    std::string out = "(1) Where to look: ";
    if (run.config.attention == math::AttentionKind::local_m)
        out += "local-m sets p_t = t = " + report::decimal(*s.position, p);
    if (run.config.attention == math::AttentionKind::local_p)
        out += "p_t = S · sigmoid(v_p · tanh(W_p h_t)) = " + std::to_string(run.encoder.n_rows) +
               " · sigmoid(" + report::decimal(detail.position_logit.value_or(0.0), p) +
               ") = " + report::decimal(*s.position, p);
    const std::string d = std::to_string(run.config.window);
    if (s.position)
        out += fmt::format("; the window, positions p_t - {} .. p_t + {} inside 0..{}, is {}..{}.", d, d,
                           last, s.first, s.last);
    else
        out += "every source position, 0.." + last + ".";
    report.paragraph(out);
}

void score_blocks(report::Report& report, const Seq2SeqRun& run, const Seq2SeqStepDetail& detail,
                  const math::StepTrace& s, int p) {
    const math::ScoreKind kind = run.config.score;
    const bool products = kind == math::ScoreKind::dot || kind == math::ScoreKind::general;
    std::string intro = "(2) Scores, position by position";
    if (kind == math::ScoreKind::general)
        intro += ": q = query·W_a = " + vec_text(detail.scores.front().left, p) + ", then q·h̄_s";
    report.paragraph(intro + ":");
    report::Table t{"", {"s", "source", products ? "products" : "v_a · tanh(pre)", "score"}, {}};
    for (arma::uword j = s.first; j <= s.last; ++j) {
        const math::ScoreDetail& d = detail.scores[j - s.first];
        const std::string how = products
                                    ? products_text(d, p)
                                    : "v_a·tanh" + vec_text(d.pre, p) + " = v_a·" + vec_text(d.activated, p);
        t.rows.push_back({std::to_string(j), run.source_labels[j], how, d.score});
    }
    report.table("explain.scores", std::move(t));
}

void softmax_blocks(report::Report& report, const Seq2SeqRun& run, const Seq2SeqStepDetail& detail,
                    const math::StepTrace& s, int p) {
    const std::string shift = detail.top < 0 ? "score + " + report::decimal(-detail.top, p)
                                             : "score - " + report::decimal(detail.top, p);
    report.paragraph("(3) Softmax over the window: exp(" + shift +
                     ") for each (the largest score is "
                     "subtracted only so that exp cannot overflow), divided by their sum:");
    report::Table t{"", {"s", "source", "exp", "weight"}, {}};
    if (s.gaussian) t.header.insert(t.header.end(), {"× gaussian", "weight"});
    for (arma::uword j = s.first; j <= s.last; ++j) {
        t.rows.push_back({std::to_string(j), run.source_labels[j], detail.exps[j - s.first], s.content(j)});
        if (s.gaussian) t.rows.back().insert(t.rows.back().end(), {(*s.gaussian)(j), s.weights(j)});
    }
    report.table("explain.softmax", std::move(t));
    if (s.gaussian)
        report.paragraph("Local-p keeps these products as they are: they sum to " +
                         report::decimal(detail.weight_sum, p) + ", not 1.");
}

// The weighted sum as a list, one source position a line: its vector is too wide for a table's column.
void context_blocks(report::Report& report, const Seq2SeqRun& run, const math::StepTrace& s, int p) {
    std::string sum = "(4) The context c_t = Σ weight × h̄_s:\n\n";
    for (arma::uword j = s.first; j <= s.last; ++j)
        sum += fmt::format("- s={} {}: {} × {}\n", j, markdown_literal(run.source_labels[j]),
                           report::decimal(s.weights(j), p), vec_text(run.encoder.row(j), p));
    report.paragraph(sum);
    report.paragraph("c_t = " + vec_text(s.context, p) + ".");
}

}  // namespace

void add_seq2seq_explanation(report::Report& report, const Seq2SeqRun& run, const Seq2SeqStepDetail& detail,
                             int precision) {
    const int p = precision;
    const arma::uword t = detail.step;
    const math::StepTrace& s = run.trace.steps.at(t);
    report.heading(fmt::format("Step {}: producing '{}' ({} attention, {} score)", t, run.target_labels[t],
                               attention_name(run.config.attention), score_name(run.config.score)),
                   2);
    report.paragraph("The query of this step: " + vec_text(run.queries.row(t), p) + ".");
    where_blocks(report, run, detail, s, p);
    score_blocks(report, run, detail, s, p);
    softmax_blocks(report, run, detail, s, p);
    context_blocks(report, run, s, p);
    if (s.attentional)
        report.paragraph("(5) The attentional state tanh(W_c [c_t; h_t]) = " + vec_text(*s.attentional, p) +
                         ".");
    if (run.hard) {
        const arma::uword top = run.hard->argmax(t), drawn = run.hard->draws(0, t);
        report.paragraph(
            fmt::format("Hard attention: argmax picks s={} '{}'; the seeded draw, s={} '{}', is "
                        "the position whose h̄_s replaces c_t.",
                        top, run.source_labels[top], drawn, run.source_labels[drawn]));
    }
}

}  // namespace attn::course
