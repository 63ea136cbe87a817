// The few lines of NumPy beside each stage of attn run (`--show-code`), as d2l shows code beside a
// formula. One table holds every snippet (stage_code.cpp); tests/check_stage_code.py runs each of them
// on the toy data and compares with attn's numbers.
#pragma once
#include <string>
#include <vector>

#include "course/experiment.hpp"

namespace attn::course {

// Every form of code a stage can have. Some stages have one form per variant (the scores of RoPE use
// the rotated queries and keys; linear attention's weights need no softmax), so the table is keyed by
// this enum rather than by the stage names alone.
enum class StageCode {
    q,
    k,
    v,
    head_q,
    head_k,
    head_v,
    q_norm,
    k_norm,
    q_rot,
    k_rot,
    q_rot_halves,
    k_rot_halves,
    scores,
    scores_rope,
    scaled,
    capped,
    bias,
    bias_causal,
    biased,
    tempered,
    masked,
    phi_q,
    phi_k,
    kv,
    z,
    weights,
    weights_sink,
    sink_weight,
    weights_linear,
    weights_linear_causal,
    output,
    output_linear,
    ungated,
    gate,
    output_gated,
    concat,
    output_projected,
    count  // the number of forms, for the table's static_assert
};

// One stage's code as shown: its lines and the variable they leave the stage in ("Q" for stage q).
struct StageSnippet {
    std::string stage;   // machine name, "scores" or "heads.1.scores"
    std::string code;    // one to four lines of NumPy, no trailing newline
    std::string result;  // the variable holding the stage's matrix afterwards
};

// The lines every snippet relies on: numpy, softmax, and this run's sizes and settings (d_k, T, ...).
std::string code_prelude(const Experiment& e);

// The snippets of the stages `show` selects (empty = all), in the order attn computes them. A stage
// that is an input (x, or Q/K/V given as CSV) has no code and is left out.
std::vector<StageSnippet> stage_snippets(const Experiment& e, const std::vector<std::string>& show);

}  // namespace attn::course
