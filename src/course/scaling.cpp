#include "course/scaling.hpp"

#include <cmath>
#include <string>

#include "course/experiment.hpp"
#include "inputs/input_error.hpp"

namespace attn::course {

namespace {

void check_request(const ScalingRequest& r) {
    if (r.d_ks.empty()) throw InputError("--d-k needs at least one size, e.g. --d-k 4,64,512");
    double draws = 0;
    for (arma::uword d : r.d_ks) {
        if (d < 1 || d > kMaxDk)
            throw InputError("--d-k " + std::to_string(d) + " is out of range; use 1 to " +
                             std::to_string(kMaxDk));
        draws += static_cast<double>(r.trials) * static_cast<double>(r.keys + 1) * static_cast<double>(d);
    }
    if (r.keys < 2 || r.keys > kMaxScalingKeys)
        throw InputError("--keys " + std::to_string(r.keys) + " is out of range; use 2 to " +
                         std::to_string(kMaxScalingKeys) + " (a softmax over one key is always 1)");
    if (r.trials < 1 || r.trials > kMaxScalingTrials)
        throw InputError("--trials " + std::to_string(r.trials) + " is out of range; use 1 to " +
                         std::to_string(kMaxScalingTrials));
    if (draws > kMaxScalingDraws)
        throw InputError("that needs " + std::to_string(static_cast<long long>(draws)) +
                         " random numbers (trials × (keys + 1) × Σ d_k); "
                         "lower --trials, --keys or --d-k to stay under " +
                         std::to_string(static_cast<long long>(kMaxScalingDraws)));
}

report::LabelledMatrix saturation_view(const ScalingReport& r, bool scaled) {
    report::LabelledMatrix m;
    m.title = scaled ? "with scaling, softmax(q·k / √d_k)" : "without scaling, softmax(q·k)";
    m.legend = "mean over " + std::to_string(r.request.trials) + " rows of " +
               std::to_string(r.request.keys) + " keys";
    m.col_labels = {"var(logit)", "max weight", "H (nats)", "H / log N"};
    m.values.set_size(r.rows.size(), 4);
    for (size_t i = 0; i < r.rows.size(); ++i) {
        const math::ScalingMeasurement& s = r.rows[i];
        const math::Saturation& sat = scaled ? s.scaled : s.unscaled;
        const double variance = scaled ? s.score_variance / static_cast<double>(s.d_k) : s.score_variance;
        m.values.row(i) = arma::rowvec{variance, sat.mean_max_weight, sat.mean_entropy, sat.entropy_fraction};
        m.row_labels.push_back("d_k=" + std::to_string(s.d_k));
    }
    return m;
}

}  // namespace

ScalingReport run_scaling(const ScalingRequest& request) {
    check_request(request);
    const double keys = static_cast<double>(request.keys);
    ScalingReport r{request, {}, std::log(keys), 1.0 / keys, {}, {}};
    for (arma::uword d : request.d_ks)
        r.rows.push_back(math::measure_scaling(d, request.keys, request.trials, request.seed));
    r.unscaled = saturation_view(r, false);
    r.scaled = saturation_view(r, true);
    return r;
}

}  // namespace attn::course
