// `attn train` output in its documented formats (text: the report writer): JSON for programs, and the weights
// as TOML that `attn run --weights FILE` reads.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "course/train_run.hpp"
#include "render/style.hpp"

namespace attn::render {

// {"task", "settings", "loss", "test_loss", "accuracy", "probe", "weights"}; documented in docs/commands.md
// ("attn train").
nlohmann::json train_json(const course::TrainReport& report);

// w_q, w_k, w_v (lists of rows, every number exact), plus the readout under keys `attn run` ignores.
std::string weights_toml(const course::TrainReport& report);

}  // namespace attn::render
