#include "math/explain.hpp"

#include <cmath>
#include <string>
#include <tuple>

#include "math/shapes.hpp"

namespace attn::math {

namespace {
void require_cell(const HeadTrace& head, arma::uword row, arma::uword col) {
    require(row < head.weights.n_rows && col < head.weights.n_cols,
            "cell (" + std::to_string(row) + ", " + std::to_string(col) + ") is outside the weights " +
                shape_of(head.weights) + "; rows and columns count from 0");
}

// The rotation of every pair of q_row and k_col, recomputed from the raw q and k.
std::vector<RotatedPair> explain_rotations(const HeadTrace& head, arma::uword row, arma::uword col,
                                           const Rope& rope, double& q_position, double& k_position) {
    // RoPE turns the normalised rows when QK-norm ran.
    const arma::mat& q_in = head.q_norm ? *head.q_norm : head.q;
    const arma::mat& k_in = head.k_norm ? *head.k_norm : head.k;
    q_position = rope.offset + static_cast<double>(row);
    k_position = rope.offset + static_cast<double>(col);
    std::vector<RotatedPair> pairs;
    const arma::uword r = rope_dims(rope, head.q.n_cols);
    const std::vector<double> thetas = rope_thetas(rope, r);  // scaled as --rope-scaling asks
    for (arma::uword i = 0; i < r / 2; ++i) {
        RotatedPair p;
        std::tie(p.first, p.second) = rope_pair(rope, head.q.n_cols, i);
        p.theta = thetas[i];
        p.q_angle = q_position * p.theta;
        p.k_angle = k_position * p.theta;
        const arma::uword dims[2] = {p.first, p.second};
        for (int c = 0; c < 2; ++c) {
            p.q_before[c] = q_in(row, dims[c]);
            p.k_before[c] = k_in(col, dims[c]);
            p.q_after[c] = (*head.q_rot)(row, dims[c]);
            p.k_after[c] = (*head.k_rot)(col, dims[c]);
        }
        pairs.push_back(p);
    }
    return pairs;
}
}  // namespace

LinearExplanation explain_linear_weight(const HeadTrace& head, arma::uword row, arma::uword col) {
    require(head.phi_q && head.phi_k, "this head was not computed with the linear kernel");
    require_cell(head, row, col);
    LinearExplanation e;
    e.row = row;
    e.col = col;
    for (arma::uword d = 0; d < head.phi_q->n_cols; ++d) {
        e.phi_q_terms.push_back((*head.phi_q)(row, d));
        e.phi_k_terms.push_back((*head.phi_k)(col, d));
        e.products.push_back(e.phi_q_terms.back() * e.phi_k_terms.back());
        e.similarity += e.products.back();
    }
    for (arma::uword j = 0; j < head.phi_k->n_rows; ++j) {
        // A key with weight exactly 0 is one the (causal) query does not see.
        const double s =
            head.weights(row, j) == 0.0 ? 0.0 : arma::dot(head.phi_q->row(row), head.phi_k->row(j));
        e.row_similarities.push_back(s);
        e.row_sum += s;
    }
    if (head.weights(row, col) == 0.0) e.similarity = 0.0;
    e.weight = e.similarity / e.row_sum;
    return e;
}

WeightExplanation explain_weight(const HeadTrace& head, arma::uword row, arma::uword col,
                                 const HeadVariant& variant) {
    require(!head.scores.is_empty(), "this head has no scores (linear kernel): use explain_linear_weight");
    require(row < head.scores.n_rows && col < head.scores.n_cols,
            "cell (" + std::to_string(row) + ", " + std::to_string(col) + ") is outside the weights " +
                shape_of(head.weights) + "; rows and columns count from 0");
    WeightExplanation e;
    e.row = row;
    e.col = col;
    // The dot product uses the rotated vectors, else the normalised ones, else q and k as projected.
    const arma::mat& q = head.q_rot ? *head.q_rot : head.q_norm ? *head.q_norm : head.q;
    const arma::mat& k = head.k_rot ? *head.k_rot : head.k_norm ? *head.k_norm : head.k;
    e.normalised = head.q_norm.has_value();
    if (head.q_rot && variant.rope)
        e.rotations = explain_rotations(head, row, col, *variant.rope, e.q_position, e.k_position);
    for (arma::uword d = 0; d < q.n_cols; ++d) {
        e.q_terms.push_back(q(row, d));
        e.k_terms.push_back(k(col, d));
        e.products.push_back(q(row, d) * k(col, d));
    }
    e.score = head.scores(row, col);
    e.sqrt_d_k = std::sqrt(static_cast<double>(head.q.n_cols));
    e.scaled = head.scaled(row, col);
    if (head.capped && variant.softcap) {
        e.has_softcap = true;
        e.softcap = *variant.softcap;
        e.capped = (*head.capped)(row, col);
    }
    if (head.bias) {
        e.has_bias = true;
        e.bias = (*head.bias)(row, col);
        e.biased = (*head.biased)(row, col);
    }
    if (head.tempered) {
        e.has_temperature = true;
        e.temperature = variant.temperature;
        e.tempered = (*head.tempered)(row, col);
    }
    const arma::mat& logits = head.masked     ? *head.masked
                              : head.tempered ? *head.tempered
                              : head.biased   ? *head.biased
                              : head.capped   ? *head.capped
                                              : head.scaled;
    e.blocked = !std::isfinite(logits(row, col));
    // A learned sink is one more column of the row: the max and the sum take it too.
    e.has_sink = variant.sink_logit.has_value();
    e.sink_logit = variant.sink_logit.value_or(0.0);
    e.row_max = e.has_sink ? e.sink_logit : -INFINITY;
    for (arma::uword j = 0; j < logits.n_cols; ++j)
        if (std::isfinite(logits(row, j))) e.row_max = std::max(e.row_max, logits(row, j));
    for (arma::uword j = 0; j < logits.n_cols; ++j) {
        e.row_logits.push_back(logits(row, j));
        e.row_exps.push_back(std::exp(logits(row, j) - e.row_max));
        e.row_sum += e.row_exps.back();
    }
    if (e.has_sink) {
        e.sink_exp = std::exp(e.sink_logit - e.row_max);
        e.row_sum += e.sink_exp;
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
