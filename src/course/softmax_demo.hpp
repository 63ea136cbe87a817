// The softmax demo of lesson 7 (and the masking step of lesson 6): one row of logits through the naive
// and the stable softmax, at several temperatures, and with masked entries filled by −∞ or by −1e9.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "math/softmax_demo.hpp"

namespace attn::course {

constexpr size_t kMaxLogits = 64;
constexpr double kLargeNegative = -1e9;  // what many implementations use instead of −∞

struct SoftmaxRequest {
    std::string logits = "2,1,0.1";         // comma-separated numbers
    std::vector<double> temperatures{1.0};  // each > 0
    std::optional<std::string> mask;        // comma-separated 1 (keep) / 0 (blocked), one per logit
    std::optional<std::string> labels;      // comma-separated names of the positions
};

// Masked entries filled two ways, each through the stable softmax.
struct MaskComparison {
    std::vector<bool> keep;
    arma::rowvec with_infinity, with_large;  // the filled logits
    math::StableSoftmax infinity, large;     // their softmax
    bool fully_masked = false;               // every entry blocked: −∞ gives nan, −1e9 a uniform row
    double largest_difference = 0;           // max |weight(−∞) − weight(−1e9)| when not fully masked
};

struct SoftmaxDemo {
    std::vector<std::string> labels;  // one per logit
    arma::rowvec logits;
    math::NaiveSoftmax naive;
    math::StableSoftmax stable;                                   // at temperature 1
    bool naive_overflowed = false;                                // some exp(z) was inf
    std::vector<std::pair<double, arma::rowvec>> by_temperature;  // T → stable weights of z / T
    std::optional<MaskComparison> mask;
};

// Parses "a,b,c" into numbers; throws InputError naming `flag` and the bad item.
std::vector<double> parse_number_list(const std::string& text, const std::string& flag);

// Validates (finite logits, 1 to kMaxLogits of them, positive temperatures, a 0/1 mask of the same
// length) and computes every part. Throws InputError with what to fix.
SoftmaxDemo run_softmax_demo(const SoftmaxRequest& request);

}  // namespace attn::course
