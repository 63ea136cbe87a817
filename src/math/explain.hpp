// The arithmetic behind one attention weight, term by term, for lessons and `--explain`.
#pragma once
#include <armadillo>
#include <vector>

#include "math/attention.hpp"

namespace attn::math {

// How weight (row, col) of one head came to be.
struct WeightExplanation {
    arma::uword row = 0, col = 0;
    std::vector<double> q_terms;    // q_row[d], d = 0..d_k-1
    std::vector<double> k_terms;    // k_col[d]
    std::vector<double> products;   // q_row[d]·k_col[d]
    double score = 0;               // Σ products = (Q·Kᵀ)[row, col]
    double sqrt_d_k = 0;            // √d_k
    double scaled = 0;              // score / √d_k
    bool blocked = false;           // the mask hides this key from this query
    double row_max = 0;             // max of the row's unmasked scaled scores (subtracted for stability)
    std::vector<double> row_logits; // the row's scaled (and masked) scores, −∞ where blocked
    std::vector<double> row_exps;   // exp(scaled[row, j] − row_max) for every key j (0 where blocked)
    double row_sum = 0;             // Σ row_exps
    double weight = 0;              // row_exps[col] / row_sum
};

// Recomputes weight (row, col) of `head` from its q and k, step by step, and checks nothing else:
// the result agrees with head.weights(row, col). Throws when row or col is out of range.
WeightExplanation explain_weight(const HeadTrace& head, arma::uword row, arma::uword col);

// Cosine similarity a·b / (|a||b|) of two vectors given as rows or columns of equal length.
double cosine_similarity(const arma::rowvec& a, const arma::rowvec& b);

}  // namespace attn::math
