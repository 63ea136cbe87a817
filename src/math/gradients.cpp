#include "math/gradients.hpp"

#include <cmath>
#include <stdexcept>

#include "math/shapes.hpp"
#include "math/small_product.hpp"

namespace attn::math {

TinyAttention zeros_like(const TinyAttention& model) {
    TinyAttention z;
    z.wq.zeros(arma::size(model.wq));
    z.wk.zeros(arma::size(model.wk));
    z.wv.zeros(arma::size(model.wv));
    z.w_out.zeros(arma::size(model.w_out));
    z.b_out.zeros(arma::size(model.b_out));
    return z;
}

Gradients backward(const TinyAttention& model, const Example& example, const ForwardTrace& t) {
    const arma::uvec rows = arma::conv_to<arma::uvec>::from(example.rows);
    const double m = static_cast<double>(rows.n_elem);
    // Cross-entropy with softmax: ∂loss/∂logits = (probs − one_hot(target)) / m.
    arma::mat grad_logits = t.probs;  // (m, C)
    for (arma::uword i = 0; i < rows.n_elem; ++i) grad_logits(i, example.targets[i]) -= 1.0;
    grad_logits /= m;
    Gradients g;
    g.w_out = small_product<true, false>(t.output.rows(rows), grad_logits);  // (d_v, m)·(m, C)
    g.b_out = arma::sum(grad_logits, 0);                                     // (1, C)
    // Only the read-out rows of the attention output reach the loss; the others get zero gradient.
    arma::mat grad_output(arma::size(t.output), arma::fill::zeros);                  // (n, d_v)
    grad_output.rows(rows) += small_product<false, true>(grad_logits, model.w_out);  // (m, C)·(C, d_v)
    // output = weights·V.
    const arma::mat grad_weights = small_product<false, true>(grad_output, t.v);  // (n, d_v)·(d_v, n)
    const arma::mat grad_v = small_product<true, false>(t.weights, grad_output);  // (n, n)·(n, d_v)
    // weights = softmax(scaled), scaled = Q·Kᵀ/√d_k.
    const arma::mat grad_scaled = softmax_rows_backward(t.weights, grad_weights);  // (n, n)
    const arma::mat grad_scores = grad_scaled / std::sqrt(static_cast<double>(t.q.n_cols));
    const arma::mat grad_q = small_product(grad_scores, t.k);               // (n, n)·(n, d_k)
    const arma::mat grad_k = small_product<true, false>(grad_scores, t.q);  // (n, n)·(n, d_k)
    // Q = X·W_Q and so on: ∂loss/∂W = Xᵀ·∂loss/∂Q.
    g.wq = small_product<true, false>(example.x, grad_q);  // (d, n)·(n, d_k)
    g.wk = small_product<true, false>(example.x, grad_k);
    g.wv = small_product<true, false>(example.x, grad_v);  // (d, n)·(n, d_v)
    return g;
}

Gradients batch_gradients(const TinyAttention& model, const std::vector<Example>& examples, double& loss) {
    require(!examples.empty(), "gradients need at least one example");
    Gradients total = zeros_like(model);
    loss = 0;
    for (const Example& e : examples) {
        const ForwardTrace t = forward(model, e);
        loss += t.loss;
        if (!std::isfinite(t.loss)) return total;  // diverged: the caller stops on the NaN loss
        for_each_pair(total, backward(model, e, t), [](auto& sum, const auto& g) { sum += g; });
    }
    const double n = static_cast<double>(examples.size());
    for_each_pair(total, total, [n](auto& sum, const auto&) { sum /= n; });
    loss /= n;
    return total;
}

}  // namespace attn::math
