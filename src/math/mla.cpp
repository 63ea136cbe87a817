#include "math/mla.hpp"

#include <cmath>
#include <stdexcept>

#include "math/attention.hpp"

namespace attn::math {

namespace {

std::string shape_text(arma::uword rows, arma::uword cols) {
    return std::to_string(rows) + " x " + std::to_string(cols);
}

// "" or "kv_b is 3 x 7; it needs kv_lora_rank x H·(qk_nope_dim + v_dim) = 3 x 8".
std::string misfit(const std::string& key, const arma::mat& m, arma::uword rows, arma::uword cols,
                   const std::string& formula) {
    if (m.n_rows == rows && m.n_cols == cols) return "";
    return key + " is " + shape_text(m.n_rows, m.n_cols) + "; it needs " + formula + " = " +
           shape_text(rows, cols);
}

std::string norm_misfit(const std::string& key, const arma::rowvec& weight, arma::uword n,
                        const std::string& size) {
    if (weight.n_elem == n) return "";
    return key + " has " + std::to_string(weight.n_elem) + " numbers; it needs one row of " + size + " = " +
           std::to_string(n);
}

std::string shape_misfit(const MlaShape& s) {
    if (s.heads == 0 || s.kv_lora_rank == 0 || s.qk_nope_dim == 0 || s.v_dim == 0)
        return "heads, kv_lora_rank, qk_nope_dim and v_dim must be at least 1";
    if (s.qk_rope_dim == 0 || s.qk_rope_dim % 2 != 0)
        return "qk_rope_dim is " + std::to_string(s.qk_rope_dim) +
               "; RoPE turns pairs of dimensions, so it must be even and at least 2";
    if (!(s.rope_base > 1) || !std::isfinite(s.rope_base)) return "rope_base must be a finite number > 1";
    if (!(s.eps > 0) || !std::isfinite(s.eps)) return "eps must be a finite number > 0";
    return "";
}

// The columns [first, first + count) of m: (rows, count).
arma::mat columns(const arma::mat& m, arma::uword first, arma::uword count) {
    return m.cols(first, first + count - 1);
}

// Masked, tempered softmax of scaled scores: (L, S) → (L, S).
arma::mat masked_weights(const arma::mat& scaled, const std::optional<arma::umat>& keep) {
    return softmax_rows(keep ? apply_mask(scaled, *keep) : scaled);
}

// RoPE of the rope part, row r at position first + r: (n, rope) → (n, rope).
arma::mat rotate(const arma::mat& part, const MlaShape& s, const MlaOptions& o, double first) {
    Rope rope;
    rope.base = s.rope_base;
    rope.pairs = o.pairs;
    return rope_rotate(part, rope, first);
}

// X's queries, all heads, before RoPE: X·W_q, or RMSNorm(X·W_q_a)·W_q_b. (n, d_model) → (n, H·(nope+rope)).
arma::mat project_queries(const arma::mat& x, const MlaWeights& w, std::optional<arma::mat>* q_a) {
    if (w.shape.q_lora_rank == 0) return x * w.q;
    arma::mat compressed = rms_norm_rows(x * w.q_a, w.shape.eps, w.q_a_norm, false);  // (n, q_lora)
    arma::mat q = compressed * w.q_b;
    if (q_a) *q_a = std::move(compressed);
    return q;
}

// One head both ways, from the layer's shared parts. keep: (n, n) or none.
MlaHeadTrace head_both_ways(const MlaTrace& t, const MlaWeights& w, arma::uword h,
                            const std::optional<arma::umat>& keep, const MlaOptions& o) {
    const MlaShape& s = w.shape;
    MlaHeadTrace head;
    const arma::uword first = h * s.qk_head_dim();
    head.q_nope = columns(t.q, first, s.qk_nope_dim);
    head.q_rope = rotate(columns(t.q, first + s.qk_nope_dim, s.qk_rope_dim), s, o, o.first_position);
    const arma::mat w_uk = mla_w_uk(w, h);                     // (kv_lora, nope)
    const arma::mat w_uv = mla_w_uv(w, h);                     // (kv_lora, v)
    const arma::mat rope_scores = head.q_rope * t.k_rope.t();  // (n, n), the same in both ways
    const double factor = t.scale / o.temperature;
    // Naive: K and V of this head, up-projected from the latent.
    head.k_nope = t.latent * w_uk;
    head.v = t.latent * w_uv;
    head.scores = head.q_nope * head.k_nope.t() + rope_scores;
    head.scaled = head.scores * factor;
    head.weights = masked_weights(head.scaled, keep);
    head.output = head.weights * head.v;
    // Absorbed: q_nope·(c·W_UK)ᵀ = (q_nope·W_UKᵀ)·cᵀ, and weights·(c·W_UV) = (weights·c)·W_UV.
    head.q_absorbed = head.q_nope * w_uk.t();
    head.absorbed_scores = head.q_absorbed * t.latent.t() + rope_scores;
    head.absorbed_weights = masked_weights(head.absorbed_scores * factor, keep);
    head.latent_output = head.absorbed_weights * t.latent;
    head.absorbed_output = head.latent_output * w_uv;
    return head;
}

double largest_difference(const MlaTrace& t) {
    double d = arma::abs(t.output - t.absorbed_output).max();
    for (const MlaHeadTrace& h : t.heads) {
        d = std::max(d, arma::abs(h.scores - h.absorbed_scores).max());
        d = std::max(d, arma::abs(h.weights - h.absorbed_weights).max());
        d = std::max(d, arma::abs(h.output - h.absorbed_output).max());
    }
    return d;
}

void require_fits(const MlaWeights& w, arma::uword d_model) {
    const std::string why = mla_misfit(w, d_model);
    if (!why.empty()) throw std::invalid_argument("MLA: " + why);
}

}  // namespace

std::string mla_misfit(const MlaWeights& w, arma::uword d_model) {
    const MlaShape& s = w.shape;
    if (std::string why = shape_misfit(s); !why.empty()) return why;
    const arma::uword hq = s.heads * s.qk_head_dim(), hkv = s.heads * (s.qk_nope_dim + s.v_dim);
    const std::vector<std::string> checks{
        s.q_lora_rank == 0 ? misfit("q", w.q, d_model, hq, "d_model x H·(qk_nope_dim + qk_rope_dim)") : "",
        s.q_lora_rank > 0 ? misfit("q_a", w.q_a, d_model, s.q_lora_rank, "d_model x q_lora_rank") : "",
        s.q_lora_rank > 0 ? norm_misfit("q_a_norm", w.q_a_norm, s.q_lora_rank, "q_lora_rank") : "",
        s.q_lora_rank > 0
            ? misfit("q_b", w.q_b, s.q_lora_rank, hq, "q_lora_rank x H·(qk_nope_dim + qk_rope_dim)")
            : "",
        misfit("kv_a", w.kv_a, d_model, s.kv_lora_rank + s.qk_rope_dim,
               "d_model x (kv_lora_rank + qk_rope_dim)"),
        norm_misfit("kv_a_norm", w.kv_a_norm, s.kv_lora_rank, "kv_lora_rank"),
        misfit("kv_b", w.kv_b, s.kv_lora_rank, hkv, "kv_lora_rank x H·(qk_nope_dim + v_dim)"),
        misfit("o", w.o, s.heads * s.v_dim, d_model, "H·v_dim x d_model")};
    for (const std::string& why : checks)
        if (!why.empty()) return why;
    return "";
}

arma::mat mla_w_uk(const MlaWeights& w, arma::uword head) {
    return columns(w.kv_b, head * (w.shape.qk_nope_dim + w.shape.v_dim), w.shape.qk_nope_dim);
}

arma::mat mla_w_uv(const MlaWeights& w, arma::uword head) {
    return columns(w.kv_b, head * (w.shape.qk_nope_dim + w.shape.v_dim) + w.shape.qk_nope_dim, w.shape.v_dim);
}

double mla_scale(const MlaShape& s) { return 1.0 / std::sqrt(static_cast<double>(s.qk_head_dim())); }

MlaTrace mla_attention(const arma::mat& x, const MlaWeights& w, const std::optional<arma::umat>& keep,
                       const MlaOptions& o) {
    require_fits(w, x.n_cols);
    if (!(o.temperature > 0) || !std::isfinite(o.temperature))
        throw std::invalid_argument("MLA: the temperature must be a finite number > 0");
    if (keep && (keep->n_rows != x.n_rows || keep->n_cols != x.n_rows))
        throw std::invalid_argument("MLA: the mask must be n x n for n tokens");
    const MlaShape& s = w.shape;
    MlaTrace t;
    t.scale = mla_scale(s);
    t.q = project_queries(x, w, &t.q_a);
    t.kv_a = x * w.kv_a;
    t.latent = rms_norm_rows(columns(t.kv_a, 0, s.kv_lora_rank), s.eps, w.kv_a_norm, false);
    t.k_rope = rotate(columns(t.kv_a, s.kv_lora_rank, s.qk_rope_dim), s, o, o.first_position);
    t.concat.set_size(x.n_rows, s.heads * s.v_dim);
    arma::mat absorbed_concat(x.n_rows, s.heads * s.v_dim);
    for (arma::uword h = 0; h < s.heads; ++h) {
        t.heads.push_back(head_both_ways(t, w, h, keep, o));
        t.concat.cols(h * s.v_dim, (h + 1) * s.v_dim - 1) = t.heads.back().output;
        absorbed_concat.cols(h * s.v_dim, (h + 1) * s.v_dim - 1) = t.heads.back().absorbed_output;
    }
    t.output = t.concat * w.o;
    t.absorbed_output = absorbed_concat * w.o;
    t.max_abs_difference = largest_difference(t);
    return t;
}

MlaCacheSize mla_cache_size(const MlaShape& s) {
    MlaCacheSize c;
    c.mla = s.kv_lora_rank + s.qk_rope_dim;
    const arma::uword per_kv_head = s.qk_head_dim() + s.v_dim;
    c.mha = s.heads * per_kv_head;
    for (arma::uword g = 1; g < s.heads; ++g)
        if (s.heads % g == 0) c.gqa.push_back({g, g * per_kv_head});
    return c;
}

namespace {

// Head h of a decode step, absorbed, over the visible cache rows.
MlaDecodeHead decode_head(const arma::mat& q_row, const MlaWeights& w, arma::uword h, const arma::mat& latent,
                          const arma::mat& k_rope, const MlaOptions& o, double position) {
    const MlaShape& s = w.shape;
    MlaDecodeHead head;
    const arma::uword first = h * s.qk_head_dim();
    head.q_nope = columns(q_row, first, s.qk_nope_dim);
    head.q_rope = rotate(columns(q_row, first + s.qk_nope_dim, s.qk_rope_dim), s, o, position);
    head.q_absorbed = head.q_nope * mla_w_uk(w, h).t();
    head.scores = head.q_absorbed * latent.t() + head.q_rope * k_rope.t();
    head.weights = softmax_rows(head.scores * (mla_scale(s) / o.temperature));
    head.latent_output = head.weights * latent;
    head.output = head.latent_output * mla_w_uv(w, h);
    return head;
}

}  // namespace

MlaDecodeTrace mla_decode(const arma::mat& x, const MlaWeights& w, const MlaOptions& o,
                          const std::optional<Window>& window) {
    require_fits(w, x.n_cols);
    const MlaShape& s = w.shape;
    const arma::uword n = x.n_rows;
    arma::mat latent(n, s.kv_lora_rank), k_rope(n, s.qk_rope_dim);  // every token's, as appended
    const arma::umat keep = window ? window_keep(n, n, window->size, window->sinks) : causal_keep(n, n);
    MlaDecodeTrace trace;
    trace.output.set_size(n, w.o.n_cols);
    for (arma::uword t = 0; t < n; ++t) {
        MlaDecodeStep step;
        step.t = t;
        const arma::mat x_t = x.row(t);  // (1, d_model)
        const arma::mat kv_a = x_t * w.kv_a;
        const double position = o.first_position + static_cast<double>(t);
        step.latent = rms_norm_rows(columns(kv_a, 0, s.kv_lora_rank), s.eps, w.kv_a_norm, false);
        step.k_rope = rotate(columns(kv_a, s.kv_lora_rank, s.qk_rope_dim), s, o, position);
        latent.row(t) = step.latent;
        k_rope.row(t) = step.k_rope;
        const arma::uvec rows = arma::find(keep.row(t).t());
        step.cache_tokens = arma::conv_to<std::vector<arma::uword>>::from(rows);
        step.latent_cache = latent.rows(rows);
        step.k_rope_cache = k_rope.rows(rows);
        const arma::mat q_row = project_queries(x_t, w, nullptr);  // (1, H·(nope + rope))
        arma::mat concat(1, s.heads * s.v_dim);
        for (arma::uword h = 0; h < s.heads; ++h) {
            step.heads.push_back(decode_head(q_row, w, h, step.latent_cache, step.k_rope_cache, o, position));
            concat.cols(h * s.v_dim, (h + 1) * s.v_dim - 1) = step.heads.back().output;
        }
        step.output = concat * w.o;
        trace.output.row(t) = step.output;
        trace.steps.push_back(std::move(step));
    }
    return trace;
}

}  // namespace attn::math
