#include "math/bench_fit.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace attn::math {

double loglog_slope(const std::vector<double>& x, const std::vector<double>& y) {
    if (x.size() != y.size() || x.size() < 2)
        throw std::invalid_argument("a log-log slope needs at least two (x, y) pairs; got " +
                                    std::to_string(x.size()) + " x and " + std::to_string(y.size()) + " y");
    double mean_x = 0.0, mean_y = 0.0;
    for (size_t i = 0; i < x.size(); ++i) {
        if (!(x[i] > 0.0 && y[i] > 0.0 && std::isfinite(x[i]) && std::isfinite(y[i])))
            throw std::invalid_argument("a log-log slope needs positive finite values; pair " +
                                        std::to_string(i) + " is not");
        mean_x += std::log(x[i]) / x.size();
        mean_y += std::log(y[i]) / y.size();
    }
    double sxy = 0.0, sxx = 0.0;
    for (size_t i = 0; i < x.size(); ++i) {
        const double dx = std::log(x[i]) - mean_x;
        sxy += dx * (std::log(y[i]) - mean_y);
        sxx += dx * dx;
    }
    if (sxx == 0.0) throw std::invalid_argument("a log-log slope needs at least two different x values");
    return sxy / sxx;
}

}  // namespace attn::math
