#include "inputs/transformer_weights.hpp"

#include <cmath>

#include "inputs/input_error.hpp"
#include "inputs/toml_read.hpp"
#include "math/random.hpp"

namespace attn::course {

namespace {

arma::mat required_matrix(const toml::table& root, const std::string& path, const std::string& key,
                          const std::string& purpose) {
    return toml_matrix(toml_required(root, path, key, purpose), path, key);
}

// The row at key, or `fallback` repeated `n` times when the key is absent.
arma::rowvec optional_row(const toml::table& root, const std::string& path, const std::string& key,
                          arma::uword n, double fallback) {
    if (const toml::node* node = root.get(key)) return toml_row(*node, path, key);
    arma::rowvec row(n);
    row.fill(fallback);
    return row;
}

void read_settings(EncoderFile& f, const toml::table& root, const std::string& path) {
    if (const toml::node* heads = root.get("heads")) {
        const std::optional<int64_t> h = heads->value<int64_t>();
        if (!h || *h < 1)
            throw InputError(
                at_location(path, line_of(*heads), "heads must be a whole number of at least 1"));
        f.heads = static_cast<arma::uword>(*h);
    }
    if (root.get("activation"))
        f.activation = parse_activation(toml_string(root, path, "activation"), path + ": activation");
    if (root.get("norm")) f.norm = parse_norm(toml_string(root, path, "norm"), path + ": norm");
    if (const toml::node* eps = root.get("layer_norm_eps")) {
        const std::optional<double> e = eps->value<double>();
        if (!e || !(*e > 0) || !std::isfinite(*e))
            throw InputError(at_location(path, line_of(*eps),
                                         "layer_norm_eps must be a small positive number, like 1e-05"));
        f.eps = *e;
    }
}

}  // namespace

math::Activation parse_activation(const std::string& text, const std::string& where) {
    if (text == "relu") return math::Activation::relu;
    if (text == "gelu") return math::Activation::gelu;
    throw InputError(where + ": unknown activation '" + text + "'; choose relu or gelu");
}

math::NormPlacement parse_norm(const std::string& text, const std::string& where) {
    if (text == "post") return math::NormPlacement::post;
    if (text == "pre") return math::NormPlacement::pre;
    throw InputError(where + ": unknown norm placement '" + text + "'; choose post (the 2017 paper) or pre");
}

EncoderFile load_encoder_toml(const std::string& path) {
    const toml::table root = parse_toml_file(path);
    EncoderFile f;
    math::EncoderWeights& w = f.weights;
    w.attention.wq = required_matrix(root, path, "w_q", "W_Q, d_model rows");
    w.attention.wk = required_matrix(root, path, "w_k", "W_K, d_model rows");
    w.attention.wv = required_matrix(root, path, "w_v", "W_V, d_model rows");
    w.attention.wo = required_matrix(root, path, "w_o", "W_O, maps the concatenated heads back to d_model");
    w.ffn.w1 = required_matrix(root, path, "w_1", "W_1 of the feed-forward network, (d_model, d_ff)");
    w.ffn.w2 = required_matrix(root, path, "w_2", "W_2 of the feed-forward network, (d_ff, d_model)");
    const arma::uword d_model = w.attention.wq.n_rows;
    w.bq = optional_row(root, path, "b_q", w.attention.wq.n_cols, 0.0);
    w.bk = optional_row(root, path, "b_k", w.attention.wk.n_cols, 0.0);
    w.bv = optional_row(root, path, "b_v", w.attention.wv.n_cols, 0.0);
    w.bo = optional_row(root, path, "b_o", w.attention.wo->n_cols, 0.0);
    w.ffn.b1 = optional_row(root, path, "b_1", w.ffn.w1.n_cols, 0.0);
    w.ffn.b2 = optional_row(root, path, "b_2", w.ffn.w2.n_cols, 0.0);
    w.gamma1 = optional_row(root, path, "gamma_1", d_model, 1.0);
    w.beta1 = optional_row(root, path, "beta_1", d_model, 0.0);
    w.gamma2 = optional_row(root, path, "gamma_2", d_model, 1.0);
    w.beta2 = optional_row(root, path, "beta_2", d_model, 0.0);
    read_settings(f, root, path);
    return f;
}

math::EncoderWeights random_encoder_weights(arma::uword d_model, arma::uword d_ff, std::uint64_t seed) {
    math::EncoderWeights w;
    // A different seed per matrix, so that no two of them are equal.
    w.attention.wq = math::seeded_projection(d_model, d_model, seed);
    w.attention.wk = math::seeded_projection(d_model, d_model, seed + 1);
    w.attention.wv = math::seeded_projection(d_model, d_model, seed + 2);
    w.attention.wo = math::seeded_projection(d_model, d_model, seed + 3);
    w.ffn.w1 = math::seeded_projection(d_model, d_ff, seed + 4);
    w.ffn.b1 = arma::rowvec(math::seeded_projection(d_model, d_ff, seed + 5).row(0));
    w.ffn.w2 = math::seeded_projection(d_ff, d_model, seed + 6);
    w.ffn.b2 = arma::rowvec(math::seeded_projection(d_ff, d_model, seed + 7).row(0));
    w.bq = arma::zeros<arma::rowvec>(d_model);
    w.bk = w.bq;
    w.bv = w.bq;
    w.bo = w.bq;
    w.gamma1 = arma::ones<arma::rowvec>(d_model);
    w.gamma2 = w.gamma1;
    w.beta1 = w.bq;
    w.beta2 = w.bq;
    return w;
}

}  // namespace attn::course
