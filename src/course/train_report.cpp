// run_training: the part of train_run.hpp that trains and builds the views.
#include <cmath>
#include <cstdio>
#include <map>
#include <string>

#include "course/train_run.hpp"
#include "inputs/input_error.hpp"

namespace attn::course {

std::string find_train_task(const std::string& task, const DataLayers& data) {
    const DataLayer* layer = data.origin("train/" + task + ".toml");
    return resolve_train_task(task, layer ? layer->path : data.layers.back().path);
}

namespace {

std::vector<math::Example> examples_of(const std::vector<TaskSentence>& sentences) {
    std::vector<math::Example> out;
    for (const TaskSentence& s : sentences) out.push_back(s.example);
    return out;
}

report::LabelledMatrix heatmap(const math::Snapshot& snap, const TaskSentence& probe,
                               arma::uword last_epoch) {
    report::LabelledMatrix m;
    m.title = snap.epoch == 0 ? "attention before training (epoch 0)"
              : snap.epoch == last_epoch
                  ? "attention after training (epoch " + std::to_string(snap.epoch) + ")"
                  : "attention at epoch " + std::to_string(snap.epoch);
    m.legend = "\"" + probe.text + "\", loss " + short_number(snap.loss);
    m.values = snap.weights;
    m.row_labels = probe.tokens;
    m.col_labels = probe.tokens;
    m.shading = report::Shading::unit;
    return m;
}

report::Chart loss_chart(const math::TrainResult& result) {
    report::Chart c;
    c.title = "loss (mean cross-entropy) after each epoch";
    c.x_label = "epoch";
    c.y_label = "loss";
    std::vector<std::pair<double, double>> train, test;
    for (size_t e = 0; e < result.losses.size(); ++e)
        train.emplace_back(static_cast<double>(e), result.losses[e]);
    for (size_t e = 0; e < result.test_losses.size(); ++e)
        test.emplace_back(static_cast<double>(e), result.test_losses[e]);
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
    const std::string why = std::isfinite(loss)
                                ? "more than " + short_number(math::kDivergenceFactor) + " times the " +
                                      short_number(result.losses.front()) + " it started at"
                                : "the weights overflowed";
    throw InputError("training diverged at epoch " + std::to_string(epoch) + " of " +
                     std::to_string(plan.settings.epochs) + ": the loss became " + short_number(loss) + ", " +
                     why + " (it was " + short_number(result.losses[epoch - 1]) +
                     " one epoch before). The steps overshoot: try a smaller learning rate, e.g. --lr " +
                     short_number(plan.settings.optimizer.learning_rate / 10));
}

// The bytes of every number and count of `m`, appended to `key`.
void append_key(std::string& key, const arma::mat& m) {
    const arma::uword shape[] = {m.n_rows, m.n_cols};
    key.append(reinterpret_cast<const char*>(shape), sizeof shape);
    key.append(reinterpret_cast<const char*>(m.memptr()), m.n_elem * sizeof(double));
}

void append_key(std::string& key, const std::vector<math::Example>& examples) {
    key += "|" + std::to_string(examples.size());
    for (const math::Example& e : examples) {
        append_key(key, e.x);
        for (const auto* list : {&e.rows, &e.targets}) {
            key += "/" + std::to_string(list->size());
            key.append(reinterpret_cast<const char*>(list->data()), list->size() * sizeof(arma::uword));
        }
    }
}

// math::train, remembered for the rest of the process: a lesson runs the same training in several
// blocks (another probe, other checkpoints), and the probe and checkpoints only look at the models.
// The key is every input as bytes, so an edited task file trains anew.
// Kept only up to kRememberedEpochs (a model per epoch), so that a long run does not hold them all.
math::TrainResult trained(const math::TinyAttention& initial, const std::vector<math::Example>& train,
                          const std::vector<math::Example>& test, math::TrainSettings s) {
    constexpr arma::uword kRememberedEpochs = 1000;
    if (s.epochs > kRememberedEpochs) return math::train(initial, train, test, s);
    s.keep_every_model = true;
    static std::map<std::string, math::TrainResult> memo;
    std::string key;
    for (const arma::mat* m : {&initial.wq, &initial.wk, &initial.wv, &initial.w_out}) append_key(key, *m);
    append_key(key, arma::mat(initial.b_out));
    append_key(key, train);
    append_key(key, test);
    const math::OptimizerSettings& o = s.optimizer;
    const double numbers[] = {o.learning_rate, o.beta1, o.beta2, o.epsilon};
    key.append(reinterpret_cast<const char*>(numbers), sizeof numbers);
    key += "|" + std::to_string(static_cast<int>(o.kind)) + "|" + std::to_string(s.epochs) + "|" +
           std::to_string(s.batch_size) + "|" + std::to_string(s.seed);
    if (const auto found = memo.find(key); found != memo.end()) return found->second;
    if (memo.size() >= 8) memo.clear();  // a few trainings per lesson: keep the memory small
    return memo.emplace(key, math::train(initial, train, test, s)).first->second;
}

}  // namespace

TrainReport run_training(const TrainRequest& request) {
    TrainReport r;
    r.task = load_train_task(request.task_path);
    r.plan = plan_training(request, r.task);
    r.probe = request.probe ? make_task_sentence(r.task, *request.probe, std::nullopt, "--probe")
                            : make_task_sentence(r.task, r.task.probe, std::nullopt, r.task.path + ": probe");
    const std::vector<math::Example> train = examples_of(r.task.train), test = examples_of(r.task.test);
    const math::TinyAttention initial = math::init_tiny_attention(
        r.task.vocab.dimensions.size(), r.plan.d_k, r.plan.d_v, r.task.classes.size(), r.plan.settings.seed);
    r.result = trained(initial, train, test, r.plan.settings);
    if (r.result.diverged_at) report_divergence(r.plan, r.result);
    r.snapshots = math::probe_snapshots(r.result, r.probe.example, r.plan.settings.snapshot_epochs);
    r.train_accuracy = math::accuracy(r.result.model, train);
    if (!test.empty()) r.test_accuracy = math::accuracy(r.result.model, test);
    for (const math::Snapshot& s : r.snapshots)
        r.heatmaps.push_back(heatmap(s, r.probe, r.plan.settings.epochs));
    r.loss_chart = loss_chart(r.result);
    r.probe_predictions = predictions(r);
    return r;
}

}  // namespace attn::course
