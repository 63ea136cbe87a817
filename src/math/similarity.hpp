// Similarity of token vectors, every row of one matrix against every row of another: the dot product
// (what attention scores are made of) and the cosine (the same, with the lengths divided out).
#pragma once
#include <armadillo>

namespace attn::math {

// A·Bᵀ: (n, d) × (m, d) → (n, m). Cell (i, j) is Σ_d a_i[d]·b_j[d]: large when both vectors are large
// in the same dimensions.
arma::mat dot_similarity(const arma::mat& a, const arma::mat& b);

// Cell (i, j) = a_i·b_j / (|a_i|·|b_j|), in [−1, 1]: only the directions count, not the lengths.
// A zero row has no direction, so every cell it takes part in is NaN (undefined), not an invented 0.
arma::mat cosine_similarity_matrix(const arma::mat& a, const arma::mat& b);  // (n, d), (m, d) → (n, m)

}  // namespace attn::math
