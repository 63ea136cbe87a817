#include "render/softmax_demo.hpp"

#include <algorithm>

#include <fmt/format.h>

#include <cmath>

#include "render/export.hpp"
#include "render/matrix_text.hpp"

namespace attn::render {

namespace {

// Rows of one vector each, labelled, as one matrix so that the columns line up.
std::string vectors(const std::string& title, const std::string& legend, const std::vector<std::string>& row_labels,
                    const std::vector<arma::rowvec>& rows, const std::vector<std::string>& cols, const Style& style) {
    course::LabelledMatrix m{title, legend, arma::mat(rows.size(), rows.at(0).n_elem), row_labels, cols, course::Shading::none};
    for (size_t r = 0; r < rows.size(); ++r) m.values.row(r) = rows[r];
    return render_matrix(m, style);
}

// exp values can be astronomically large: six significant digits in scientific notation.
std::string big(double value) {
    return std::isfinite(value) ? fmt::format("{:.6g}", value) : format_number(value, 0);
}

std::string naive_part(const course::SoftmaxDemo& d, const Style& style) {
    std::string out = bold(style, "1. naive softmax: exp(z_i) / sum_j exp(z_j), as the formula reads") + "\n";
    for (size_t i = 0; i < d.labels.size(); ++i)
        out += fmt::format("   {:<8} exp({}) = {}\n", d.labels[i], big(d.logits(i)), big(d.naive.exps(i)));
    out += "   sum = " + big(d.naive.sum) + "\n   weights:";
    for (double w : d.naive.weights) out += " " + format_number(w, style.precision);
    out += "\n";
    if (d.naive_overflowed)
        out += "   exp overflowed: the largest double is about 1.8e308 = exp(709.78), so exp\n"
               "   of a larger logit is inf, and inf / inf is nan. The formula is right; the\n"
               "   arithmetic cannot hold it.\n";
    return out;
}

std::string stable_part(const course::SoftmaxDemo& d, const Style& style) {
    const int p = style.precision;
    std::string out = bold(style, "2. stable softmax: subtract the largest logit m = " + format_number(d.stable.max, p) + " first") + "\n";
    out += "   exp(z - m) / sum exp(z - m) = exp(z) / sum exp(z): exp(-m) cancels out.\n"
           "   Every exponent is now <= 0, so nothing overflows, and the largest term is\n"
           "   exactly exp(0) = 1.\n";
    out += vectors("stable softmax", "row-wise: one row of logits", {"z - m", "exp(z - m)", "weight"},
                   {d.stable.shifted, d.stable.exps, d.stable.weights}, d.labels, style);
    out += fmt::format("   sum of exps = {}; the weights sum to {}\n", format_number(d.stable.sum, p),
                       format_number(arma::accu(d.stable.weights), p));
    return out;
}

std::string temperature_part(const course::SoftmaxDemo& d, const Style& style) {
    std::vector<std::string> labels;
    std::vector<arma::rowvec> rows;
    for (const auto& [t, weights] : d.by_temperature) {
        labels.push_back("T=" + exact_number(t));
        rows.push_back(weights);
    }
    std::string out = bold(style, "3. temperature: softmax(z / T)") + "\n";
    out += "   T > 1 flattens the weights toward uniform; T < 1 sharpens them toward the\n"
           "   largest logit.\n";
    return out + vectors("weights by temperature", "rows = temperatures, each sums to 1", labels, rows, d.labels, style);
}

}  // namespace

std::string softmax_text(const course::SoftmaxDemo& d, const Style& style, const std::vector<std::string>& show) {
    const auto shown = [&](const char* part) { return show.empty() || std::find(show.begin(), show.end(), part) != show.end(); };
    std::string out = vectors("logits", "one row of scores, e.g. one query against its keys", {"z"}, {d.logits}, d.labels, style);
    // "weights" alone (not part of the default): the result without the working, for a first look.
    if (std::find(show.begin(), show.end(), "weights") != show.end())
        out += "\n" + vectors("softmax(z)", "the weights: each is positive and they sum to 1", {"weight"}, {d.stable.weights},
                              d.labels, style);
    if (shown("naive")) out += "\n" + naive_part(d, style);
    if (shown("stable")) out += "\n" + stable_part(d, style);
    if (shown("temperature")) out += "\n" + temperature_part(d, style);
    if (d.mask && shown("mask")) out += "\n" + mask_text(*d.mask, d.labels, style);
    return out;
}

}  // namespace attn::render
