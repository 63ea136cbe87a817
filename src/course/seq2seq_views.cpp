#include "course/seq2seq_views.hpp"

#include <algorithm>

#include "course/labels.hpp"
#include "course/stages.hpp"
#include "inputs/input_error.hpp"

namespace attn::course {

namespace {

using report::LabelledMatrix;
using report::Shading;

// "le" at step 1 is labelled "1 le", so repeated words stay apart.
std::vector<std::string> step_labels(const course::Seq2SeqRun& run) {
    std::vector<std::string> labels;
    for (size_t t = 0; t < run.target_labels.size(); ++t)
        labels.push_back(std::to_string(t) + " " + run.target_labels[t]);
    return labels;
}

std::vector<std::string> or_numbered(const std::vector<std::string>& names, arma::uword n) {
    return names.size() == n ? names : numbered_labels("d", n);
}

arma::mat stack(const course::Seq2SeqRun& run, bool gaussian) {
    arma::mat m(run.trace.steps.size(), run.encoder.n_rows);
    for (size_t t = 0; t < run.trace.steps.size(); ++t)
        m.row(t) = gaussian ? *run.trace.steps[t].gaussian : run.trace.steps[t].content;
    return m;
}

}  // namespace

const std::vector<std::string>& seq2seq_sections() {
    static const std::vector<std::string> names = {"inputs",   "scores",      "local", "alignment",
                                                   "contexts", "attentional", "hard",  "cost"};
    return names;
}

void check_seq2seq_sections(const std::vector<std::string>& names) {
    check_show(names, seq2seq_sections(), "section");
}

std::string attention_name(math::AttentionKind kind) {
    static const char* names[] = {"global", "local-m", "local-p", "hard"};
    return names[static_cast<int>(kind)];
}

std::string score_name(math::ScoreKind kind) {
    static const char* names[] = {"dot", "general", "concat", "additive"};
    return names[static_cast<int>(kind)];
}

std::vector<Seq2SeqStage> seq2seq_stages(const course::Seq2SeqRun& run, bool unicode) {
    const std::string hbar = unicode ? "h̄_s" : "hbar_s", sum = unicode ? "Σ_s" : "sum_s",
                      minf = unicode ? "−∞" : "-inf";
    const auto steps = step_labels(run);
    const auto& src = run.source_labels;
    const auto enc_units = or_numbered(run.encoder_units, run.encoder.n_cols);
    const auto dec_units = or_numbered(run.decoder_units, run.queries.n_cols);
    std::vector<Seq2SeqStage> out;
    auto add = [&](const std::string& section, const std::string& name, const std::string& legend,
                   const arma::mat& m, const std::vector<std::string>& rows,
                   const std::vector<std::string>& cols, report::Shading shading) {
        out.push_back({section, name, report::LabelledMatrix{name, legend, m, rows, cols, shading}});
    };
    add("inputs", "encoder", "encoder states " + hbar + ", one row per source word", run.encoder, src,
        enc_units, report::Shading::diverging);
    add("inputs", "queries", "the query of each step: " + run.query_note, run.queries, steps, dec_units,
        report::Shading::diverging);
    const bool local = run.config.attention == math::AttentionKind::local_m ||
                       run.config.attention == math::AttentionKind::local_p;
    add("scores", "scores",
        "score(query, " + hbar + ")" + (local ? "; " + minf + " outside the window (never computed)" : ""),
        arma::mat(run.trace.alignment.n_rows, run.trace.alignment.n_cols), steps, src,
        report::Shading::diverging);
    for (size_t t = 0; t < run.trace.steps.size(); ++t)
        out.back().view.values.row(t) = run.trace.steps[t].scores;
    if (run.config.attention == math::AttentionKind::local_p) {
        add("local", "content", "softmax of the scores over the window, 0 outside", stack(run, false), steps,
            src, report::Shading::unit);
        add("local", "gaussian", "exp(-(s - p_t)^2 / (2 sigma^2)), sigma = D/2, 0 outside the window",
            stack(run, true), steps, src, report::Shading::unit);
    }
    const bool hard = run.hard.has_value();
    add("alignment", hard ? "soft_alignment" : "alignment",
        std::string(run.config.attention == math::AttentionKind::local_p
                        ? "content x gaussian (not renormalised); "
                        : "") +
            "rows = target steps, columns = source words",
        run.trace.alignment, steps, src, report::Shading::unit);
    if (hard)
        add("hard", "alignment", "hard attention: the position drawn at each step (seeded)",
            run.hard->alignment, steps, src, report::Shading::unit);
    add("contexts", hard ? "soft_contexts" : "contexts", "c_t = " + sum + " a_t(s) " + hbar,
        run.trace.contexts, steps, enc_units, report::Shading::diverging);
    if (hard)
        add("hard", "contexts", "hard attention: the " + hbar + " of the drawn position", run.hard->contexts,
            steps, enc_units, report::Shading::diverging);
    const auto out_units = or_numbered(run.attentional_units, run.config.wc ? run.config.wc->n_rows : 0);
    if (run.trace.attentional)
        add("attentional", hard ? "soft_attentional" : "attentional", "tanh(W_c [c_t; h_t])",
            *run.trace.attentional, steps, out_units, report::Shading::diverging);
    if (hard && run.hard->attentional)
        add("hard", "attentional",
            "tanh(W_c [" + (unicode ? std::string("h̄") : std::string("hbar")) + "_drawn; h_t])",
            *run.hard->attentional, steps, out_units, report::Shading::diverging);
    return out;
}

}  // namespace attn::course
