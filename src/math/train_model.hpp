// A tiny trainable attention model: fixed embeddings X, learned W_Q, W_K, W_V and a linear readout.
// One forward pass keeps every intermediate, because the hand-derived backward pass needs them.
#pragma once
#include <armadillo>
#include <cstdint>
#include <vector>

namespace attn::math {

// Everything that training changes. Shapes: d = d_model, C = number of classes.
struct TinyAttention {
    arma::mat wq;        // (d, d_k)
    arma::mat wk;        // (d, d_k)
    arma::mat wv;        // (d, d_v)
    arma::mat w_out;     // (d_v, C)  readout: a token's attention output → class scores
    arma::rowvec b_out;  // (1, C)
};

// One training example: the token embeddings, which rows are read out, and the class of each.
// Sense task: one readout row (the focus word). Copy task: every row, target = its own token.
struct Example {
    arma::mat x;                       // (n, d)
    std::vector<arma::uword> rows;     // rows of the attention output that are classified
    std::vector<arma::uword> targets;  // class index for each of `rows`
};

// Every stage of one forward pass over one example.
struct ForwardTrace {
    arma::mat q, k, v;  // (n, d_k), (n, d_k), (n, d_v)
    arma::mat scaled;   // (n, n)  Q·Kᵀ / √d_k
    arma::mat weights;  // (n, n)  row-wise softmax of scaled
    arma::mat output;   // (n, d_v)  weights·V
    arma::mat logits;   // (m, C)  output rows `rows` · W_out + b_out
    arma::mat probs;    // (m, C)  row-wise softmax of logits
    double loss = 0;    // mean over the m readout rows of −log probs(i, target_i)
};

// Initial weights like torch.nn.Linear (uniform ±1/√fan_in), one seed per matrix derived from `seed`,
// and a zero bias. Small weights give near-uniform attention: nothing has been learned yet.
TinyAttention init_tiny_attention(arma::uword d_model, arma::uword d_k, arma::uword d_v,
                                  arma::uword n_classes, std::uint64_t seed);

// A NaN loss (with the later stages left empty) means the numbers overflowed: training diverged.
ForwardTrace forward(const TinyAttention& model, const Example& example);

// Mean loss over examples (each example's loss is itself a mean over its readout rows).
double mean_loss(const TinyAttention& model, const std::vector<Example>& examples);

// Readout rows classified correctly (argmax of the logits), and how many there are in total.
struct Accuracy {
    arma::uword correct = 0;
    arma::uword total = 0;
    double fraction() const {
        return total ? static_cast<double>(correct) / static_cast<double>(total) : 0.0;
    }
};
Accuracy accuracy(const TinyAttention& model, const std::vector<Example>& examples);

// −log softmax(logits)[target] for one row, computed as logsumexp − logit so it neither over- nor
// underflows for large logits.
double cross_entropy_row(const arma::rowvec& logits, arma::uword target);

}  // namespace attn::math
