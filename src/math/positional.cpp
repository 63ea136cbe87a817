#include "math/positional.hpp"

#include <cmath>

#include "math/shapes.hpp"

namespace attn::math {

arma::mat sinusoidal_encoding(arma::uword n_positions, arma::uword d_model) {
    require(d_model >= 1, "positional encodings need d_model of at least 1, got 0");
    arma::mat pe(n_positions, d_model);
    for (arma::uword col = 0; col < d_model; ++col) {
        // Both columns of a pair share the exponent 2i/d_model, where 2i is the even column.
        const double even_col = static_cast<double>(col - col % 2);
        const double wavelength_factor = std::pow(10000.0, even_col / static_cast<double>(d_model));
        for (arma::uword pos = 0; pos < n_positions; ++pos) {
            const double angle = static_cast<double>(pos) / wavelength_factor;
            pe(pos, col) = col % 2 == 0 ? std::sin(angle) : std::cos(angle);
        }
    }
    return pe;
}

}  // namespace attn::math
