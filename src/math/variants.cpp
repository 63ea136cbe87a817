#include "math/variants.hpp"

#include <cmath>
#include <string>

#include "math/shapes.hpp"

namespace attn::math {

arma::mat rope_rotate(const arma::mat& x, double base, double first_position) {
    require(x.n_cols % 2 == 0, "RoPE rotates pairs of dimensions, so d_k must be even; got x " + shape_of(x));
    require(base > 0 && std::isfinite(base),
            "the RoPE base must be a positive number, got " + std::to_string(base));
    require(std::isfinite(first_position), "the RoPE position offset must be finite");
    const double d = static_cast<double>(x.n_cols);
    arma::mat out(x.n_rows, x.n_cols);
    for (arma::uword pair = 0; pair < x.n_cols / 2; ++pair) {
        const double theta = std::pow(base, -2.0 * static_cast<double>(pair) / d);
        for (arma::uword r = 0; r < x.n_rows; ++r) {
            const double angle = (first_position + static_cast<double>(r)) * theta;
            const double c = std::cos(angle), s = std::sin(angle);
            const double a = x(r, 2 * pair), b = x(r, 2 * pair + 1);
            out(r, 2 * pair) = a * c - b * s;
            out(r, 2 * pair + 1) = a * s + b * c;
        }
    }
    return out;
}

namespace {
bool power_of_two(arma::uword n) { return n > 0 && (n & (n - 1)) == 0; }

std::vector<double> power_of_two_slopes(arma::uword n) {
    std::vector<double> slopes;
    for (arma::uword h = 1; h <= n; ++h)
        slopes.push_back(std::exp2(-8.0 * static_cast<double>(h) / static_cast<double>(n)));
    return slopes;
}
}  // namespace

std::vector<double> alibi_slopes(arma::uword n_heads) {
    require(n_heads >= 1, "ALiBi needs at least one head, got 0");
    if (power_of_two(n_heads)) return power_of_two_slopes(n_heads);
    arma::uword lower = 1;
    while (lower * 2 < n_heads) lower *= 2;
    std::vector<double> slopes = power_of_two_slopes(lower);
    // The reference code recurses on 2P; 2P is a power of two, so its slopes are direct.
    const std::vector<double> twice = power_of_two_slopes(2 * lower);
    for (arma::uword i = 0; slopes.size() < n_heads; i += 2) slopes.push_back(twice[i]);
    return slopes;
}

arma::mat alibi_bias(arma::uword n_queries, arma::uword n_keys, double slope, bool causal) {
    arma::mat bias(n_queries, n_keys);
    for (arma::uword i = 0; i < n_queries; ++i)
        for (arma::uword j = 0; j < n_keys; ++j) {
            const double offset = static_cast<double>(i) - static_cast<double>(j);
            bias(i, j) = -slope * (causal ? offset : std::fabs(offset));
        }
    return bias;
}

arma::umat window_keep(arma::uword n_queries, arma::uword n_keys, arma::uword window, arma::uword sinks) {
    require(window >= 1, "a sliding window must hold at least 1 key (the query's own), got 0");
    arma::umat keep(n_queries, n_keys, arma::fill::zeros);
    for (arma::uword i = 0; i < n_queries; ++i)
        for (arma::uword j = 0; j <= i && j < n_keys; ++j)
            if (j + window > i || j < sinks)
                keep(i, j) = 1;  // j ≥ i − window + 1, without unsigned underflow
    return keep;
}

arma::mat elu_plus_one(const arma::mat& x) {
    arma::mat out = x;
    out.transform([](double value) { return value > 0 ? value + 1.0 : std::exp(value); });
    return out;
}

namespace {
// A[i][j] = φ(q_i)·φ(k_j) normalised over the keys query i sees: what linear attention weighs V with.
arma::mat equivalent_weights(const arma::mat& phi_q, const arma::mat& phi_k, bool causal) {
    arma::mat similarity = phi_q * phi_k.t();  // (L, S)
    if (causal)
        for (arma::uword i = 0; i < similarity.n_rows; ++i)
            for (arma::uword j = i + 1; j < similarity.n_cols; ++j) similarity(i, j) = 0.0;
    const arma::colvec row_sums = arma::sum(similarity, 1);
    arma::mat weights = similarity.each_col() / row_sums;
    return weights;
}
}  // namespace

LinearTrace linear_attention(const arma::mat& q, const arma::mat& k, const arma::mat& v, bool causal) {
    require(q.n_cols == k.n_cols,
            "Q " + shape_of(q) + " and K " + shape_of(k) + " need the same number of columns (d_k)");
    require(k.n_rows == v.n_rows,
            "K " + shape_of(k) + " and V " + shape_of(v) + " need the same number of rows (one per key)");
    LinearTrace t;
    t.phi_q = elu_plus_one(q);
    t.phi_k = elu_plus_one(k);
    if (!causal) {
        t.kv = t.phi_k.t() * v;       // (d_k, S)·(S, d_v): every key's contribution, summed once
        t.z = arma::sum(t.phi_k, 0);  // (1, d_k): the normaliser's keys, summed once
        const arma::mat numerators = t.phi_q * t.kv;          // (L, d_v)
        const arma::colvec denominators = t.phi_q * t.z.t();  // (L, 1)
        t.output = numerators.each_col() / denominators;
    } else {
        // Query i sees keys 0..i: add key i to the running state, then read it. Only this state of
        // fixed size (d_k, d_v) + (1, d_k) is carried from one token to the next.
        arma::mat kv(q.n_cols, v.n_cols, arma::fill::zeros);
        arma::rowvec z(q.n_cols, arma::fill::zeros);
        t.output.set_size(q.n_rows, v.n_cols);
        for (arma::uword i = 0; i < q.n_rows; ++i) {
            if (i < k.n_rows) {
                kv += t.phi_k.row(i).t() * v.row(i);
                z += t.phi_k.row(i);
            }
            t.output.row(i) = (t.phi_q.row(i) * kv) / arma::dot(t.phi_q.row(i), z);
        }
    }
    t.weights = equivalent_weights(t.phi_q, t.phi_k, causal);
    return t;
}

}  // namespace attn::math
