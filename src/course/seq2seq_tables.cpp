// The tables of an `attn seq2seq` run (positions, hard draws, convergence, cost).
#include <fmt/format.h>

#include "course/seq2seq_views.hpp"

namespace attn::course {

namespace {
// A count, a step or a size as the integer it is: "10", never "10.000" (text cells that read as numbers
// are right-aligned like numbers).
std::string whole(double n) { return fmt::format("{:.0f}", n); }
}  // namespace

report::Table positions_table(const course::Seq2SeqRun& run) {
    report::Table table{"local windows", {"step", "word", "p_t", "first", "last"}, {}};
    for (size_t t = 0; t < run.trace.steps.size(); ++t) {
        const math::StepTrace& s = run.trace.steps[t];
        if (!s.position) return {};
        table.rows.push_back({whole(static_cast<double>(t)), run.target_labels[t], *s.position,
                              whole(static_cast<double>(s.first)), whole(static_cast<double>(s.last))});
    }
    return table;
}

// Several draws per step beside the argmax and its weight: a draw picks position s with probability
// a_t(s), so it misses the argmax with probability 1 − a_t(argmax), and over all draws the argmax's
// share comes close to its weight.
report::Table hard_table(const course::Seq2SeqRun& run) {
    if (!run.hard) return {};
    const arma::umat& draws = run.hard->draws;  // (n_samples, T)
    const arma::uword shown = std::min<arma::uword>(5, draws.n_rows);
    report::Table table{"hard attention: one source position per draw",
                        {"step", "word", "argmax", "weight", "draws 1-" + std::to_string(shown),
                         "argmax in " + std::to_string(draws.n_rows)},
                        {}};
    for (size_t t = 0; t < run.target_labels.size(); ++t) {
        const arma::uword best = run.hard->argmax(t);
        std::string first;
        for (arma::uword i = 0; i < shown; ++i) first += (i ? " " : "") + run.source_labels[draws(i, t)];
        table.rows.push_back({whole(static_cast<double>(t)), run.target_labels[t], run.source_labels[best],
                              run.trace.alignment(t, best), first, run.hard->argmax_share(t)});
    }
    return table;
}

report::Table convergence_table(const course::Seq2SeqRun& run) {
    if (!run.hard) return {};
    report::Table table{"average of N drawn contexts vs the soft context: distance shrinks like 1/sqrt(N)",
                        {"N", "mean distance", "max distance"},
                        {}};
    for (const math::ConvergencePoint& p : run.hard->convergence)
        table.rows.push_back({whole(static_cast<double>(p.n_samples)), p.mean_distance, p.max_distance});
    return table;
}

report::Table cost_table(const course::Seq2SeqRun& run) {
    const std::string d = std::to_string(run.config.window);
    report::Table table{
        "operations per decoder step (" + score_name(run.config.score) + " score, D = " + d + ")",
        {"S", "local positions", "global", "local-m", "local-p", "global / local-p"},
        {}};
    for (const math::CostRow& r : run.cost)
        table.rows.push_back({whole(static_cast<double>(r.n_source)),
                              whole(static_cast<double>(r.local_positions)), whole(r.global),
                              whole(r.local_m), whole(r.local_p), r.global / r.local_p});
    return table;
}

}  // namespace attn::course
