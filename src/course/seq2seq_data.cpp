// attn seq2seq's documented JSON and CSV (docs/commands.md) as data blocks.
#include <cmath>

#include "course/data_blocks.hpp"
#include "course/seq2seq_views.hpp"

namespace attn::course {

using report::Facts;
using report::numbers;
using report::Value;
using report::words;

namespace {

Value optional_numbers(const std::optional<arma::rowvec>& row) { return row ? numbers(*row) : Value(); }

// The soft step (global, local-m, local-p); hard attention adds the draw and keeps the soft as soft_*.
Facts step_facts(const Seq2SeqRun& run, arma::uword t) {
    const math::StepTrace& s = run.trace.steps[t];
    Facts f{"",
            {{"step", t},
             {"word", run.target_labels[t]},
             {"window", report::counts(std::vector<arma::uword>{s.first, s.last})},
             {"scores", numbers(s.scores)},
             {"weights", numbers(s.weights)},
             {"context", numbers(s.context)},
             {"attentional", optional_numbers(s.attentional)}}};
    if (s.position) f.items.push_back({"p", *s.position});
    if (s.gaussian)
        f.items.insert(f.items.end(), {{"content", numbers(s.content)}, {"gaussian", numbers(*s.gaussian)}});
    return f;
}

void add_hard_step(Facts& f, const Seq2SeqRun& run, arma::uword t) {
    const HardAttention& h = *run.hard;
    for (const char* soft : {"weights", "context", "attentional"})
        for (auto& item : f.items)
            if (item.first == soft) item.first = std::string("soft_") + soft;
    f.items.insert(
        f.items.end(),
        {{"argmax", h.argmax(t)},
         {"sample", h.draws(0, t)},
         // how often all the draws picked the argmax (close to its soft weight when there are many)
         {"argmax_share", h.argmax_share(t)},
         {"weights", numbers(h.alignment.row(t))},
         {"context", numbers(h.contexts.row(t))},
         {"attentional", h.attentional ? numbers(h.attentional->row(t)) : Value()}});
}

// An operation count is a whole number: 330, not 330.0 (a double holds counts exactly up to 2^53).
Value count_value(double count) {
    if (count == std::floor(count) && std::fabs(count) < 9e15) return static_cast<long long>(count);
    return count;
}

void add_cost_data(report::Report& report, const Seq2SeqRun& run) {
    const math::CostDims& d = run.dims;
    report.data("cost", Facts{"", {{"window", run.config.window}, {"rows", Value::List{}}}});
    report.data("cost.dims", Facts{"", {{"d_t", d.d_t}, {"d_s", d.d_s}, {"d_a", d.d_a}, {"d_p", d.d_p}}});
    for (size_t i = 0; i < run.cost.size(); ++i) {
        const math::CostRow& r = run.cost[i];
        report.data("cost.rows." + std::to_string(i), Facts{"",
                                                            {{"S", r.n_source},
                                                             {"local_positions", r.local_positions},
                                                             {"global", count_value(r.global)},
                                                             {"local_m", count_value(r.local_m)},
                                                             {"local_p", count_value(r.local_p)}}});
    }
}

void add_hard_data(report::Report& report, const Seq2SeqRun& run) {
    report.data("hard", Facts{"", {{"samples", run.hard->draws.n_rows}, {"convergence", Value::List{}}}});
    for (size_t i = 0; i < run.hard->convergence.size(); ++i) {
        const math::ConvergencePoint& p = run.hard->convergence[i];
        report.data("hard.convergence." + std::to_string(i), Facts{"",
                                                                   {{"n_samples", p.n_samples},
                                                                    {"mean_distance", p.mean_distance},
                                                                    {"max_distance", p.max_distance}}});
    }
}

// The CSV's tables after the stages, each only when it has rows.
void add_csv_tables(report::Report& report, const Seq2SeqRun& run) {
    const std::pair<const char*, report::Table> tables[] = {{"windows", positions_table(run)},
                                                            {"hard", hard_table(run)},
                                                            {"convergence", convergence_table(run)},
                                                            {"cost", cost_table(run)}};
    for (const auto& [name, table] : tables) {
        if (table.rows.empty()) continue;
        report::Table titled = table;
        titled.title = name;
        report.csv(name, std::move(titled));
    }
}

}  // namespace

void add_seq2seq_data(report::Report& report, const Seq2SeqRun& run) {
    report.data("", Facts{"",
                          {{"source", words(run.source_labels)},
                           {"target", words(run.target_labels)},
                           {"score", score_name(run.config.score)},
                           {"attention", attention_name(run.config.attention)},
                           {"window", run.config.window},
                           {"query", run.query_note},
                           {"inputs", run.inputs_note},
                           {"weights", run.weights_note},
                           {"steps", Value::List{}}}});
    report.data("units", Facts{"",
                               {{"encoder", words(run.encoder_units)},
                                {"decoder", words(run.decoder_units)},
                                {"attentional", words(run.attentional_units)}}});
    for (arma::uword t = 0; t < run.trace.steps.size(); ++t) {
        Facts step = step_facts(run, t);
        if (run.hard) add_hard_step(step, run, t);
        report.data("steps." + std::to_string(t), std::move(step));
    }
    report.data("stages", Facts{});
    for (Seq2SeqStage& stage : seq2seq_stages(run, false)) {
        stage.view.title = stage.name;  // the CSV block's name
        report.data("stages." + stage.name, std::move(stage.view));
    }
    if (run.hard) add_hard_data(report, run);
    add_cost_data(report, run);
    add_csv_tables(report, run);
}

void add_seq2seq_explain_data(report::Report& report, const Seq2SeqRun& run,
                              const Seq2SeqStepDetail& detail) {
    const arma::uword t = detail.step;
    const math::StepTrace& s = run.trace.steps.at(t);
    report.data("explain", Facts{"",
                                 {{"step", t},
                                  {"word", run.target_labels[t]},
                                  {"query", numbers(run.queries.row(t))},
                                  {"window", report::counts(std::vector<arma::uword>{s.first, s.last})},
                                  {"p", s.position ? Value(*s.position) : Value()},
                                  {"positions", Value::List{}},
                                  {"context", numbers(s.context)},
                                  {"attentional", optional_numbers(s.attentional)}}});
    for (arma::uword k = s.first; k <= s.last; ++k) {
        const math::ScoreDetail& d = detail.scores[k - s.first];
        Facts one{"", {{"s", k}, {"word", run.source_labels[k]}, {"score", d.score}}};
        if (d.products.n_elem) one.items.push_back({"terms", numbers(d.products)});
        if (d.pre.n_elem)
            one.items.insert(one.items.end(), {{"pre", numbers(d.pre)}, {"activated", numbers(d.activated)}});
        one.items.insert(one.items.end(), {{"exp", detail.exps[k - s.first]}, {"content", s.content(k)}});
        if (s.gaussian) one.items.push_back({"gaussian", (*s.gaussian)(k)});
        one.items.push_back({"weight", s.weights(k)});
        report.data("explain.positions." + std::to_string(k - s.first), std::move(one));
    }
}

}  // namespace attn::course
