#include "math/explain.hpp"

#include <cmath>
#include <string>

#include "math/shapes.hpp"

namespace attn::math {

WeightExplanation explain_weight(const HeadTrace& head, arma::uword row, arma::uword col) {
    require(row < head.scores.n_rows && col < head.scores.n_cols,
            "cell (" + std::to_string(row) + ", " + std::to_string(col) + ") is outside the weights " +
                shape_of(head.weights) + "; rows and columns count from 0");
    WeightExplanation e;
    e.row = row;
    e.col = col;
    for (arma::uword d = 0; d < head.q.n_cols; ++d) {
        e.q_terms.push_back(head.q(row, d));
        e.k_terms.push_back(head.k(col, d));
        e.products.push_back(head.q(row, d) * head.k(col, d));
    }
    e.score = head.scores(row, col);
    e.sqrt_d_k = std::sqrt(static_cast<double>(head.q.n_cols));
    e.scaled = head.scaled(row, col);
    const arma::mat& logits = head.masked ? *head.masked : head.scaled;
    e.blocked = !std::isfinite(logits(row, col));
    e.row_max = -INFINITY;
    for (arma::uword j = 0; j < logits.n_cols; ++j)
        if (std::isfinite(logits(row, j))) e.row_max = std::max(e.row_max, logits(row, j));
    for (arma::uword j = 0; j < logits.n_cols; ++j) {
        e.row_logits.push_back(logits(row, j));
        e.row_exps.push_back(std::exp(logits(row, j) - e.row_max));
        e.row_sum += e.row_exps.back();
    }
    e.weight = e.row_exps[col] / e.row_sum;
    return e;
}

double cosine_similarity(const arma::rowvec& a, const arma::rowvec& b) {
    require(a.n_elem == b.n_elem && a.n_elem > 0,
            "cosine similarity needs two non-empty vectors of equal length, got " + std::to_string(a.n_elem) +
                " and " + std::to_string(b.n_elem));
    const double norms = arma::norm(a) * arma::norm(b);
    require(norms > 0, "cosine similarity is undefined for a zero vector");
    return arma::dot(a, b) / norms;
}

}  // namespace attn::math
