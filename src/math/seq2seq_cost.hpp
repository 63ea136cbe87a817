// What one decoder step costs, counted in arithmetic operations, for global and local attention.
//
// Counting rules (documented in lessons/11-local-hard-attention.md): a multiply-add counts 1, and so
// does each exp, tanh, sigmoid, addition, subtraction or division that is not part of a multiply-add.
// Nothing is cached across steps. Per scored position:
//   dot      d_s                      (h_t·h̄_s)
//   general  d_s, plus d_t·d_s once per step for h_tᵀW_a
//   concat / additive  d_a·d_s + 3·d_a (the h̄_s half of W_a or U_a, the add, tanh, v_a·),
//            plus d_a·d_t once per step for the h_t half
// then 3 per position for the softmax (exp, sum, divide) and d_s per position for c_t = Σ a_s h̄_s.
// local-p adds d_p·d_t + 2·d_p + 2 per step to predict p_t and 4 per position for the Gaussian.
// Global attention scores all S positions; local attention at most 2D + 1.
#pragma once
#include <armadillo>
#include <vector>

#include "math/seq2seq.hpp"

namespace attn::math {

struct CostDims {
    arma::uword d_t = 0, d_s = 0;
    arma::uword d_a = 0;  // rows of W_a for concat/additive (0 otherwise)
    arma::uword d_p = 0;  // rows of W_p for local-p
};

struct StepCost {
    double scoring = 0;   // the scores of every position looked at
    double softmax = 0;   // exp, sum, divide
    double context = 0;   // Σ_s a_s h̄_s
    double position = 0;  // local-p: p_t and the Gaussian
    double total() const { return scoring + softmax + context + position; }
};

// Positions one step scores: S for global and hard, min(S, 2D + 1) for local.
arma::uword positions_scored(AttentionKind attention, arma::uword n_source, arma::uword window);

StepCost step_cost(ScoreKind score, AttentionKind attention, const CostDims& dims, arma::uword n_source,
                   arma::uword window);

// One row of the cost table: S and the total per step of global, local-m and local-p.
struct CostRow {
    arma::uword n_source = 0;
    arma::uword local_positions = 0;  // min(S, 2D + 1)
    double global = 0, local_m = 0, local_p = 0;
};

std::vector<CostRow> cost_table(ScoreKind score, const CostDims& dims, arma::uword window,
                                const std::vector<arma::uword>& sizes);

}  // namespace attn::math
