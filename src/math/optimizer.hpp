// Optimisers: how a gradient becomes a step. Plain SGD, and Adam as torch.optim.Adam computes it.
#pragma once
#include <cstdint>

#include "math/gradients.hpp"

namespace attn::math {

enum class OptimizerKind { sgd, adam };

struct OptimizerSettings {
    OptimizerKind kind = OptimizerKind::adam;
    double learning_rate = 0.05;
    double beta1 = 0.9;     // Adam: decay of the running mean of gradients
    double beta2 = 0.999;   // Adam: decay of the running mean of squared gradients
    double epsilon = 1e-8;  // Adam: keeps the step finite where a gradient has been ~0 so far
};

// Optimiser state between steps: Adam's two moment estimates and the step count.
struct OptimizerState {
    std::uint64_t step = 0;
    TinyAttention first_moment;   // m, same shapes as the model
    TinyAttention second_moment;  // v
};

OptimizerState init_optimizer(const TinyAttention& model);

// SGD: θ ← θ − lr·g.
// Adam: m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g², then θ ← θ − lr·m̂ / (√v̂ + ε) with the bias
// corrections m̂ = m/(1−β1ᵗ), v̂ = v/(1−β2ᵗ); written in torch's order so the numbers match it exactly.
void optimizer_step(TinyAttention& model, const Gradients& grad, OptimizerState& state,
                    const OptimizerSettings& settings);

}  // namespace attn::math
