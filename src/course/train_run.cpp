#include "course/train_run.hpp"

#include <cmath>
#include <cstdio>

#include "inputs/input_error.hpp"

namespace attn::course {

std::string short_number(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.4g", value);
    return text;
}

namespace {

void require_range(arma::uword value, arma::uword lo, arma::uword hi, const std::string& flag,
                   const std::string& why) {
    if (value < lo || value > hi)
        throw InputError(flag + " " + std::to_string(value) + ": " + why + "; use " + std::to_string(lo) +
                         " to " + std::to_string(hi));
}

void check_learning_rate(double lr) {
    if (!std::isfinite(lr) || lr <= 0)
        throw InputError("--lr " + short_number(lr) +
                         ": the learning rate is the size of each step against the gradient, "
                         "so it must be a positive number; try 0.05 (adam) or 0.5 (sgd)");
}

math::OptimizerKind optimizer_kind(const std::string& name, const TrainTask& task) {
    if (name == "sgd") return math::OptimizerKind::sgd;
    if (name == "adam") return math::OptimizerKind::adam;
    throw InputError(task.path + ": defaults.optimizer \"" + name + "\" is not sgd or adam");
}

}  // namespace

std::vector<arma::uword> snapshot_epochs(arma::uword epochs, arma::uword checkpoints) {
    std::vector<arma::uword> out{0};
    for (arma::uword k = 1; k <= checkpoints; ++k) {
        const arma::uword e = (k * epochs + (checkpoints + 1) / 2) / (checkpoints + 1);  // rounded k·E/(c+1)
        if (e > out.back() && e < epochs) out.push_back(e);
    }
    out.push_back(epochs);
    return out;
}

TrainPlan plan_training(const TrainRequest& r, const TrainTask& task) {
    TrainPlan plan;
    plan.optimizer = r.optimizer.value_or(task.defaults.optimizer);
    plan.settings.optimizer.kind = optimizer_kind(plan.optimizer, task);
    plan.settings.optimizer.learning_rate = r.learning_rate.value_or(task.defaults.learning_rate);
    check_learning_rate(plan.settings.optimizer.learning_rate);
    plan.settings.epochs = r.epochs.value_or(task.defaults.epochs);
    require_range(plan.settings.epochs, 1, kMaxEpochs, "--epochs",
                  "training needs at least one pass over the data");
    if (r.lesson_max_epochs > 0 && plan.settings.epochs > r.lesson_max_epochs)
        throw InputError("lessons compute, never act: " + std::to_string(plan.settings.epochs) +
                         " epochs (--epochs or the task's default) is more than the " +
                         std::to_string(r.lesson_max_epochs) +
                         " a lesson may train; run it yourself, outside the lesson: attn train ...");
    plan.d_k = r.d_k.value_or(task.defaults.d_k);
    require_range(plan.d_k, 1, kMaxTrainDim, "--d-k",
                  "queries and keys need at least one column, and this is a toy model");
    plan.d_v = r.d_v.value_or(task.vocab.dimensions.size());
    require_range(plan.d_v, 1, kMaxTrainDim, "--d-v",
                  "values need at least one column, and this is a toy model");
    require_range(r.batch, 0, task.train.size(), "--batch",
                  "a batch cannot hold more than the " + std::to_string(task.train.size()) +
                      " training examples (0 = all of them)");
    require_range(r.checkpoints, 0, std::min(kMaxCheckpoints, plan.settings.epochs - 1), "--checkpoints",
                  "checkpoints fall strictly between the first and the last epoch");
    plan.settings.batch_size = r.batch;
    plan.settings.seed = r.seed;
    plan.settings.snapshot_epochs = snapshot_epochs(plan.settings.epochs, r.checkpoints);
    return plan;
}

}  // namespace attn::course
