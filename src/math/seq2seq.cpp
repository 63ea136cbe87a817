#include "math/seq2seq.hpp"

#include <cmath>
#include <limits>
#include <sstream>

#include "math/shapes.hpp"

namespace attn::math {

namespace {
constexpr double kMinusInf = -std::numeric_limits<double>::infinity();

std::string dims(arma::uword d_t, arma::uword d_s) {
    return " (queries have d_t = " + std::to_string(d_t) + ", encoder states d_s = " + std::to_string(d_s) +
           ")";
}

void require_present(bool present, const std::string& what, ScoreKind kind) {
    static const char* names[] = {"dot", "general", "concat", "additive"};
    require(present, std::string("the ") + names[static_cast<int>(kind)] + " score needs " + what);
}

void check_tanh_score(ScoreKind kind, const ScoreWeights& w, arma::uword d_t, arma::uword d_s) {
    require_present(w.wa.has_value(), "W_a", kind);
    require_present(w.va.has_value(), "v_a", kind);
    const arma::uword d_a = w.wa->n_rows;
    if (kind == ScoreKind::concat) {
        require(w.wa->n_cols == d_t + d_s, "concat W_a " + shape_of(*w.wa) +
                                               " needs d_t + d_s = " + std::to_string(d_t + d_s) +
                                               " columns, the first d_t for h_t" + dims(d_t, d_s));
    } else {
        require_present(w.ua.has_value(), "U_a", kind);
        require(w.wa->n_cols == d_t, "additive W_a " + shape_of(*w.wa) +
                                         " needs d_t = " + std::to_string(d_t) + " columns" + dims(d_t, d_s));
        require(w.ua->n_rows == d_a && w.ua->n_cols == d_s,
                "additive U_a " + shape_of(*w.ua) + " must be (d_a, d_s) = (" + std::to_string(d_a) + ", " +
                    std::to_string(d_s) + ")" + dims(d_t, d_s));
        require_finite(*w.ua, "U_a");
    }
    require(w.va->n_elem == d_a, "v_a has " + std::to_string(w.va->n_elem) + " numbers but W_a " +
                                     shape_of(*w.wa) + " has d_a = " + std::to_string(d_a) + " rows");
    require_finite(*w.wa, "W_a");
    require_finite(arma::mat(*w.va), "v_a");
}

// v_aᵀ tanh(pre_s) for every encoder row s of `pre` (n, d_a) → (1, n).
arma::rowvec tanh_scores(const arma::mat& pre, const arma::vec& va) {
    const arma::mat activated = arma::tanh(pre);  // (n, d_a)
    const arma::vec scores = activated * va;      // (n)
    return scores.t();
}

// Scores of query (1, d_t) against `keys` (n, d_s), the encoder rows inside the window. (1, n)
arma::rowvec scores_for(ScoreKind kind, const arma::rowvec& query, const arma::mat& keys,
                        const ScoreWeights& w) {
    const arma::uword d_t = query.n_elem;
    if (kind == ScoreKind::dot) return query * keys.t();
    if (kind == ScoreKind::general) return (query * (*w.wa)) * keys.t();  // h_tᵀ W_a h̄_s
    const arma::mat& wa = *w.wa;
    const arma::mat from_keys = kind == ScoreKind::concat ? arma::mat(keys * wa.cols(d_t, wa.n_cols - 1).t())
                                                          : arma::mat(keys * w.ua->t());  // (n, d_a)
    const arma::rowvec from_query = query * wa.cols(0, d_t - 1).t();                      // (1, d_a)
    arma::mat pre = from_keys;
    pre.each_row() += from_query;
    return tanh_scores(pre, *w.va);
}
}  // namespace

void check_score_weights(ScoreKind kind, const ScoreWeights& w, arma::uword d_t, arma::uword d_s) {
    if (kind == ScoreKind::dot) {
        require(d_t == d_s, "the dot score h_tᵀh̄_s needs queries and encoder states of the same width" +
                                dims(d_t, d_s) + "; use --score general to compare different widths");
    } else if (kind == ScoreKind::general) {
        require_present(w.wa.has_value(), "W_a", kind);
        require(w.wa->n_rows == d_t && w.wa->n_cols == d_s,
                "general W_a " + shape_of(*w.wa) + " must be (d_t, d_s) = (" + std::to_string(d_t) + ", " +
                    std::to_string(d_s) + ")");
        require_finite(*w.wa, "W_a");
    } else {
        check_tanh_score(kind, w, d_t, d_s);
    }
}

arma::rowvec score_row(ScoreKind kind, const arma::rowvec& query, const arma::mat& encoder,
                       const ScoreWeights& w, arma::uword first, arma::uword last) {
    require(first <= last && last < encoder.n_rows, "window [" + std::to_string(first) + ", " +
                                                        std::to_string(last) + "] does not lie inside the " +
                                                        std::to_string(encoder.n_rows) + " source positions");
    check_score_weights(kind, w, query.n_elem, encoder.n_cols);
    arma::rowvec row(encoder.n_rows);
    row.fill(kMinusInf);
    row.cols(first, last) = scores_for(kind, query, encoder.rows(first, last), w);
    return row;
}

arma::rowvec window_softmax(const arma::rowvec& scores, arma::uword first, arma::uword last) {
    require(first <= last && last < scores.n_elem, "window outside the scores");
    const arma::rowvec inside = scores.cols(first, last);
    const arma::rowvec exps =
        arma::exp(inside - inside.max());  // minus the max only so that exp cannot overflow
    arma::rowvec weights(scores.n_elem, arma::fill::zeros);
    weights.cols(first, last) = exps / arma::accu(exps);
    return weights;
}

double predicted_position(const arma::rowvec& query, const PositionWeights& w, arma::uword n_source) {
    require(w.wp.n_cols == query.n_elem,
            "W_p " + shape_of(w.wp) +
                " needs one column per query dimension (d_t = " + std::to_string(query.n_elem) + ")");
    require(w.vp.n_elem == w.wp.n_rows, "v_p has " + std::to_string(w.vp.n_elem) + " numbers but W_p " +
                                            shape_of(w.wp) + " has d_p = " + std::to_string(w.wp.n_rows) +
                                            " rows");
    const arma::vec hidden = arma::tanh(w.wp * query.t());  // (d_p)
    const double z = arma::dot(w.vp, hidden);
    return static_cast<double>(n_source) / (1.0 + std::exp(-z));
}

std::pair<arma::uword, arma::uword> local_window(double p, arma::uword d, arma::uword n_source,
                                                 arma::uword step) {
    require(d >= 1, "the window half-width D must be at least 1, got " + std::to_string(d));
    const double low = std::max(0.0, std::ceil(p - static_cast<double>(d)));
    const double high = std::min(static_cast<double>(n_source) - 1.0, std::floor(p + static_cast<double>(d)));
    if (low > high) {
        std::ostringstream where;
        where << "step " << step << " (0-based): p_t = " << p << " and D = " << d << " reach positions "
              << std::ceil(p - d) << ".." << std::floor(p + d) << ", but the source has only 0.."
              << n_source - 1 << "; widen --window or use global attention";
        throw std::invalid_argument(where.str());
    }
    return {static_cast<arma::uword>(low), static_cast<arma::uword>(high)};
}

arma::rowvec gaussian_row(double p, arma::uword d, arma::uword n_source, arma::uword first,
                          arma::uword last) {
    const double sigma = static_cast<double>(d) / 2.0;
    arma::rowvec g(n_source, arma::fill::zeros);
    for (arma::uword s = first; s <= last && s < n_source; ++s) {
        const double offset = static_cast<double>(s) - p;
        g(s) = std::exp(-(offset * offset) / (2.0 * sigma * sigma));
    }
    return g;
}

arma::rowvec attentional_state(const arma::rowvec& context, const arma::rowvec& state, const arma::mat& wc) {
    require(wc.n_cols == context.n_elem + state.n_elem,
            "W_c " + shape_of(wc) + " needs d_s + d_t = " + std::to_string(context.n_elem) + " + " +
                std::to_string(state.n_elem) + " columns, the first d_s for c_t");
    const arma::vec joined = arma::join_cols(context.t(), state.t());  // [c_t; h_t]
    const arma::vec h = arma::tanh(wc * joined);
    return h.t();
}

}  // namespace attn::math
