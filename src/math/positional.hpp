// Sinusoidal positional encodings (Vaswani et al. 2017, section 3.5): a fixed matrix added to the
// embeddings so that the same word at different positions enters attention as different rows.
#pragma once
#include <armadillo>

namespace attn::math {

// (n_positions, d_model). Column pair (2i, 2i+1) is a sine and a cosine of the same angle
// pos / 10000^(2i/d_model): each pair turns at its own speed, from one radian per position (i = 0)
// down to about 1/10000 of that, so every position gets a distinct pattern, and the encoding of
// pos + k is a fixed rotation of the encoding of pos (attention can pick up relative offsets).
// With an odd d_model the last column is a sine without its cosine partner.
arma::mat sinusoidal_encoding(arma::uword n_positions, arma::uword d_model);

}  // namespace attn::math
