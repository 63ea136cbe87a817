// The backward pass of the tiny attention model, derived by hand (docs/commands.md "attn train" and lesson 14
// show the steps): cross-entropy → readout → attention output → softmax → scaling → projections.
#pragma once
#include <vector>

#include "math/attention.hpp"  // softmax_rows_backward, beside its forward softmax_rows
#include "math/train_model.hpp"

namespace attn::math {

// ∂loss/∂θ for every parameter, in the same shapes as TinyAttention.
using Gradients = TinyAttention;

// Gradients of forward(model, example).loss, reusing the trace of that forward pass.
Gradients backward(const TinyAttention& model, const Example& example, const ForwardTrace& trace);

// Gradients of mean_loss(model, examples): the mean of the per-example gradients. Also returns that
// mean loss in `loss` (NaN when the forward pass overflowed; the gradients are then meaningless).
Gradients batch_gradients(const TinyAttention& model, const std::vector<Example>& examples, double& loss);

// A TinyAttention-shaped value filled with zeros, to accumulate gradients or optimiser moments.
TinyAttention zeros_like(const TinyAttention& model);

// Applies f(parameter, other) to each matrix pair in a fixed order: wq, wk, wv, w_out, b_out.
template <typename F>
void for_each_pair(TinyAttention& a, const TinyAttention& b, F f) {
    f(a.wq, b.wq);
    f(a.wk, b.wk);
    f(a.wv, b.wv);
    f(a.w_out, b.w_out);
    f(a.b_out, b.b_out);
}

}  // namespace attn::math
