// run_training: the part of train_run.hpp that trains and builds the views.
#include <cmath>
#include <cstdio>

#include "inputs/input_error.hpp"
#include "course/train_run.hpp"

namespace attn::course {

namespace {

std::vector<math::Example> examples_of(const std::vector<TaskSentence>& sentences) {
    std::vector<math::Example> out;
    for (const TaskSentence& s : sentences) out.push_back(s.example);
    return out;
}

LabelledMatrix heatmap(const math::Snapshot& snap, const TaskSentence& probe, arma::uword last_epoch) {
    LabelledMatrix m;
    m.title = snap.epoch == 0 ? "attention before training (epoch 0)"
              : snap.epoch == last_epoch ? "attention after training (epoch " + std::to_string(snap.epoch) + ")"
                                         : "attention at epoch " + std::to_string(snap.epoch);
    m.legend = "\"" + probe.text + "\", loss " + short_number(snap.loss);
    m.values = snap.weights;
    m.row_labels = probe.tokens;
    m.col_labels = probe.tokens;
    m.shading = Shading::unit;
    return m;
}

Chart loss_chart(const math::TrainResult& result) {
    Chart c;
    c.title = "loss (mean cross-entropy) after each epoch";
    c.x_label = "epoch";
    c.y_label = "loss";
    std::vector<std::pair<double, double>> train, test;
    for (size_t e = 0; e < result.losses.size(); ++e) train.emplace_back(static_cast<double>(e), result.losses[e]);
    for (size_t e = 0; e < result.test_losses.size(); ++e) test.emplace_back(static_cast<double>(e), result.test_losses[e]);
    // The held-out curve first, so that where the two overlap the training curve is drawn on top.
    if (!test.empty()) c.series.emplace_back("held-out test set", test);
    c.series.emplace_back("training set", train);
    return c;
}

std::vector<Prediction> predictions(const TrainReport& r) {
    std::vector<Prediction> out;
    const math::ForwardTrace t = math::forward(r.result.model, r.probe.example);
    for (size_t i = 0; i < r.probe.example.rows.size(); ++i) {
        const arma::uword best = t.probs.row(i).index_max();
        out.push_back({r.probe.tokens[r.probe.example.rows[i]], r.task.classes[best], t.probs(i, best)});
    }
    return out;
}

[[noreturn]] void report_divergence(const TrainPlan& plan, const math::TrainResult& result) {
    const arma::uword epoch = *result.diverged_at;
    const double loss = result.losses.back();
    const std::string why = std::isfinite(loss) ? "more than " + short_number(math::kDivergenceFactor) + " times the " +
                                                      short_number(result.losses.front()) + " it started at"
                                                : "the weights overflowed";
    throw InputError("training diverged at epoch " + std::to_string(epoch) + " of " + std::to_string(plan.settings.epochs) +
                     ": the loss became " + short_number(loss) + ", " + why + " (it was " + short_number(result.losses[epoch - 1]) +
                     " one epoch before). The steps overshoot: try a smaller learning rate, e.g. --lr " +
                     short_number(plan.settings.optimizer.learning_rate / 10));
}

}  // namespace

TrainReport run_training(const TrainRequest& request) {
    TrainReport r;
    r.task = load_train_task(request.task_path);
    r.plan = plan_training(request, r.task);
    r.probe = request.probe ? make_task_sentence(r.task, *request.probe, std::nullopt, "--probe") :
                              make_task_sentence(r.task, r.task.probe, std::nullopt, r.task.path + ": probe");
    const std::vector<math::Example> train = examples_of(r.task.train), test = examples_of(r.task.test);
    const math::TinyAttention initial = math::init_tiny_attention(r.task.vocab.dimensions.size(), r.plan.d_k, r.plan.d_v,
                                                                  r.task.classes.size(), r.plan.settings.seed);
    r.result = math::train(initial, train, test, r.probe.example, r.plan.settings);
    if (r.result.diverged_at) report_divergence(r.plan, r.result);
    r.train_accuracy = math::accuracy(r.result.model, train);
    if (!test.empty()) r.test_accuracy = math::accuracy(r.result.model, test);
    for (const math::Snapshot& s : r.result.snapshots) r.heatmaps.push_back(heatmap(s, r.probe, r.plan.settings.epochs));
    r.loss_chart = loss_chart(r.result);
    r.probe_predictions = predictions(r);
    return r;
}

}  // namespace attn::course
