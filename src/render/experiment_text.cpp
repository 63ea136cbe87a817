#include "render/experiment_text.hpp"

#include <fmt/format.h>

#include "math/explain.hpp"
#include "render/export.hpp"
#include "render/matrix_text.hpp"
#include "render/stages.hpp"

namespace attn::render {

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
    for (const Stage& stage : collect_stages(e, show, style.unicode)) out += "\n" + render_matrix(stage.view, style);
    return out;
}

std::string explain_text(const course::Experiment& e, arma::uword head, arma::uword row, arma::uword col, const Style& style) {
    const math::WeightExplanation x = math::explain_weight(e.trace.heads.at(head), row, col);
    const int p = style.precision;
    const std::string q = e.query_labels[row], k = e.key_labels[col];
    const std::string dot = style.unicode ? "·" : "*", root = style.unicode ? "√" : "sqrt ";
    std::string out = bold(style, fmt::format("How much does '{}' (row {}) attend to '{}' (column {})?", q, row, k, col));
    if (e.trace.heads.size() > 1) out += fmt::format("  [head {}]", head);
    out += "\n1. dot product of the query of '" + q + "' and the key of '" + k + "', term by term:\n";
    for (size_t d = 0; d < x.products.size(); ++d)
        out += fmt::format("     d{}: {:>{w}} {} {:>{w}} = {:>{w}}\n", d, format_number(x.q_terms[d], p), dot,
                           format_number(x.k_terms[d], p), format_number(x.products[d], p), fmt::arg("w", p + 4));
    out += fmt::format("   sum: score = {}\n", format_number(x.score, p));
    out += fmt::format("2. scale: {} / {}{} = {} / {} = {}\n", format_number(x.score, p), root, x.products.size(),
                       format_number(x.score, p), format_number(x.sqrt_d_k, p), format_number(x.scaled, p));
    if (x.blocked) out += "   the mask blocks this key for this query: its logit is -inf, its weight exactly 0\n";
    out += fmt::format("3. softmax over row '{}': subtract the row's largest unmasked logit, {},\n"
                       "   (only so that exp cannot overflow; the weights are the same) and exp each:\n", q, format_number(x.row_max, p));
    for (size_t j = 0; j < x.row_exps.size(); ++j)
        out += fmt::format("     {:<12} exp({} - {}) = {}{}\n", e.key_labels[j], format_number(x.row_logits[j], p), format_number(x.row_max, p),
                           format_number(x.row_exps[j], p), j == col ? "   <- this key" : "");
    out += fmt::format("   row sum = {}\n", format_number(x.row_sum, p));
    out += fmt::format("4. weight = {} / {} = {}\n", format_number(x.row_exps[col], p), format_number(x.row_sum, p),
                       format_number(x.weight, p));
    return out;
}

nlohmann::json explain_json(const course::Experiment& e, std::pair<arma::uword, arma::uword> cell) {
    nlohmann::json all = nlohmann::json::array();
    for (arma::uword h = 0; h < e.trace.heads.size(); ++h) {
        const math::WeightExplanation x = math::explain_weight(e.trace.heads[h], cell.first, cell.second);
        all.push_back({{"head", h}, {"row", x.row}, {"col", x.col}, {"query", e.query_labels[x.row]}, {"key", e.key_labels[x.col]},
                       {"q", x.q_terms}, {"k", x.k_terms}, {"products", x.products}, {"score", x.score}, {"sqrt_d_k", x.sqrt_d_k},
                       {"scaled", x.scaled}, {"blocked", x.blocked}, {"row_max", x.row_max},
                       {"row_logits", matrix_json(arma::mat(arma::rowvec(x.row_logits)))[0]}, {"row_exps", x.row_exps},
                       {"row_sum", x.row_sum}, {"weight", x.weight}});
    }
    return all;
}

}  // namespace attn::render
