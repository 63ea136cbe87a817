// The arithmetic behind one attention weight, term by term, for lessons and `--explain`.
#pragma once
#include <armadillo>
#include <array>
#include <vector>

#include "math/attention.hpp"

namespace attn::math {

// RoPE's rotation of one pair of dimensions of a query and a key: (2i, 2i+1), or (i, i + r/2) for halves.
struct RotatedPair {
    arma::uword first = 0, second = 0;            // the pair's dimensions
    double theta = 0;                             // base^(−2i/r), r = the dimensions RoPE turns
    double q_angle = 0, k_angle = 0;              // position·θ for the query's and the key's position
    std::array<double, 2> q_before{}, q_after{};  // (x[first], x[second]) before and after the rotation
    std::array<double, 2> k_before{}, k_after{};
};

// How weight (row, col) of one head came to be.
struct WeightExplanation {
    std::vector<RotatedPair> rotations;     // RoPE only: one per pair; q_terms/k_terms are then rotated
    bool normalised = false;                // QK-norm ran: q_terms/k_terms are of q_norm, k_norm (rotated)
    double q_position = 0, k_position = 0;  // RoPE only: the positions the rotations used
    bool has_softcap = false;               // softcapping only:
    double softcap = 0;                     //   C
    double capped = 0;                      //   C·tanh(scaled / C)
    bool has_bias = false;                  // a bias variant only:
    double bias = 0;                        //   bias[row, col] = −slope·distance
    double biased = 0;                      //   (capped or scaled) + bias
    bool has_temperature = false;           // T != 1 only:
    double temperature = 1.0;               //   T
    double tempered = 0;                    //   (biased, capped or scaled) / T
    arma::uword row = 0, col = 0;
    std::vector<double> q_terms;     // q_row[d], d = 0..d_k-1
    std::vector<double> k_terms;     // k_col[d]
    std::vector<double> products;    // q_row[d]·k_col[d]
    double score = 0;                // Σ products = (Q·Kᵀ)[row, col]
    double sqrt_d_k = 0;             // √d_k
    double scaled = 0;               // score / √d_k
    bool blocked = false;            // the mask hides this key from this query
    double row_max = 0;              // max of the row's unmasked logits (subtracted for stability)
    std::vector<double> row_logits;  // the row's logits (scaled, biased, tempered), −∞ where blocked
    std::vector<double> row_exps;    // exp(scaled[row, j] − row_max) for every key j (0 where blocked)
    double row_sum = 0;              // Σ row_exps (plus sink_exp with a learned sink)
    bool has_sink = false;           // a learned sink only (gpt-oss):
    double sink_logit = 0;           //   the head's sink logit, one more column of the row's softmax
    double sink_exp = 0;  //   exp(sink_logit − row_max), in row_sum; its weight is sink_exp / row_sum
    double weight = 0;    // row_exps[col] / row_sum
};

// Recomputes weight (row, col) of `head` from its q and k, step by step, and checks nothing else:
// the result agrees with head.weights(row, col). Throws when row or col is out of range.
// `variant` says which position transform and bias the head used (its RoPE base and offset) and
// its temperature.
WeightExplanation explain_weight(const HeadTrace& head, arma::uword row, arma::uword col,
                                 const HeadVariant& variant = {});

// How linear attention's weight (row, col) came to be: φ(q)·φ(k) against the row's other keys.
struct LinearExplanation {
    arma::uword row = 0, col = 0;
    std::vector<double> phi_q_terms, phi_k_terms, products;  // φ(q_row)[d], φ(k_col)[d], their products
    double similarity = 0;                                   // Σ products
    std::vector<double> row_similarities;  // φ(q_row)·φ(k_j) for every key j (0 where not seen)
    double row_sum = 0;                    // Σ row_similarities
    double weight = 0;                     // similarity / row_sum
};
LinearExplanation explain_linear_weight(const HeadTrace& head, arma::uword row, arma::uword col);

// Cosine similarity a·b / (|a||b|) of two vectors given as rows or columns of equal length.
double cosine_similarity(const arma::rowvec& a, const arma::rowvec& b);

}  // namespace attn::math
