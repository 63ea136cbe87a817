// The masking part of `attn softmax --mask`: −∞ against a large negative number.
#include <fmt/format.h>

#include "render/export.hpp"
#include "render/matrix_text.hpp"
#include "render/softmax_demo.hpp"

namespace attn::render {

namespace {

std::string keep_line(const course::MaskComparison& m, const std::vector<std::string>& labels) {
    std::string out = "   keep:";
    for (size_t i = 0; i < labels.size(); ++i) out += " " + labels[i] + "=" + (m.keep[i] ? "1" : "0");
    return out + "   (1 = may attend, 0 = blocked)\n";
}

std::string verdict(const course::MaskComparison& m, const Style& style) {
    const std::string large = "-1e9";  // course::kLargeNegative, written as a learner would
    if (!m.fully_masked)
        return fmt::format("   Blocked entries get weight 0 either way: exp({} - m) underflows to exactly\n"
                           "   0 in double. Largest difference between the two weight rows: {}.\n"
                           "   -inf says \"never\" exactly; {} relies on being far below every real\n"
                           "   logit (in float16 it would itself overflow to -inf).\n",
                           large, format_number(m.largest_difference, style.precision + 2), large);
    return fmt::format("   Every entry is blocked. With -inf the largest logit m is -inf, and\n"
                       "   -inf - (-inf) is nan: the weights are nan (attn run refuses such a row\n"
                       "   with an error, naming it). With {} every logit is the same, so the\n"
                       "   softmax is uniform, 1/{} each: no crash, but the query now attends\n"
                       "   equally to keys it was told to ignore. A row needs one visible key.\n",
                       large, m.keep.size());
}

}  // namespace

std::string mask_text(const course::MaskComparison& m, const std::vector<std::string>& labels, const Style& style) {
    std::string out = bold(style, "4. masking: blocked logits set to -inf, or to a large negative number") + "\n" + keep_line(m, labels);
    course::LabelledMatrix view{"masked", "filled logits, then their softmax",
                                arma::mat(4, labels.size()), {"z, -inf", "weight", "z, -1e9", "weight"}, labels,
                                course::Shading::none};
    view.values.row(0) = m.with_infinity;
    view.values.row(1) = m.infinity.weights;
    view.values.row(2) = m.with_large;
    view.values.row(3) = m.large.weights;
    return out + render_matrix(view, style) + verdict(m, style);
}

nlohmann::json mask_json(const course::MaskComparison& m) {
    auto row = [](const arma::rowvec& v) { return matrix_json(arma::mat(v))[0]; };
    return {{"keep", m.keep},
            {"large_negative", course::kLargeNegative},
            {"with_infinity", {{"logits", row(m.with_infinity)}, {"weights", row(m.infinity.weights)}}},
            {"with_large_negative", {{"logits", row(m.with_large)}, {"weights", row(m.large.weights)}}},
            {"fully_masked", m.fully_masked},
            {"largest_difference", m.largest_difference}};
}

nlohmann::json softmax_json(const course::SoftmaxDemo& d) {
    auto row = [](const arma::rowvec& v) { return matrix_json(arma::mat(v))[0]; };
    nlohmann::json temps = nlohmann::json::array();
    for (const auto& [t, w] : d.by_temperature) temps.push_back({{"temperature", t}, {"weights", row(w)}});
    nlohmann::json out = {
        {"labels", d.labels},
        {"logits", row(d.logits)},
        {"naive", {{"exps", row(d.naive.exps)}, {"sum", d.naive.sum}, {"weights", row(d.naive.weights)}, {"overflowed", d.naive_overflowed}}},
        {"stable", {{"max", d.stable.max}, {"shifted", row(d.stable.shifted)}, {"exps", row(d.stable.exps)}, {"sum", d.stable.sum},
                    {"weights", row(d.stable.weights)}}},
        {"temperatures", temps}};
    if (d.mask) out["mask"] = mask_json(*d.mask);
    return out;
}

}  // namespace attn::render
