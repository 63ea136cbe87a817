// The reports of the smaller commands: vocab, similarity, scaling, softmax, bench and train. Each one
// holds every number its screen shows, already computed.
#include <fmt/format.h>

#include "course/reports.hpp"

namespace attn::course {

Report vocab_report(const VocabTable& t, const std::string& data_dir) {
    Report report{"attn vocab: " + t.path, data_dir, {}};
    report.facts("vocabulary", Facts{"", {{"file", t.path}, {"about", t.description}, {"padding token", t.pad_token}}});
    report.matrix("embeddings", t.table);
    return report;
}

Report similarity_report(const Similarity& s, const std::string& data_dir) {
    Report report{"attn similarity: " + s.measure + " in space " + s.space, data_dir, {}};
    Facts facts{"", {{"inputs", s.inputs_note}}};
    if (!s.weights_note.empty()) facts.items.push_back({"weights", s.weights_note});
    report.facts("inputs", std::move(facts));
    report.matrix("similarity", s.matrix);
    for (const std::string& note : s.notes) report.paragraph(note);
    return report;
}

Report scaling_report(const ScalingReport& r) {
    Report report{"attn scaling: why the scores are divided by the square root of d_k", "", {}};
    report.facts("settings", Facts{"", {{"keys", std::to_string(r.request.keys)},
                                        {"trials", std::to_string(r.request.trials)},
                                        {"seed", std::to_string(r.request.seed)},
                                        {"uniform entropy", fmt::format("{:.4f} (log of {} keys)", r.uniform_entropy, r.request.keys)}}});
    report.matrix("unscaled", r.unscaled);
    report.matrix("scaled", r.scaled);
    return report;
}

Report softmax_report(const SoftmaxDemo& d) {
    Report report{"attn softmax", "", {}};
    auto row = [&](const std::string& title, const std::string& legend, const arma::rowvec& v, Shading shading) {
        return LabelledMatrix{title, legend, arma::mat(v), {title}, d.labels, shading};
    };
    report.matrix("logits", row("logits", "the scores z, one per position", d.logits, Shading::diverging));
    report.matrix("stable", row("softmax", "exp(z - max z) / sum: the weights at temperature 1", d.stable.weights, Shading::unit));
    if (!d.by_temperature.empty()) {
        LabelledMatrix t{"temperatures", "softmax(z / T), one row per temperature T", arma::mat(d.by_temperature.size(), d.logits.n_elem),
                         {}, d.labels, Shading::unit};
        for (size_t i = 0; i < d.by_temperature.size(); ++i) {
            t.values.row(i) = d.by_temperature[i].second;
            t.row_labels.push_back(fmt::format("T = {}", d.by_temperature[i].first));
        }
        report.matrix("temperatures", std::move(t));
    }
    if (d.mask) {
        report.matrix("masked_infinity", row("masked with -inf", "blocked logits set to -inf, then softmax", d.mask->infinity.weights,
                                             Shading::unit));
        report.matrix("masked_large", row("masked with -1e9", "blocked logits set to -1e9, then softmax", d.mask->large.weights,
                                          Shading::unit));
    }
    return report;
}

Report bench_report(const BenchReport& b) {
    const auto& r = b.request;
    Report report{"attn bench: the cost of attention as n grows", "", {}};
    report.facts("settings", Facts{"", {{"d", std::to_string(r.d)}, {"precision", r.precision},
                                        {"mask", r.causal ? "causal" : "none"}, {"local window", std::to_string(r.window) + " keys"},
                                        {"repeats", std::to_string(r.repeats) + " (the median is shown)"},
                                        {"BLAS", fmt::format("{}, {} thread(s)", b.blas, b.blas_threads)}}});
    Table results{"results", {"method", "n", "median seconds", "fastest seconds", "working bytes", "peak RSS bytes"}, {}};
    for (const auto& row : b.rows)
        results.rows.push_back({row.method, std::to_string(row.n), row.median_seconds, row.min_seconds,
                                format_bytes(row.working_bytes), format_bytes(row.peak_rss_bytes)});
    report.table("results", std::move(results));
    // The fastest run, as the text chart and the fitted slopes use: what other processes inflate least.
    Chart chart{"fastest time against n (log-log)", "n (tokens)", "seconds", true, true, {}};
    for (const auto& method : r.methods) {
        std::vector<std::pair<double, double>> points;
        for (const auto& row : b.rows)
            if (row.method == method) points.emplace_back(static_cast<double>(row.n), row.min_seconds);
        chart.series.emplace_back(method, points);
    }
    report.chart("time", std::move(chart));
    Facts slopes{"growth of time with n (slope on log-log axes)", {}};
    for (const auto& [method, slope] : b.exponents)
        slopes.items.push_back({method, fmt::format("n^{:.2f} (expected {})", slope, method == "local" ? "about 1" : "about 2")});
    if (!slopes.items.empty()) report.facts("exponents", std::move(slopes));
    return report;
}

Report train_report(const TrainReport& t, const std::string& data_dir) {
    Report report{"attn train: " + t.task.name, data_dir, {}};
    report.facts("task", Facts{"", {{"task", t.task.path}, {"about", t.task.description}, {"optimizer", t.plan.optimizer},
                                    {"epochs", std::to_string(t.plan.settings.epochs)},
                                    {"probe", "\"" + t.probe.text + "\""}}});
    report.chart("loss", t.loss_chart);
    for (size_t i = 0; i < t.heatmaps.size(); ++i) report.matrix("probe" + std::to_string(i), t.heatmaps[i]);
    Table accuracy{"accuracy", {"set", "correct", "of"}, {}};
    accuracy.rows.push_back({"train", std::to_string(t.train_accuracy.correct), std::to_string(t.train_accuracy.total)});
    accuracy.rows.push_back({"test", std::to_string(t.test_accuracy.correct), std::to_string(t.test_accuracy.total)});
    report.table("accuracy", std::move(accuracy));
    Table predictions{"the probe after training", {"token", "predicted", "probability"}, {}};
    for (const auto& p : t.probe_predictions) predictions.rows.push_back({p.token, p.predicted, p.probability});
    report.table("predictions", std::move(predictions));
    return report;
}

}  // namespace attn::course
