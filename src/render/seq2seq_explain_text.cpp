// `attn seq2seq --explain STEP` as text: one decoder step recomputed in front of the learner.
#include <fmt/format.h>

#include "render/matrix_text.hpp"
#include "render/seq2seq_text.hpp"
#include "render/views.hpp"

namespace attn::render {

namespace {

std::string vec_text(const arma::rowvec& v, int p) {
    std::string out = "(";
    for (arma::uword i = 0; i < v.n_elem; ++i) out += (i ? ", " : "") + format_number(v(i), p);
    return out + ")";
}

// "a·b + c·d" over the terms where both factors are non-zero: zeros add nothing.
std::string products_text(const math::ScoreDetail& d, int p, const std::string& dot) {
    std::string out;
    for (arma::uword i = 0; i < d.products.n_elem; ++i)
        if (d.left(i) != 0.0 && d.right(i) != 0.0)
            out += (out.empty() ? "" : " + ") + format_number(d.left(i), p) + dot + format_number(d.right(i), p);
    return out.empty() ? "0 (no dimension is non-zero in both)" : out;
}

std::string score_lines(const course::Seq2SeqRun& run, const course::Seq2SeqStepDetail& detail, const math::StepTrace& s,
                        const Style& style) {
    const int p = style.precision;
    const std::string dot = style.unicode ? "·" : "*";
    const math::ScoreKind kind = run.config.score;
    std::string out;
    if (kind == math::ScoreKind::general) {
        const math::ScoreDetail& first = detail.scores.front();
        out += "   q = query" + dot + "W_a = " + vec_text(first.left, p) + ", then q" + dot + (style.unicode ? "h̄_s" : "hbar_s") + ":\n";
    }
    for (arma::uword j = s.first; j <= s.last; ++j) {
        const math::ScoreDetail& d = detail.scores[j - s.first];
        const std::string who = fmt::format("     s={} {:<8}", j, run.source_labels[j]);
        if (kind == math::ScoreKind::dot || kind == math::ScoreKind::general)
            out += who + products_text(d, p, dot) + " = " + format_number(d.score, p) + "\n";
        else
            out += who + "v_a" + dot + "tanh" + vec_text(d.pre, p) + " = v_a" + dot + vec_text(d.activated, p) + " = " +
                   format_number(d.score, p) + "\n";
    }
    return out;
}

std::string where_lines(const course::Seq2SeqRun& run, const course::Seq2SeqStepDetail& detail, const math::StepTrace& s,
                        int p) {
    const std::string d = std::to_string(run.config.window), n = std::to_string(run.encoder.n_rows);
    std::string out = "1. where to look: ";
    if (run.config.attention == math::AttentionKind::local_m) out += "local-m sets p_t = t = " + format_number(*s.position, p);
    if (run.config.attention == math::AttentionKind::local_p) {
        const double z = detail.position_logit.value_or(0.0);
        out += "p_t = S*sigmoid(v_p . tanh(W_p h_t)) = " + n + " * sigmoid(" + format_number(z, p) + ") = " + format_number(*s.position, p);
    }
    if (s.position) return out + "\n   window: positions p_t - " + d + " .. p_t + " + d + " inside 0.." + std::to_string(run.encoder.n_rows - 1) +
                           " = " + std::to_string(s.first) + ".." + std::to_string(s.last) + "\n";
    return out + "every source position, 0.." + std::to_string(run.encoder.n_rows - 1) + "\n";
}

std::string softmax_lines(const course::Seq2SeqRun& run, const course::Seq2SeqStepDetail& detail, const math::StepTrace& s,
                          int p) {
    const double top = detail.top;
    const std::string shift = top < 0 ? "score + " + format_number(-top, p) : "score - " + format_number(top, p);
    std::string out = "3. softmax over the window: exp(" + shift + ") for each (the largest score is subtracted only so that\n"
                      "   exp cannot overflow), divided by their sum\n";
    for (arma::uword j = s.first; j <= s.last; ++j) {
        out += fmt::format("     s={} {:<8} exp = {}  weight = {}", j, run.source_labels[j], format_number(detail.exps[j - s.first], p),
                           format_number(s.content(j), p));
        if (s.gaussian)
            out += fmt::format("  x gaussian {} = {}", format_number((*s.gaussian)(j), p), format_number(s.weights(j), p));
        out += "\n";
    }
    if (s.gaussian) out += "   local-p keeps these products as they are: they sum to " + format_number(detail.weight_sum, p) + ", not 1\n";
    return out;
}

}  // namespace

std::string seq2seq_explain_text(const course::Seq2SeqRun& run, const course::Seq2SeqStepDetail& detail, const Style& style) {
    const int p = style.precision;
    const arma::uword t = detail.step;
    const math::StepTrace& s = run.trace.steps.at(t);
    std::string out = bold(style, fmt::format("Step {}: producing '{}' ({} attention, {} score)", t, run.target_labels[t],
                                              attention_name(run.config.attention), score_name(run.config.score))) + "\n";
    out += "   query = " + vec_text(run.queries.row(t), p) + "\n";
    out += where_lines(run, detail, s, p);
    out += "2. scores, position by position:\n" + score_lines(run, detail, s, style);
    out += softmax_lines(run, detail, s, p);
    const std::string hbar = style.unicode ? "h̄" : "hbar";
    out += "4. context c_t = sum of weight x " + hbar + "_s:\n";
    for (arma::uword j = s.first; j <= s.last; ++j)
        out += fmt::format("     {} x {}\n", format_number(s.weights(j), p), vec_text(run.encoder.row(j), p));
    out += "   = " + vec_text(s.context, p) + "\n";
    if (s.attentional) out += "5. attentional state tanh(W_c [c_t; h_t]) = " + vec_text(*s.attentional, p) + "\n";
    if (run.hard)
        out += fmt::format("hard attention: argmax picks s={} '{}', the seeded draw s={} '{}', whose " + hbar + " replaces c_t\n", run.hard->argmax(t),
                           run.source_labels[run.hard->argmax(t)], run.hard->draws(0, t), run.source_labels[run.hard->draws(0, t)]);
    return out;
}

}  // namespace attn::render
