#include "math/transformer.hpp"

#include <string>

#include "math/shapes.hpp"

namespace attn::math {

namespace {

void require_length(const arma::rowvec& v, arma::uword n, const std::string& name, const std::string& why) {
    require(v.n_elem == n, name + " has " + std::to_string(v.n_elem) + " numbers but needs " +
                               std::to_string(n) + " (" + why + ")");
}

void require_finite_row(const arma::rowvec& v, const std::string& name) {
    require_finite(arma::mat(v), name);
}

}  // namespace

std::string norm_name(NormPlacement p) { return p == NormPlacement::post ? "post" : "pre"; }

void check_encoder_weights(const EncoderWeights& w, arma::uword d_model, arma::uword heads) {
    const ProjectionWeights& a = w.attention;
    const std::string d = std::to_string(d_model);
    require(a.wq.n_rows == d_model && a.wk.n_rows == d_model && a.wv.n_rows == d_model,
            "W_Q " + shape_of(a.wq) + ", W_K " + shape_of(a.wk) + " and W_V " + shape_of(a.wv) + " need " +
                d + " rows, one per input dimension (d_model = " + d + ")");
    require(a.wq.n_cols == a.wk.n_cols, "W_Q " + shape_of(a.wq) + " and W_K " + shape_of(a.wk) +
                                            " need the same number of columns (h·d_k)");
    require(heads >= 1 && a.wq.n_cols % heads == 0 && a.wv.n_cols % heads == 0 && a.wq.n_cols >= heads,
            "W_Q " + shape_of(a.wq) + " and W_V " + shape_of(a.wv) + " cannot be split into " +
                std::to_string(heads) +
                " heads: their column counts must be multiples of the number of heads");
    require(a.wo.has_value(),
            "an encoder block needs W_O (w_o), which maps the concatenated heads back to d_model");
    require(a.wo->n_rows == a.wv.n_cols && a.wo->n_cols == d_model,
            "W_O " + shape_of(*a.wo) + " needs " + std::to_string(a.wv.n_cols) +
                " rows (W_V's columns) and " + d +
                " columns (d_model), so that the residual input + attention adds up");
    require_length(w.bq, a.wq.n_cols, "b_Q", "one per column of W_Q");
    require_length(w.bk, a.wk.n_cols, "b_K", "one per column of W_K");
    require_length(w.bv, a.wv.n_cols, "b_V", "one per column of W_V");
    require_length(w.bo, d_model, "b_O", "one per column of W_O");
    require(w.ffn.w1.n_rows == d_model && w.ffn.w2.n_cols == d_model && w.ffn.w2.n_rows == w.ffn.w1.n_cols,
            "W_1 " + shape_of(w.ffn.w1) + " and W_2 " + shape_of(w.ffn.w2) + " need shapes (" + d +
                ", d_ff) and (d_ff, " + d + ")");
    require_length(w.ffn.b1, w.ffn.w1.n_cols, "b_1", "one per column of W_1, d_ff");
    require_length(w.ffn.b2, d_model, "b_2", "one per column of W_2, d_model");
    for (const auto* v : {&w.gamma1, &w.beta1, &w.gamma2, &w.beta2})
        require_length(*v, d_model, "a layer norm γ or β", "one per dimension");
    for (const auto& [m, name] : {std::pair{&a.wq, "W_Q"},
                                  {&a.wk, "W_K"},
                                  {&a.wv, "W_V"},
                                  {&*a.wo, "W_O"},
                                  {&w.ffn.w1, "W_1"},
                                  {&w.ffn.w2, "W_2"}})
        require_finite(*m, name);
    for (const auto& [v, name] : {std::pair{&w.bq, "b_Q"},
                                  {&w.bk, "b_K"},
                                  {&w.bv, "b_V"},
                                  {&w.bo, "b_O"},
                                  {&w.ffn.b1, "b_1"},
                                  {&w.ffn.b2, "b_2"},
                                  {&w.gamma1, "gamma_1"},
                                  {&w.beta1, "beta_1"},
                                  {&w.gamma2, "gamma_2"},
                                  {&w.beta2, "beta_2"}})
        require_finite_row(*v, name);
}

arma::mat affine(const arma::mat& x, const arma::mat& w, const arma::rowvec& b) {
    require(x.n_cols == w.n_rows && b.n_elem == w.n_cols, "cannot compute X·W + b with X " + shape_of(x) +
                                                              ", W " + shape_of(w) + " and b of " +
                                                              std::to_string(b.n_elem));
    arma::mat out = x * w;  // (n, in)·(in, out)
    out.each_row() += b;
    return out;
}

AttentionTrace biased_self_attention(const arma::mat& x, const EncoderWeights& w, arma::uword heads) {
    const arma::mat q = affine(x, w.attention.wq, w.bq);  // (n, h·d_k)
    const arma::mat k = affine(x, w.attention.wk, w.bk);  // (n, h·d_k)
    const arma::mat v = affine(x, w.attention.wv, w.bv);  // (n, h·d_v)
    AttentionTrace t = attention_from_qkv(q, k, v, heads, std::nullopt, w.attention.wo);
    t.x = x;
    return t;
}

EncoderTrace encoder_block(const arma::mat& x, const EncoderWeights& w, const EncoderConfig& c) {
    require(x.n_rows >= 1, "the encoder block needs at least one token, got X " + shape_of(x));
    require_finite(x, "X");
    check_encoder_weights(w, x.n_cols, c.heads);
    EncoderTrace t;
    t.norm = c.norm;
    t.input = x;
    const bool post = c.norm == NormPlacement::post;
    if (!post) t.norm1 = layer_norm_rows(x, w.gamma1, w.beta1, c.eps);
    t.attention = biased_self_attention(post ? x : t.norm1.output, w, c.heads);
    t.attention_out = t.attention.output;
    t.attention_out.each_row() += w.bo;
    t.residual1 = x + t.attention_out;  // the residual: the sublayer adds to its input, never replaces it
    if (post)
        t.norm1 = layer_norm_rows(t.residual1, w.gamma1, w.beta1, c.eps);
    else
        t.norm2 = layer_norm_rows(t.residual1, w.gamma2, w.beta2, c.eps);
    const arma::mat& ffn_input = post ? t.norm1.output : t.norm2.output;
    t.ffn = feed_forward(ffn_input, w.ffn, c.activation);
    t.residual2 = (post ? t.norm1.output : t.residual1) + t.ffn.output;
    if (post) t.norm2 = layer_norm_rows(t.residual2, w.gamma2, w.beta2, c.eps);
    t.output = post ? t.norm2.output : t.residual2;
    return t;
}

DecoderSketchTrace decoder_sketch(const arma::mat& target, const arma::mat& memory,
                                  const ProjectionWeights& self_w, const ProjectionWeights& cross_w,
                                  arma::uword heads) {
    require(target.n_cols == memory.n_cols, "the decoder's input " + shape_of(target) +
                                                " and the encoder's output " + shape_of(memory) +
                                                " need the same d_model");
    DecoderSketchTrace t;
    t.input = target;
    t.masked_self = self_attention(target, self_w, heads, causal_keep(target.n_rows, target.n_rows));
    require(t.masked_self.output.n_cols == target.n_cols,
            "the decoder's W_O must map back to d_model = " + std::to_string(target.n_cols));
    t.after_self = target + t.masked_self.output;
    // No mask here: every target token may look at the whole source sentence.
    t.cross = cross_attention(t.after_self, memory, cross_w, heads, std::nullopt);
    return t;
}

arma::mat permute_rows(const arma::mat& x, const std::vector<arma::uword>& order) {
    require(order.size() == x.n_rows, "a permutation of " + std::to_string(x.n_rows) + " tokens needs " +
                                          std::to_string(x.n_rows) + " indices, got " +
                                          std::to_string(order.size()));
    std::vector<bool> seen(order.size(), false);
    arma::mat out(x.n_rows, x.n_cols);
    for (arma::uword i = 0; i < order.size(); ++i) {
        require(order[i] < x.n_rows && !seen[order[i]],
                "the order must use each index 0.." + std::to_string(x.n_rows - 1) + " exactly once; index " +
                    std::to_string(order[i]) + " is out of range or repeated");
        seen[order[i]] = true;
        out.row(i) = x.row(order[i]);
    }
    return out;
}

}  // namespace attn::math
