#include "math/optimizer.hpp"

#include <cmath>

#include "math/shapes.hpp"

namespace attn::math {

namespace {

template <typename M>
void adam_update(M& param, const M& grad, M& m, M& v, double step_size, double correction2,
                 const OptimizerSettings& s) {
    m += (1.0 - s.beta1) * (grad - m);  // = β1·m + (1−β1)·g, as torch's lerp computes it
    v = s.beta2 * v + (1.0 - s.beta2) * (grad % grad);
    const M denom = arma::sqrt(v) / std::sqrt(correction2) + s.epsilon;
    param -= step_size * (m / denom);
}

}  // namespace

OptimizerState init_optimizer(const TinyAttention& model) {
    OptimizerState state;
    state.first_moment = zeros_like(model);
    state.second_moment = zeros_like(model);
    return state;
}

void optimizer_step(TinyAttention& model, const Gradients& grad, OptimizerState& state,
                    const OptimizerSettings& s) {
    require(s.learning_rate > 0 && std::isfinite(s.learning_rate),
            "the learning rate must be a positive number");
    ++state.step;
    if (s.kind == OptimizerKind::sgd) {
        for_each_pair(model, grad, [&s](auto& param, const auto& g) { param -= s.learning_rate * g; });
        return;
    }
    const double t = static_cast<double>(state.step);
    const double correction1 = 1.0 - std::pow(s.beta1, t), correction2 = 1.0 - std::pow(s.beta2, t);
    const double step_size = s.learning_rate / correction1;
    adam_update(model.wq, grad.wq, state.first_moment.wq, state.second_moment.wq, step_size, correction2, s);
    adam_update(model.wk, grad.wk, state.first_moment.wk, state.second_moment.wk, step_size, correction2, s);
    adam_update(model.wv, grad.wv, state.first_moment.wv, state.second_moment.wv, step_size, correction2, s);
    adam_update(model.w_out, grad.w_out, state.first_moment.w_out, state.second_moment.w_out, step_size,
                correction2, s);
    adam_update(model.b_out, grad.b_out, state.first_moment.b_out, state.second_moment.b_out, step_size,
                correction2, s);
}

}  // namespace attn::math
