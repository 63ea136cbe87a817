#include "render/scaling.hpp"

#include <fmt/format.h>

#include "render/export.hpp"
#include "render/matrix_text.hpp"

namespace attn::render {

namespace {

nlohmann::json saturation_json(const math::Saturation& s, double uniform_entropy) {
    return {{"mean_max_weight", s.mean_max_weight}, {"mean_entropy", s.mean_entropy},
            {"entropy_fraction", s.mean_entropy / uniform_entropy}};
}

// One sentence per d_k comparing the largest weight with and without the division.
std::string reading(const course::ScalingReport& r, int p) {
    std::string out;
    for (const math::ScalingMeasurement& m : r.rows)
        out += fmt::format("  d_k={}: var {} (theory {}); max weight {} unscaled, {} scaled\n", m.d_k,
                           format_number(m.score_variance, 2), m.d_k, format_number(m.unscaled.mean_max_weight, p),
                           format_number(m.scaled.mean_max_weight, p));
    return out;
}

}  // namespace

std::string scaling_text(const course::ScalingReport& r, const Style& style) {
    const int p = style.precision;
    const double n = static_cast<double>(r.request.keys);
    std::string out = dim(style, fmt::format("q and k: entries from N(0, 1) (each q·k drawn as |q|·z, its exact distribution); "
                                             "{} keys per query, {} queries, seed {}",
                                             r.request.keys, r.request.trials, r.request.seed)) + "\n";
    out += fmt::format("Uniform over N = {} keys: largest weight 1/N = {}, entropy log N = {}.\n"
                       "A saturated (one-hot) row: largest weight 1, entropy 0. H = -sum w log w (nats).\n\n",
                       r.request.keys, format_number(1.0 / n, p), format_number(r.uniform_entropy, p));
    out += render_matrix(r.unscaled, style) + "\n" + render_matrix(r.scaled, style) + "\n";
    out += "var(logit), the variance of the softmax input, is about d_k for q·k and about 1\n"
           "after dividing by sqrt(d_k):\n";
    return out + reading(r, p);
}

nlohmann::json scaling_json(const course::ScalingReport& r) {
    nlohmann::json results = nlohmann::json::array();
    for (const math::ScalingMeasurement& m : r.rows)
        results.push_back({{"d_k", m.d_k}, {"score_variance", m.score_variance},
                           {"unscaled", saturation_json(m.unscaled, r.uniform_entropy)},
                           {"scaled", saturation_json(m.scaled, r.uniform_entropy)}});
    return {{"keys", r.request.keys}, {"trials", r.request.trials}, {"seed", r.request.seed},
            {"uniform_entropy", r.uniform_entropy}, {"results", results}};
}

std::string scaling_csv(const course::ScalingReport& r) {
    std::string out = "d_k,score_variance,unscaled_max_weight,unscaled_entropy,scaled_max_weight,scaled_entropy,uniform_entropy\n";
    for (const math::ScalingMeasurement& m : r.rows)
        out += fmt::format("{},{},{},{},{},{},{}\n", m.d_k, exact_number(m.score_variance), exact_number(m.unscaled.mean_max_weight),
                           exact_number(m.unscaled.mean_entropy), exact_number(m.scaled.mean_max_weight),
                           exact_number(m.scaled.mean_entropy), exact_number(r.uniform_entropy));
    return out;
}

}  // namespace attn::render
