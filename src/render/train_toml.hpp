// `attn train --save FILE`: the learned weights as TOML that `attn run --weights FILE` reads (text and JSON
// are the report's, course::train_report).
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "course/train_run.hpp"
#include "render/style.hpp"

namespace attn::render {

// w_q, w_k, w_v (lists of rows, every number exact), plus the readout under keys `attn run` ignores.
std::string weights_toml(const course::TrainReport& report);

}  // namespace attn::render
