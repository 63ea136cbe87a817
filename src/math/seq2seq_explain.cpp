#include "math/seq2seq_explain.hpp"

namespace attn::math {

ScoreDetail score_detail(ScoreKind kind, const arma::rowvec& query, const arma::rowvec& key,
                         const ScoreWeights& w) {
    check_score_weights(kind, w, query.n_elem, key.n_elem);
    ScoreDetail d;
    if (kind == ScoreKind::dot || kind == ScoreKind::general) {
        d.left = kind == ScoreKind::dot ? query : arma::rowvec(query * (*w.wa));
        d.right = key;
        d.products = d.left % d.right;
        d.score = arma::accu(d.products);
        return d;
    }
    const arma::mat& wa = *w.wa;
    const arma::uword d_t = query.n_elem;
    const arma::vec from_query = wa.cols(0, d_t - 1) * query.t();  // (d_a)
    const arma::vec from_key = kind == ScoreKind::concat ? arma::vec(wa.cols(d_t, wa.n_cols - 1) * key.t())
                                                         : arma::vec(*w.ua * key.t());
    d.pre = (from_query + from_key).t();
    d.activated = arma::tanh(d.pre);
    d.va = w.va->t();
    d.score = arma::dot(d.activated, d.va);
    return d;
}

double position_logit(const arma::rowvec& query, const PositionWeights& w) {
    const arma::vec hidden = arma::tanh(w.wp * query.t());
    return arma::dot(w.vp, hidden);
}

}  // namespace attn::math
