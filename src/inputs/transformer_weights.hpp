// Weights of one encoder block: from a documented TOML file (data/transformer/encoder.toml shows the
// format) or seeded random like PyTorch's initialisation.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "math/transformer.hpp"

namespace attn::course {

// What a weights file holds: the matrices, and optional defaults for the settings that flags override.
struct EncoderFile {
    math::EncoderWeights weights;
    std::optional<arma::uword> heads;
    std::optional<math::Activation> activation;
    std::optional<math::NormPlacement> norm;
    std::optional<double> eps;
};

// Reads w_q, w_k, w_v, w_o, w_1, w_2 (required, (in, out) layout), b_q, b_k, b_v, b_o, b_1, b_2
// (default 0), gamma_1, gamma_2 (default 1), beta_1, beta_2 (default 0), and the optional settings
// heads, activation ("relu"/"gelu"), norm ("post"/"pre") and layer_norm_eps. Throws InputError
// naming the file and line of anything malformed; shapes are checked when the block runs.
EncoderFile load_encoder_toml(const std::string& path);

// Random weights for d_model and d_ff, initialised as torch does: every W uniform in ±1/√fan_in, the
// feed-forward biases likewise, attention biases 0, γ = 1, β = 0. Same seed, same numbers.
math::EncoderWeights random_encoder_weights(arma::uword d_model, arma::uword d_ff, std::uint64_t seed);

// "relu"/"gelu" and "post"/"pre", or InputError naming `where` and the choices.
math::Activation parse_activation(const std::string& text, const std::string& where);
math::NormPlacement parse_norm(const std::string& text, const std::string& where);

}  // namespace attn::course
