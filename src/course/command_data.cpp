// The documented JSON and CSV of the smaller commands (vocab, weights, similarity, scaling, train), as
// data blocks (docs/commands.md).
#include <fmt/format.h>

#include "course/data_blocks.hpp"

namespace attn::course {

using report::Facts;
using report::number_rows;
using report::numbers;
using report::Value;
using report::words;

namespace {

// {"title", "legend", "rows", "columns", "values"}: one labelled matrix as an object.
void add_labelled_data(report::Report& report, const std::string& path, const report::LabelledMatrix& m) {
    // Rows of numbers, not a matrix block: the CSV has the labelled layout (add_labelled_csv).
    report.data(path, Facts{"",
                            {{"title", m.title},
                             {"legend", m.legend},
                             {"rows", words(m.row_labels)},
                             {"columns", words(m.col_labels)},
                             {"values", number_rows(m.values)}}});
}

// The numbers of a matrix as a table without header: plain CSV lines.
report::Table number_lines(const arma::mat& m) {
    report::Table t;
    for (arma::uword r = 0; r < m.n_rows; ++r) t.rows.emplace_back(m.row(r).begin(), m.row(r).end());
    return t;
}

}  // namespace

// "# TITLE: LEGEND", "# rows: ...", "# columns: ..." and the rows, nothing else: numpy.loadtxt reads it,
// and attn run --x takes it as X.
void add_labelled_csv(report::Report& report, const std::string& name, const report::LabelledMatrix& m) {
    report.csv(name, report::Note{m.title + (m.legend.empty() ? "" : ": " + m.legend)});
    report.csv(name, report::Note{fmt::format("rows: {}", fmt::join(m.row_labels, " "))});
    report.csv(name, report::Note{fmt::format("columns: {}", fmt::join(m.col_labels, " "))});
    report.csv(name, number_lines(m.values));
}

void add_vocab_data(report::Report& report, const VocabTable& v) {
    report.data("", Facts{"",
                          {{"vocabulary", v.path},
                           {"description", v.description},
                           {"dimensions", words(v.dimensions)},
                           {"pad", v.pad_token},
                           {"words", words(v.table.row_labels)},
                           {"embeddings", number_rows(v.table.values)}}});
    add_labelled_csv(report, "embeddings", v.table);
}

void add_weights_data(report::Report& report, const WeightsView& view, const std::vector<size_t>& chosen) {
    report.data("", Facts{"", {{"source", view.source}}});
    for (size_t i : chosen) add_labelled_data(report, view.keys[i], view.matrices[i]);
    // A CSV file holds one matrix (the cli refuses CSV for several).
    add_labelled_csv(report, view.keys[chosen.front()], view.matrices[chosen.front()]);
}

void add_similarity_data(report::Report& report, const Similarity& s) {
    report.data("", Facts{"",
                          {{"space", s.space},
                           {"measure", s.measure},
                           {"inputs", s.inputs_note},
                           {"weights", s.weights_note},
                           {"notes", words(s.notes)}}});
    add_labelled_data(report, "matrix", s.matrix);
    report.csv("matrix", report::Note{"space: " + s.space + ", measure: " + s.measure});
    add_labelled_csv(report, "matrix", s.matrix);
}

void add_scaling_data(report::Report& report, const ScalingReport& r) {
    report.data("", Facts{"",
                          {{"keys", r.request.keys},
                           {"trials", r.request.trials},
                           {"seed", r.request.seed},
                           {"uniform_entropy", r.uniform_entropy},
                           {"results", Value::List{}}}});
    report::Table lines{"",
                        {"d_k", "score_variance", "unscaled_max_weight", "unscaled_entropy",
                         "scaled_max_weight", "scaled_entropy", "uniform_entropy"},
                        {}};
    for (size_t i = 0; i < r.rows.size(); ++i) {
        const math::ScalingMeasurement& m = r.rows[i];
        const std::string at = "results." + std::to_string(i);
        report.data(at, Facts{"", {{"d_k", m.d_k}, {"score_variance", m.score_variance}}});
        for (const auto& [name, s] : {std::pair{"unscaled", m.unscaled}, std::pair{"scaled", m.scaled}})
            report.data(at + "." + name, Facts{"",
                                               {{"mean_max_weight", s.mean_max_weight},
                                                {"mean_entropy", s.mean_entropy},
                                                {"entropy_fraction", s.entropy_fraction}}});
        lines.rows.push_back({static_cast<double>(m.d_k), m.score_variance, m.unscaled.mean_max_weight,
                              m.unscaled.mean_entropy, m.scaled.mean_max_weight, m.scaled.mean_entropy,
                              r.uniform_entropy});
    }
    report.csv("results", std::move(lines));
}

namespace {

Facts accuracy_facts(const math::Accuracy& a) {
    return Facts{"", {{"correct", a.correct}, {"total", a.total}, {"fraction", a.fraction()}}};
}

void add_probe_data(report::Report& report, const TrainReport& r) {
    report.data("probe", Facts{"",
                               {{"sentence", r.probe.text},
                                {"tokens", words(r.probe.tokens)},
                                {"snapshots", Value::List{}},
                                {"predictions", Value::List{}}}});
    for (size_t i = 0; i < r.snapshots.size(); ++i) {
        const std::string at = "probe.snapshots." + std::to_string(i);
        report.data(at, Facts{"", {{"epoch", r.snapshots[i].epoch}, {"loss", r.snapshots[i].loss}}});
        report.data(at + ".weights", r.snapshots[i].weights);
    }
    for (size_t i = 0; i < r.probe_predictions.size(); ++i) {
        const Prediction& p = r.probe_predictions[i];
        report.data("probe.predictions." + std::to_string(i),
                    Facts{"", {{"token", p.token}, {"class", p.predicted}, {"probability", p.probability}}});
    }
}

}  // namespace

void add_train_data(report::Report& report, const TrainReport& r) {
    const auto& s = r.plan.settings;
    report.data("task", Facts{"",
                              {{"name", r.task.name},
                               {"path", r.task.path},
                               {"vocab", r.task.vocab.path},
                               {"classes", words(r.task.classes)}}});
    report.data("settings", Facts{"",
                                  {{"optimizer", r.plan.optimizer},
                                   {"learning_rate", s.optimizer.learning_rate},
                                   {"epochs", s.epochs},
                                   {"batch", s.batch_size},
                                   {"seed", s.seed},
                                   {"d_model", r.task.vocab.dimensions.size()},
                                   {"d_k", r.plan.d_k},
                                   {"d_v", r.plan.d_v}}});
    report.data(
        "", Facts{"", {{"loss", numbers(r.result.losses)}, {"test_loss", numbers(r.result.test_losses)}}});
    report.data("accuracy.train", accuracy_facts(r.train_accuracy));
    if (r.test_accuracy.total > 0) report.data("accuracy.test", accuracy_facts(r.test_accuracy));
    add_probe_data(report, r);
    const math::TinyAttention& w = r.result.model;
    report.data("weights.w_q", w.wq);
    report.data("weights.w_k", w.wk);
    report.data("weights.w_v", w.wv);
    report.data("weights.readout", w.w_out);
    report.data("weights.readout_bias", arma::mat(w.b_out));
}

}  // namespace attn::course
