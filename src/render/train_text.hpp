// `attn train` output: the learner's text report, JSON for programs, and the weights as TOML that
// `attn run --weights FILE` reads.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "course/train_run.hpp"
#include "render/style.hpp"

namespace attn::render {

// Settings, the probe's attention before / at checkpoints / after as heatmaps, the loss chart, the
// accuracies and what the trained model says about the probe.
std::string train_text(const course::TrainReport& report, const Style& style);

// {"task", "settings", "loss", "test_loss", "accuracy", "probe", "weights"}; documented in README.md.
nlohmann::json train_json(const course::TrainReport& report);

// w_q, w_k, w_v (lists of rows, every number exact), plus the readout under keys `attn run` ignores.
std::string weights_toml(const course::TrainReport& report);

// "32/32 (100.0%)".
std::string accuracy_text(const math::Accuracy& a);

}  // namespace attn::render
