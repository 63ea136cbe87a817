#include "course/softmax_demo.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "inputs/input_error.hpp"
#include "math/shapes.hpp"

namespace attn::course {

namespace {

std::vector<std::string> split_commas(const std::string& text) {
    std::vector<std::string> items;
    std::stringstream in(text);
    for (std::string item; std::getline(in, item, ',');) {
        const size_t first = item.find_first_not_of(" \t"), last = item.find_last_not_of(" \t");
        items.push_back(first == std::string::npos ? "" : item.substr(first, last - first + 1));
    }
    return items;
}

std::vector<bool> parse_mask(const std::string& text, size_t n) {
    std::vector<bool> keep;
    for (const std::string& item : split_commas(text)) {
        if (item != "0" && item != "1")
            throw InputError("--mask '" + item +
                             "': write 1 (may attend) or 0 (blocked) for each logit, e.g. --mask 1,1,0");
        keep.push_back(item == "1");
    }
    if (keep.size() != n)
        throw InputError("--mask has " + std::to_string(keep.size()) + " entries but --logits has " +
                         std::to_string(n) + "; give one 1 or 0 per logit");
    return keep;
}

std::vector<std::string> labels_for(const SoftmaxRequest& r, size_t n) {
    std::vector<std::string> labels;
    if (!r.labels) {
        for (size_t i = 0; i < n; ++i) labels.push_back("z" + std::to_string(i));
        return labels;
    }
    labels = split_commas(*r.labels);
    if (labels.size() != n)
        throw InputError("--labels names " + std::to_string(labels.size()) + " positions but --logits has " +
                         std::to_string(n) + "; give one name per logit");
    return labels;
}

MaskComparison compare_fills(const arma::rowvec& logits, const std::vector<bool>& keep) {
    MaskComparison m;
    m.keep = keep;
    m.with_infinity = math::fill_blocked(logits, keep, -arma::datum::inf);
    m.with_large = math::fill_blocked(logits, keep, kLargeNegative);
    m.infinity = math::stable_softmax(m.with_infinity);
    m.large = math::stable_softmax(m.with_large);
    m.fully_masked = std::find(keep.begin(), keep.end(), true) == keep.end();
    if (!m.fully_masked) m.largest_difference = arma::abs(m.infinity.weights - m.large.weights).max();
    return m;
}

}  // namespace

std::vector<double> parse_number_list(const std::string& text, const std::string& flag) {
    std::vector<double> numbers;
    for (const std::string& item : split_commas(text)) {
        size_t used = 0;
        double value = 0;
        try {
            value = std::stod(item, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (item.empty() || used != item.size() || !std::isfinite(value))
            throw InputError(flag + " '" + item +
                             "' is not a finite number; write numbers separated by commas, e.g. " + flag +
                             " 2,1,0.1");
        numbers.push_back(value);
    }
    return numbers;
}

SoftmaxDemo run_softmax_demo(const SoftmaxRequest& r) {
    const std::vector<double> z = parse_number_list(r.logits, "--logits");
    if (z.empty() || z.size() > kMaxLogits)
        throw InputError("--logits has " + std::to_string(z.size()) + " numbers; give 1 to " +
                         std::to_string(kMaxLogits));
    SoftmaxDemo d;
    d.labels = labels_for(r, z.size());
    d.logits = arma::rowvec(z);
    d.naive = math::naive_softmax(d.logits);
    d.naive_overflowed = d.naive.exps.has_inf();
    d.stable = math::stable_softmax(d.logits);
    for (double t : r.temperatures) {
        if (!std::isfinite(t) || t <= 0)
            throw InputError("--temperature " + math::number_text(t) +
                             ": use a positive number such as 0.5, 1 or 2");
        d.by_temperature.emplace_back(t, math::stable_softmax(math::apply_temperature(d.logits, t)).weights);
    }
    if (r.mask) d.mask = compare_fills(d.logits, parse_mask(*r.mask, z.size()));
    return d;
}

}  // namespace attn::course
