// Principal component analysis to two dimensions, for drawing vectors of any width on a flat map
// (attn map): the plane through the points' mean that keeps the most of their spread.
#pragma once
#include <armadillo>

namespace attn::math {

struct Projection2d {
    arma::mat coordinates;  // (n, 2): each row's place on the plane, relative to the rows' mean
    arma::mat axes;         // (d, 2): unit directions in the original space (the principal axes)
    arma::vec explained;    // (2): share of the total variance along each axis, in [0, 1]
    arma::vec mean;         // (d): the centre the coordinates are measured from
};

// Projects the rows of `rows` (n, d) onto their first two principal axes: the right singular vectors of
// the centred rows with the largest singular values. Sign convention, so that the same data always
// gives the same picture: each axis points where its largest-magnitude entry is positive (the first
// such entry on a tie). Axes the data does not have (d < 2, n < 3, or all points on a line) are
// zero vectors with zero explained variance, and every coordinate along them is 0.
// Throws std::invalid_argument for an empty matrix or a non-finite value.
Projection2d project_2d(const arma::mat& rows);

}  // namespace attn::math
