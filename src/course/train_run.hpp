// `attn train` as the course sees it: checks the hyper-parameters, trains the tiny attention model on
// a task, and turns the result into views (heatmaps, a loss chart, accuracies) for render.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "course/data_layers.hpp"
#include "inputs/train_task.hpp"
#include "math/train_loop.hpp"
#include "report/blocks.hpp"

namespace attn::course {

constexpr arma::uword kMaxEpochs = 100000;
constexpr arma::uword kMaxTrainDim = 64;  // d_k and d_v: a toy model, seconds on one core
constexpr arma::uword kMaxCheckpoints = 10;

struct TrainRequest {
    std::string task_path;                 // resolved by the caller
    std::optional<std::string> optimizer;  // sgd | adam; default from the task
    std::optional<double> learning_rate;
    std::optional<arma::uword> epochs;
    std::optional<arma::uword> d_k;
    std::optional<arma::uword> d_v;  // default d_model, so V keeps the embedding's size
    arma::uword batch = 0;           // 0 = whole training set per step
    std::uint64_t seed = 42;
    arma::uword checkpoints = 1;        // heatmaps between "before" and "after"
    std::optional<std::string> probe;   // default: the task's probe sentence
    arma::uword lesson_max_epochs = 0;  // > 0 in a lesson: its cap on epochs (cli/lesson_limits.hpp)
};

// The file of a task argument: an existing file as given, else NAME.toml in the train/ folder of the
// top-most data layer that has it (a workspace's own task hides the shipped one of that name). Throws
// InputError listing the tasks when neither.
std::string find_train_task(const std::string& task, const DataLayers& data);

// The hyper-parameters actually used, after defaults.
struct TrainPlan {
    std::string optimizer;
    math::TrainSettings settings;
    arma::uword d_k = 0, d_v = 0;
};

// What the trained model says about one token of the probe: "apple" → "company" with p = 0.97.
struct Prediction {
    std::string token;
    std::string predicted;
    double probability = 0;
};

struct TrainReport {
    TrainTask task;
    TrainPlan plan;
    TaskSentence probe;
    math::TrainResult result;
    std::vector<math::Snapshot> snapshots;  // the probe's attention: before, at the checkpoints, after
    math::Accuracy train_accuracy, test_accuracy;
    std::vector<report::LabelledMatrix> heatmaps;  // the probe's attention: before, checkpoints, after
    report::Chart loss_chart;
    std::vector<Prediction> probe_predictions;  // one per readout row of the probe, after training
};

// Checks the request against the task (message names the flag and the allowed range) and fills in
// the defaults. Throws InputError for nonsense: lr ≤ 0, zero epochs, sizes out of range, etc.
TrainPlan plan_training(const TrainRequest& request, const TrainTask& task);

// Loads the task, trains and evaluates. Throws InputError when the loss diverges (NaN/∞), naming the
// epoch and suggesting a smaller learning rate.
TrainReport run_training(const TrainRequest& request);

// The epochs at which the probe's attention is recorded: 0, `checkpoints` evenly spaced ones, the last.
std::vector<arma::uword> snapshot_epochs(arma::uword epochs, arma::uword checkpoints);

// A number with 4 significant digits ("0.0123", "1.5e+03") for notes and chart labels.
std::string short_number(double value);

}  // namespace attn::course
