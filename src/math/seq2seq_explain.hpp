// The arithmetic behind one score of encoder–decoder attention, term by term, for `--explain STEP`.
#pragma once
#include <armadillo>

#include "math/seq2seq.hpp"

namespace attn::math {

struct ScoreDetail {
    // dot and general: score = Σ_d left[d]·right[d], with left = h_t (dot) or h_tᵀW_a (general), right = h̄_s.
    arma::rowvec left, right, products;
    // concat and additive: score = v_a · tanh(pre), pre = W_a[h_t; h̄_s] or W_a s_(t−1) + U_a h̄_s.
    arma::rowvec pre, activated, va;
    double score = 0;
};

// query (1, d_t), key (1, d_s): one row of the encoder. Weights as for score_row (checked there).
ScoreDetail score_detail(ScoreKind kind, const arma::rowvec& query, const arma::rowvec& key,
                         const ScoreWeights& w);

// z = v_pᵀ tanh(W_p h_t), so that p_t = S·sigmoid(z). query (1, d_t).
double position_logit(const arma::rowvec& query, const PositionWeights& w);

}  // namespace attn::math
