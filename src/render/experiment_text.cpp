#include "render/experiment_text.hpp"

#include <fmt/format.h>

#include <sstream>

#include "math/explain.hpp"
#include "render/export.hpp"
#include "render/matrix_text.hpp"
#include "render/views.hpp"

namespace attn::render {

namespace {
// One line naming every variant stage that ran, e.g. "RoPE (base 10000, positions from 0); ALiBi".
std::string variant_note(const math::AttentionTrace& t) {
    std::vector<std::string> parts;
    const math::Variant& v = t.variant;
    if (v.rope)
        parts.push_back("RoPE (base " + format_number(v.rope->base, 0) + ", positions from " + format_number(v.rope->offset, 0) + ")");
    if (v.alibi) {
        std::string slopes;
        for (double m : t.alibi_slopes) slopes += (slopes.empty() ? "" : ", ") + format_number(m, 6);
        parts.push_back("ALiBi, slopes m_h = " + slopes);
    }
    if (v.window)
        parts.push_back("sliding window of " + std::to_string(v.window->size) + " keys, " + std::to_string(v.window->sinks) +
                        " sink(s)");
    if (v.kernel == math::Kernel::linear)
        parts.push_back(std::string("linear kernel, phi = elu + 1") + (v.causal ? ", causal prefix sums" : ""));
    return fmt::format("{}", fmt::join(parts, "; "));
}
}  // namespace

std::string experiment_text(const course::Experiment& e, const std::vector<std::string>& show, const Style& style) {
    std::string out = dim(style, wrap("inputs:  " + e.inputs_note, style.width, 9)) + "\n";
    if (!e.weights_note.empty()) out += dim(style, wrap("weights: " + e.weights_note, style.width, 9)) + "\n";
    const size_t n_heads = e.trace.heads.size(), n_kv = e.trace.n_kv_heads;
    if (n_heads > 1 && n_kv == n_heads)
        out += dim(style, wrap(std::to_string(n_heads) + " heads, d_k = " + std::to_string(e.trace.heads[0].q.n_cols) +
                                   " each: head i uses columns [i*d_k, (i+1)*d_k) of Q, K and V", style.width, 0)) + "\n";
    if (n_kv < n_heads)
        out += dim(style, wrap(std::to_string(n_heads) + " query heads share " + std::to_string(n_kv) + " key/value head" +
                                   (n_kv > 1 ? "s" : "") + ", d_k = " + std::to_string(e.trace.heads[0].q.n_cols) +
                                   ": head i uses columns [i*d_k, (i+1)*d_k) of Q and key/value head i / " +
                                   std::to_string(n_heads / n_kv) + " (rounded down) of K and V", style.width, 0)) + "\n";
    const std::string variant = variant_note(e.trace);
    if (!variant.empty()) out += dim(style, wrap("variant: " + variant, style.width, 9)) + "\n";
    for (const Stage& stage : collect_stages(e, show, style.unicode)) out += "\n" + render_matrix(stage.view, style);
    return out;
}

namespace {

// What explain_weight needs to know about the variant: the rotation's base and offset.
math::HeadVariant rope_of(const course::Experiment& e) {
    math::HeadVariant v;
    v.rope = e.trace.variant.rope;
    v.temperature = e.trace.variant.temperature;
    return v;
}

// Each line of an explanation broken at its last space that fits the terminal, so that aligned
// columns keep their spacing; continuation lines are indented two more than the line.
std::string wrap_lines(const std::string& text, int width) {
    std::istringstream lines(text);
    std::string out;
    for (std::string line; std::getline(lines, line);) {
        const size_t lead = line.find_first_not_of(' ');
        const std::string indent((lead == std::string::npos ? 0 : lead) + 2, ' ');
        while (display_width(line) > static_cast<size_t>(width)) {
            size_t cut = std::string::npos;
            const size_t text_start = line.find_first_not_of(' ');  // never cut inside the indent
            for (size_t space = line.find(' ', text_start); space != std::string::npos; space = line.find(' ', space + 1))
                if (display_width(line.substr(0, space)) <= static_cast<size_t>(width)) cut = space;
            if (cut == std::string::npos || line.find_first_not_of(' ', cut) == std::string::npos) break;  // one long word
            out += line.substr(0, line.find_last_not_of(' ', cut) + 1) + "\n";
            line = indent + line.substr(line.find_first_not_of(' ', cut));
        }
        out += line + "\n";
    }
    return out;
}

std::string pair_text(const std::array<double, 2>& v, int p) { return "(" + format_number(v[0], p) + ", " + format_number(v[1], p) + ")"; }

// RoPE: the rotation of each pair of the query and the key, before their dot product.
std::string rotation_text(const math::WeightExplanation& x, const std::string& q, const std::string& k, const Style& style) {
    const int p = style.precision;
    const std::string theta = style.unicode ? "θ" : "theta", arrow = style.unicode ? "→" : "->";
    std::string out = fmt::format("0. RoPE: rotate each pair (2i, 2i+1) by position * {}_i; '{}' is at "
                                  "position {}, '{}' at {}:\n", theta, q, format_number(x.q_position, 0), k,
                                  format_number(x.k_position, 0));
    for (size_t i = 0; i < x.rotations.size(); ++i) {
        const math::RotatedPair& r = x.rotations[i];
        out += fmt::format("   pair {} (d{}, d{}), {}_{} = {}\n", i, 2 * i, 2 * i + 1, theta, i, format_number(r.theta, p));
        out += fmt::format("     query, angle {}: {} {} {}\n", format_number(r.q_angle, p), pair_text(r.q_before, p), arrow,
                           pair_text(r.q_after, p));
        out += fmt::format("     key,   angle {}: {} {} {}\n", format_number(r.k_angle, p), pair_text(r.k_before, p), arrow,
                           pair_text(r.k_after, p));
    }
    return out;
}

std::string linear_explain_text(const course::Experiment& e, arma::uword head, arma::uword row, arma::uword col,
                                const Style& style) {
    const math::LinearExplanation x = math::explain_linear_weight(e.trace.heads.at(head), row, col);
    const int p = style.precision;
    const std::string q = e.query_labels[row], k = e.key_labels[col];
    const std::string dot = style.unicode ? "·" : "*", phi = style.unicode ? "φ" : "phi";
    std::string heading = fmt::format("How much does '{}' (row {}) attend to '{}' (column {})?", q, row, k, col);
    heading += e.trace.heads.size() > 1 ? fmt::format("  [head {}, linear]", head) : "  [linear]";
    std::string out = fmt::format("1. similarity {}(q){}{}(k), {} = elu + 1, of '{}' and '{}', term by term:\n", phi, dot, phi, phi, q, k);
    for (size_t d = 0; d < x.products.size(); ++d)
        out += fmt::format("     d{}: {:>{w}} {} {:>{w}} = {:>{w}}\n", d, format_number(x.phi_q_terms[d], p), dot,
                           format_number(x.phi_k_terms[d], p), format_number(x.products[d], p), fmt::arg("w", p + 4));
    out += fmt::format("   sum: similarity = {}{}\n", format_number(x.similarity, p),
                       x.similarity == 0.0 ? " (the causal mask hides this key: 0)" : "");
    out += fmt::format("2. similarities of '{}' with the keys it sees (no exp: {} is already positive):\n", q, phi);
    for (size_t j = 0; j < x.row_similarities.size(); ++j)
        out += fmt::format("     {:<12} {}{}\n", e.key_labels[j], format_number(x.row_similarities[j], p), j == col ? "   <- this key" : "");
    out += fmt::format("   row sum = {}\n", format_number(x.row_sum, p));
    out += fmt::format("3. weight = {} / {} = {}\n", format_number(x.similarity, p), format_number(x.row_sum, p),
                       format_number(x.weight, p));
    const std::string title = wrap_lines(heading, style.width);
    return bold(style, title.substr(0, title.size() - 1)) + "\n" + wrap_lines(out, style.width);
}

}  // namespace

std::string explain_text(const course::Experiment& e, arma::uword head, arma::uword row, arma::uword col, const Style& style) {
    if (e.trace.heads.at(head).phi_q) return linear_explain_text(e, head, row, col, style);
    const math::WeightExplanation x = math::explain_weight(e.trace.heads.at(head), row, col, rope_of(e));
    const int p = style.precision;
    const std::string q = e.query_labels[row], k = e.key_labels[col];
    const std::string dot = style.unicode ? "·" : "*", root = style.unicode ? "√" : "sqrt ";
    std::string heading = fmt::format("How much does '{}' (row {}) attend to '{}' (column {})?", q, row, k, col);
    if (e.trace.heads.size() > 1) heading += fmt::format("  [head {}]", head);
    std::string out;
    if (!x.rotations.empty()) out += rotation_text(x, q, k, style);
    out += x.rotations.empty() ? "1. dot product of the query of '" + q + "' and the key of '" + k + "', term by term:\n"
                               : "1. dot product of the rotated query and key, term by term:\n";
    for (size_t d = 0; d < x.products.size(); ++d)
        out += fmt::format("     d{}: {:>{w}} {} {:>{w}} = {:>{w}}\n", d, format_number(x.q_terms[d], p), dot,
                           format_number(x.k_terms[d], p), format_number(x.products[d], p), fmt::arg("w", p + 4));
    out += fmt::format("   sum: score = {}\n", format_number(x.score, p));
    out += fmt::format("2. scale: {} / {}{} = {} / {} = {}\n", format_number(x.score, p), root, x.products.size(),
                       format_number(x.score, p), format_number(x.sqrt_d_k, p), format_number(x.scaled, p));
    if (x.has_bias) {
        const double slope = e.trace.alibi_slopes.at(head);
        const double distance = slope == 0.0 ? 0.0 : -x.bias / slope;
        out += fmt::format("   ALiBi bias: -m * distance = -{} * {} = {}\n", format_number(slope, p), format_number(distance, 0),
                           format_number(x.bias, p));
        out += fmt::format("   biased: {} + {} = {}\n", format_number(x.scaled, p), format_number(x.bias, p), format_number(x.biased, p));
    }
    if (x.has_temperature)
        out += fmt::format("   temperature: {} / T = {} / {} = {}\n", x.has_bias ? "biased" : "scaled",
                           format_number(x.has_bias ? x.biased : x.scaled, p), format_number(x.temperature, p),
                           format_number(x.tempered, p));
    if (x.blocked) out += "   the mask blocks this key for this query: its logit is -inf, its weight exactly 0\n";
    out += fmt::format("3. softmax over row '{}': subtract the row's largest unmasked logit, {},\n"
                       "   (only so that exp cannot overflow; the weights are the same) and exp each:\n", q, format_number(x.row_max, p));
    for (size_t j = 0; j < x.row_exps.size(); ++j)
        out += fmt::format("     {:<12} exp({} - {}) = {}{}\n", e.key_labels[j], format_number(x.row_logits[j], p), format_number(x.row_max, p),
                           format_number(x.row_exps[j], p), j == col ? "   <- this key" : "");
    out += fmt::format("   row sum = {}\n", format_number(x.row_sum, p));
    out += fmt::format("4. weight = {} / {} = {}\n", format_number(x.row_exps[col], p), format_number(x.row_sum, p),
                       format_number(x.weight, p));
    const std::string title = wrap_lines(heading, style.width);
    return bold(style, title.substr(0, title.size() - 1)) + "\n" + wrap_lines(out, style.width);
}

nlohmann::json explain_json(const course::Experiment& e, std::pair<arma::uword, arma::uword> cell) {
    nlohmann::json all = nlohmann::json::array();
    for (arma::uword h = 0; h < e.trace.heads.size(); ++h) {
        if (e.trace.heads[h].phi_q) {
            const math::LinearExplanation x = math::explain_linear_weight(e.trace.heads[h], cell.first, cell.second);
            all.push_back({{"head", h}, {"row", x.row}, {"col", x.col}, {"query", e.query_labels[x.row]},
                           {"key", e.key_labels[x.col]}, {"kernel", "linear"}, {"phi_q", x.phi_q_terms}, {"phi_k", x.phi_k_terms},
                           {"products", x.products}, {"similarity", x.similarity}, {"row_similarities", x.row_similarities},
                           {"row_sum", x.row_sum}, {"weight", x.weight}});
            continue;
        }
        const math::WeightExplanation x = math::explain_weight(e.trace.heads[h], cell.first, cell.second,
                                                               rope_of(e));
        nlohmann::json j = {{"head", h}, {"row", x.row}, {"col", x.col}, {"query", e.query_labels[x.row]}, {"key", e.key_labels[x.col]},
                            {"q", x.q_terms}, {"k", x.k_terms}, {"products", x.products}, {"score", x.score}, {"sqrt_d_k", x.sqrt_d_k},
                            {"scaled", x.scaled}, {"blocked", x.blocked}, {"row_max", x.row_max},
                            {"row_logits", matrix_json(arma::mat(arma::rowvec(x.row_logits)))[0]}, {"row_exps", x.row_exps},
                            {"row_sum", x.row_sum}, {"weight", x.weight}};
        if (x.has_bias) {
            j["bias"] = x.bias;
            j["biased"] = x.biased;
        }
        if (x.has_temperature) {
            j["temperature"] = x.temperature;
            j["tempered"] = x.tempered;
        }
        if (!x.rotations.empty()) {
            j["q_position"] = x.q_position;
            j["k_position"] = x.k_position;
            for (const math::RotatedPair& r : x.rotations)
                j["rotations"].push_back({{"theta", r.theta}, {"q_angle", r.q_angle}, {"k_angle", r.k_angle},
                                          {"q_before", r.q_before}, {"q_after", r.q_after}, {"k_before", r.k_before},
                                          {"k_after", r.k_after}});
        }
        all.push_back(j);
    }
    return all;
}

}  // namespace attn::render
