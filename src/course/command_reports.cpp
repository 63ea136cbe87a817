// The reports of the smaller commands: vocab, similarity, scaling, softmax and train (bench has
// bench_report.cpp). Each one holds every number its screen shows, already computed.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "course/data_blocks.hpp"
#include "course/reports.hpp"

namespace attn::course {

report::Report vocab_report(const VocabTable& t, const std::string& data_dir) {
    report::Report report{"attn vocab: " + t.path, data_dir, {}};
    add_vocab_data(report, t);
    report::Facts file{"", {{"vocabulary", t.path}}};
    if (!t.description.empty()) file.items.push_back({"about", t.description});
    if (!t.pad_token.empty()) file.items.push_back({"padding token", t.pad_token});
    std::string dimensions;
    for (size_t i = 0; i < t.dimensions.size(); ++i)
        dimensions += fmt::format("{}{}={}", i ? " " : "", i, t.dimensions[i]);
    file.items.push_back({fmt::format("dimensions (d_model = {})", t.dimensions.size()), dimensions});
    report.facts("vocabulary", std::move(file));
    report.matrix("embeddings", t.table);
    report.paragraph("Each row is one word's embedding. To change them, edit `" + t.path + "`.");
    return report;
}

report::Report weights_report(const WeightsView& view, const std::vector<size_t>& chosen,
                              const std::string& data_dir) {
    report::Report report{"attn weights: " + view.source, data_dir, {}};
    add_weights_data(report, view, chosen);
    report.facts("source", report::Facts{"", {{"weights", view.source}}});
    for (size_t i : chosen) report.matrix(view.keys[i], view.matrices[i]);
    return report;
}

report::Report similarity_report(const Similarity& s, const std::string& data_dir) {
    report::Report report{"attn similarity: " + s.measure + " in space " + s.space, data_dir, {}};
    add_similarity_data(report, s);
    report::Facts facts{"", {{"inputs", s.inputs_note}}};
    if (!s.weights_note.empty()) facts.items.push_back({"weights", s.weights_note});
    // What the measure means, so that the numbers can be read without the lesson.
    facts.items.push_back(
        {"measure", s.measure == "cosine"
                        ? "cosine: 1 = same direction, 0 = unrelated (at right angles), -1 = opposite"
                        : "dot product: sum of products of matching coordinates; grows with the lengths"});
    report.facts("inputs", std::move(facts));
    report.matrix("similarity", s.matrix);
    for (const std::string& note : s.notes) report.paragraph("Note: " + note);
    return report;
}

report::Report scaling_report(const ScalingReport& r) {
    report::Report report{"attn scaling: why the scores are divided by the square root of d_k", "", {}};
    add_scaling_data(report, r);
    report.facts(
        "settings",
        report::Facts{"",
                      {{"q and k", fmt::format("entries from N(0, 1) (each q·k drawn as |q|·z, its exact "
                                               "distribution); {} keys per query, {} queries, seed {}",
                                               r.request.keys, r.request.trials, r.request.seed)},
                       {"uniform row",
                        fmt::format("largest weight 1/N = {:.4f}, entropy H = log N = {:.4f} (N = {} keys)",
                                    r.uniform_max_weight, r.uniform_entropy, r.request.keys)},
                       {"one-hot row", "largest weight 1, entropy 0 (saturated)"},
                       {"H", "-sum w log w, in nats"}}});
    report.matrix("unscaled", r.unscaled);
    report.matrix("scaled", r.scaled);
    report.paragraph(
        "var(logit), the variance of the softmax input, is about d_k for q·k and about 1 after dividing by "
        "√d_k. The largest weight, averaged over the rows:");
    report::Table reading{
        "", {"d_k", "var(logit)", "theory", "max weight unscaled", "max weight scaled"}, {}};
    for (const math::ScalingMeasurement& m : r.rows)
        reading.rows.push_back({std::to_string(m.d_k), fmt::format("{:.2f}", m.score_variance),
                                std::to_string(m.d_k), m.unscaled.mean_max_weight, m.scaled.mean_max_weight});
    report.table("reading", std::move(reading));
    return report;
}

namespace {

// exp values can be astronomically large: six significant digits in scientific notation.
std::string big(double value) {
    return std::isfinite(value) ? fmt::format("{:.6g}", value) : report::decimal(value, 0);
}

report::LabelledMatrix rows_view(const std::string& title, const std::string& legend,
                                 const std::vector<std::string>& row_labels,
                                 const std::vector<arma::rowvec>& rows, const std::vector<std::string>& cols,
                                 report::Shading shading) {
    report::LabelledMatrix m{title, legend, arma::mat(rows.size(), cols.size()), row_labels, cols, shading};
    for (size_t r = 0; r < rows.size(); ++r) m.values.row(r) = rows[r];
    return m;
}

void naive_blocks(report::Report& report, const SoftmaxDemo& d) {
    report.heading("1. naive softmax: exp(z_i) / sum_j exp(z_j), as the formula reads", 2);
    report::Table exps{"", {"position", "z", "exp(z)"}, {}};
    for (size_t i = 0; i < d.labels.size(); ++i)
        exps.rows.push_back({d.labels[i], big(d.logits(i)), big(d.naive.exps(i))});
    report.table("naive", std::move(exps));
    report.facts("naive_sum", report::Facts{"", {{"sum", big(d.naive.sum)}}});
    report.matrix("naive_weights", rows_view("naive softmax", "exp(z) / sum", {"weight"}, {d.naive.weights},
                                             d.labels, report::Shading::unit));
    if (d.naive_overflowed)
        report.paragraph(
            "exp overflowed: the largest double is about 1.8e308 = exp(709.78), so exp of a larger logit is "
            "inf, "
            "and inf / inf is nan. The formula is right; the arithmetic cannot hold it.");
}

void stable_blocks(report::Report& report, const SoftmaxDemo& d, int precision) {
    report.heading("2. stable softmax: subtract the largest logit m = " +
                       report::decimal(d.stable.max, precision) + " first",
                   2);
    report.paragraph(
        "exp(z - m) / sum exp(z - m) = exp(z) / sum exp(z): exp(-m) cancels out. Every exponent is now <= 0, "
        "so nothing overflows, and the largest term is exactly exp(0) = 1.");
    report.matrix(
        "stable",
        rows_view("stable softmax", "row-wise: one row of logits", {"z - m", "exp(z - m)", "weight"},
                  {d.stable.shifted, d.stable.exps, d.stable.weights}, d.labels, report::Shading::none));
    report.paragraph("Sum of exps = " + report::decimal(d.stable.sum, precision) + "; the weights sum to " +
                     report::decimal(d.stable.weight_sum, precision) + ".");
}

void temperature_blocks(report::Report& report, const SoftmaxDemo& d) {
    report.heading("3. temperature: softmax(z / T)", 2);
    report.paragraph(
        "T > 1 flattens the weights toward uniform; T < 1 sharpens them toward the largest logit.");
    std::vector<std::string> labels;
    std::vector<arma::rowvec> rows;
    for (const auto& [t, weights] : d.by_temperature)
        labels.push_back(fmt::format("T={}", t)), rows.push_back(weights);
    report.matrix("temperatures", rows_view("weights by temperature", "rows = temperatures, each sums to 1",
                                            labels, rows, d.labels, report::Shading::unit));
}

void mask_blocks(report::Report& report, const MaskComparison& m, const std::vector<std::string>& labels,
                 int precision) {
    report.heading("4. masking: blocked logits set to -inf, or to a large negative number", 2);
    std::string keep;
    for (size_t i = 0; i < labels.size(); ++i)
        keep += (i ? " " : "") + labels[i] + "=" + (m.keep[i] ? "1" : "0");
    report.facts("keep", report::Facts{"", {{"keep", keep + "   (1 = may attend, 0 = blocked)"}}});
    report.matrix("masked", rows_view("masked", "filled logits, then their softmax",
                                      {"z, -inf", "weight", "z, -1e9", "weight"},
                                      {m.with_infinity, m.infinity.weights, m.with_large, m.large.weights},
                                      labels, report::Shading::none));
    if (!m.fully_masked)
        report.paragraph(
            "Blocked entries get weight 0 either way: exp(-1e9 - m) underflows to exactly 0 in double. "
            "Largest "
            "difference between the two weight rows: " +
            report::decimal(m.largest_difference, precision + 2) +
            ". -inf says "
            "\"never\" exactly; -1e9 relies on being far below every real logit (in float16 it would itself "
            "overflow to -inf).");
    else
        report.paragraph(fmt::format(
            "Every entry is blocked. With -inf the largest logit m is -inf, and -inf - (-inf) is nan: the "
            "weights are nan (attn run refuses such a row with an error, naming it). With -1e9 every "
            "logit is the same, so the softmax is uniform, 1/{} each: no crash, but the query now "
            "attends equally to keys it was told to ignore. A row needs one visible key.",
            m.keep.size()));
}

}  // namespace

report::Report softmax_report(const SoftmaxDemo& d, const std::vector<std::string>& show, int precision) {
    const auto asked = [&](const char* part) {
        return std::find(show.begin(), show.end(), part) != show.end();
    };
    const auto shown = [&](const char* part) { return show.empty() || asked(part); };
    report::Report report{"attn softmax", "", {}};
    add_softmax_data(report, d);
    report.matrix("logits", rows_view("logits", "one row of scores, e.g. one query against its keys", {"z"},
                                      {d.logits}, d.labels, report::Shading::diverging));
    // "weights" alone (not part of the default): the result without the working, for a first look.
    if (asked("weights"))
        report.matrix("weights", rows_view("softmax(z)", "the weights: each is positive and they sum to 1",
                                           {"weight"}, {d.stable.weights}, d.labels, report::Shading::unit));
    if (shown("naive")) naive_blocks(report, d);
    if (shown("stable")) stable_blocks(report, d, precision);
    if (shown("temperature")) temperature_blocks(report, d);
    if (d.mask && shown("mask")) mask_blocks(report, *d.mask, d.labels, precision);
    return report;
}

namespace {

std::string accuracy_note(const math::Accuracy& a) {
    return fmt::format("{}/{} ({:.1f}%)", a.correct, a.total, 100.0 * a.fraction());
}

// The task, the data, the model and the settings of a training run, as key–value lines.
report::Facts train_settings(const TrainReport& t) {
    const math::TrainSettings& s = t.plan.settings;
    return report::Facts{
        "",
        {{"task", t.task.name + " (" + t.task.path + ")"},
         {"about", t.task.description},
         {"data",
          fmt::format("{} training and {} held-out sentences; d_model {}, from {}", t.task.train.size(),
                      t.task.test.size(), t.task.vocab.dimensions.size(), t.task.vocab.path)},
         {"model",
          fmt::format("Q = X·W_Q, K = X·W_K (d_k {}), V = X·W_V (d_v {}), softmax(Q·Kᵀ/√d_k)·V, then a "
                      "readout to {} classes",
                      t.plan.d_k, t.plan.d_v, t.task.classes.size())},
         {"training", fmt::format("{}, learning rate {}, {} epochs, {}, seed {}", t.plan.optimizer,
                                  s.optimizer.learning_rate, s.epochs,
                                  s.batch_size == 0 ? std::string("all sentences per step")
                                                    : fmt::format("batches of {}", s.batch_size),
                                  s.seed)},
         {"heatmaps", "rows = queries, columns = keys; each row sums to 1"}}};
}

}  // namespace

report::Report train_report(const TrainReport& t, const std::string& data_dir,
                            const std::optional<std::string>& saved_to) {
    report::Report report{"attn train: " + t.task.name, data_dir, {}};
    add_train_data(report, t);
    report.facts("task", train_settings(t));
    for (size_t i = 0; i < t.heatmaps.size(); ++i) report.matrix("probe" + std::to_string(i), t.heatmaps[i]);
    report.chart("loss", t.loss_chart);
    report::Facts results{
        "",
        {{"loss", fmt::format("{:.4f} before, {:.4f} after {} epochs", t.result.losses.front(),
                              t.result.losses.back(), t.plan.settings.epochs)},
         {"accuracy on the training set", accuracy_note(t.train_accuracy)}}};
    if (t.test_accuracy.total > 0)
        results.items.push_back({"accuracy on the held-out set", accuracy_note(t.test_accuracy)});
    report.facts("results", std::move(results));
    report::Table predictions{
        "the probe \"" + t.probe.text + "\" after training", {"token", "predicted", "probability"}, {}};
    for (const auto& p : t.probe_predictions)
        predictions.rows.push_back({p.token, p.predicted, p.probability});
    report.table("predictions", std::move(predictions));
    if (saved_to)
        report.paragraph("Saved W_Q, W_K, W_V to `" + *saved_to + "`; look at them with `attn run --vocab " +
                         t.task.vocab.path + " --weights " + *saved_to + " --sentence \"" + t.probe.text +
                         "\"`");
    return report;
}

}  // namespace attn::course
