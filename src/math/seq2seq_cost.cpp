#include "math/seq2seq_cost.hpp"

#include <algorithm>

namespace attn::math {

namespace {
// Operations for one position's score, and those paid once per step whatever the window.
std::pair<double, double> score_cost(ScoreKind score, const CostDims& d) {
    const double d_t = static_cast<double>(d.d_t), d_s = static_cast<double>(d.d_s),
                 d_a = static_cast<double>(d.d_a);
    switch (score) {
        case ScoreKind::dot:
            return {d_s, 0.0};
        case ScoreKind::general:
            return {d_s, d_t * d_s};
        default:
            return {d_a * d_s + 3.0 * d_a, d_a * d_t};
    }
}
}  // namespace

arma::uword positions_scored(AttentionKind attention, arma::uword n_source, arma::uword window) {
    if (attention == AttentionKind::global || attention == AttentionKind::hard) return n_source;
    return std::min(n_source, 2 * window + 1);
}

StepCost step_cost(ScoreKind score, AttentionKind attention, const CostDims& dims, arma::uword n_source,
                   arma::uword window) {
    const double n = static_cast<double>(positions_scored(attention, n_source, window));
    const auto [per_position, per_step] = score_cost(score, dims);
    StepCost cost;
    cost.scoring = per_step + n * per_position;
    cost.softmax = 3.0 * n;
    cost.context = n * static_cast<double>(dims.d_s);
    if (attention == AttentionKind::local_p) {
        const double d_p = static_cast<double>(dims.d_p);
        cost.position = d_p * static_cast<double>(dims.d_t) + 2.0 * d_p + 2.0 + 4.0 * n;
    }
    return cost;
}

std::vector<CostRow> cost_table(ScoreKind score, const CostDims& dims, arma::uword window,
                                const std::vector<arma::uword>& sizes) {
    std::vector<CostRow> rows;
    for (arma::uword s : sizes)
        rows.push_back({s, positions_scored(AttentionKind::local_m, s, window),
                        step_cost(score, AttentionKind::global, dims, s, window).total(),
                        step_cost(score, AttentionKind::local_m, dims, s, window).total(),
                        step_cost(score, AttentionKind::local_p, dims, s, window).total()});
    return rows;
}

}  // namespace attn::math
