#include "math/train_model.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "math/attention.hpp"
#include "math/random.hpp"
#include "math/shapes.hpp"
#include "math/small_product.hpp"

namespace attn::math {

namespace {
// Called for every forward pass of training (thousands per run): the messages are built only when a
// check fails, not on every call.
void require_example_fits(const TinyAttention& model, const Example& example) {
    if (example.x.n_rows == 0)
        throw std::invalid_argument("an example needs at least one token, got X " + shape_of(example.x));
    if (example.x.n_cols != model.wq.n_rows)
        throw std::invalid_argument("X " + shape_of(example.x) + " needs one column per row of W_Q " +
                                    shape_of(model.wq));
    require(example.rows.size() == example.targets.size() && !example.rows.empty(),
            "an example needs one target per readout row and at least one readout row");
    for (size_t i = 0; i < example.rows.size(); ++i) {
        if (example.rows[i] >= example.x.n_rows)
            throw std::invalid_argument("readout row " + std::to_string(example.rows[i]) + " is outside X " +
                                        shape_of(example.x));
        if (example.targets[i] >= model.w_out.n_cols)
            throw std::invalid_argument("target class " + std::to_string(example.targets[i]) +
                                        " is outside the " + std::to_string(model.w_out.n_cols) + " classes");
    }
}
ForwardTrace diverged(ForwardTrace t) {
    t.loss = std::numeric_limits<double>::quiet_NaN();
    return t;
}
}  // namespace

TinyAttention init_tiny_attention(arma::uword d_model, arma::uword d_k, arma::uword d_v,
                                  arma::uword n_classes, std::uint64_t seed) {
    require(d_model > 0 && d_k > 0 && d_v > 0 && n_classes > 1,
            "the model needs d_model, d_k, d_v ≥ 1 and at least 2 classes");
    TinyAttention m;
    m.wq = seeded_projection(d_model, d_k, seed);
    m.wk = seeded_projection(d_model, d_k, seed + 1);
    m.wv = seeded_projection(d_model, d_v, seed + 2);
    m.w_out = seeded_projection(d_v, n_classes, seed + 3);
    m.b_out = arma::rowvec(n_classes, arma::fill::zeros);
    return m;
}

double cross_entropy_row(const arma::rowvec& logits, arma::uword target) {
    const double top = logits.max();
    const double log_sum = top + std::log(arma::accu(arma::exp(logits - top)));
    return log_sum - logits(target);
}

ForwardTrace forward(const TinyAttention& model, const Example& example) {
    require_example_fits(model, example);
    ForwardTrace t;
    t.q = small_product(example.x, model.wq);  // (n, d)·(d, d_k)
    t.k = small_product(example.x, model.wk);
    t.v = small_product(example.x, model.wv);  // (n, d)·(d, d_v)
    // The stages of attend() for one head with no mask and the softmax kernel (as `attn run`), computed
    // here with plain-loop products: training makes thousands of passes over matrices of a few rows, where
    // attend's copies of Q, K, V and a BLAS call per product cost more than the arithmetic. Weights blown
    // up by too large a step overflow in the scores; report that as a NaN loss (the caller says
    // "diverged") rather than as an error about the input.
    if (!t.q.is_finite() || !t.k.is_finite() || !t.v.is_finite()) return diverged(t);
    t.scaled = small_product<false, true>(t.q, t.k);  // (n, d_k)·(n, d_k)ᵀ → (n, n)
    t.scaled /= std::sqrt(static_cast<double>(t.q.n_cols));
    if (!t.scaled.is_finite()) return diverged(t);
    t.weights = softmax_rows(t.scaled);
    t.output = small_product(t.weights, t.v);  // (n, n)·(n, d_v)
    if (!t.output.is_finite()) return diverged(t);
    const arma::uvec rows = arma::conv_to<arma::uvec>::from(example.rows);
    t.logits = small_product(t.output.rows(rows), model.w_out);  // (m, d_v)·(d_v, C)
    t.logits.each_row() += model.b_out;
    if (!t.logits.is_finite()) return diverged(t);
    t.probs = softmax_rows(t.logits);
    for (arma::uword i = 0; i < rows.n_elem; ++i)
        t.loss += cross_entropy_row(t.logits.row(i), example.targets[i]);
    t.loss /= static_cast<double>(rows.n_elem);
    return t;
}

double mean_loss(const TinyAttention& model, const std::vector<Example>& examples) {
    require(!examples.empty(), "the mean loss needs at least one example");
    double total = 0;
    for (const Example& e : examples) total += forward(model, e).loss;
    return total / static_cast<double>(examples.size());
}

Accuracy accuracy(const TinyAttention& model, const std::vector<Example>& examples) {
    Accuracy a;
    for (const Example& e : examples) {
        const ForwardTrace t = forward(model, e);
        if (!std::isfinite(t.loss)) {  // overflowed: nothing to read, so nothing is correct
            a.total += e.targets.size();
            continue;
        }
        for (arma::uword i = 0; i < e.targets.size(); ++i) {
            a.correct += t.logits.row(i).index_max() == e.targets[i] ? 1 : 0;
            ++a.total;
        }
    }
    return a;
}

}  // namespace attn::math
