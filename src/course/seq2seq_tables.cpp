// The tables of an `attn seq2seq` run (positions, hard draws, convergence, cost).
#include "course/seq2seq_views.hpp"

namespace attn::course {

course::Table positions_table(const course::Seq2SeqRun& run) {
    course::Table table{"local windows", {"step", "word", "p_t", "first", "last"}, {}};
    for (size_t t = 0; t < run.trace.steps.size(); ++t) {
        const math::StepTrace& s = run.trace.steps[t];
        if (!s.position) return {};
        table.rows.push_back({static_cast<double>(t), run.target_labels[t], *s.position, static_cast<double>(s.first),
                              static_cast<double>(s.last)});
    }
    return table;
}

course::Table hard_table(const course::Seq2SeqRun& run) {
    if (!run.hard) return {};
    course::Table table{"hard attention: one source position per step", {"step", "word", "argmax", "drawn", "weight of drawn"}, {}};
    for (size_t t = 0; t < run.target_labels.size(); ++t) {
        const arma::uword drawn = run.hard->draws(0, t);
        table.rows.push_back({static_cast<double>(t), run.target_labels[t], run.source_labels[run.hard->argmax(t)],
                              run.source_labels[drawn], run.trace.alignment(t, drawn)});
    }
    return table;
}

course::Table convergence_table(const course::Seq2SeqRun& run) {
    if (!run.hard) return {};
    course::Table table{"average of N drawn contexts vs the soft context: distance shrinks like 1/sqrt(N)",
                        {"N", "mean distance", "max distance"}, {}};
    for (const math::ConvergencePoint& p : run.hard->convergence)
        table.rows.push_back({static_cast<double>(p.n_samples), p.mean_distance, p.max_distance});
    return table;
}

course::Table cost_table(const course::Seq2SeqRun& run) {
    const std::string d = std::to_string(run.config.window);
    course::Table table{"operations per decoder step (" + score_name(run.config.score) + " score, D = " + d + ")",
                        {"S", "local positions", "global", "local-m", "local-p", "global / local-p"}, {}};
    for (const math::CostRow& r : run.cost)
        table.rows.push_back({static_cast<double>(r.n_source), static_cast<double>(r.local_positions), r.global, r.local_m,
                              r.local_p, r.global / r.local_p});
    return table;
}

}  // namespace attn::course
