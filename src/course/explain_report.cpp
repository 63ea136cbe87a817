// --explain as report blocks: one weight's arithmetic, step by step, with the tokens named. Every number
// comes from course::explain_cell; the writers only lay the blocks out (text, Markdown, HTML, JSON).
#include <fmt/format.h>

#include "course/explain.hpp"

namespace attn::course {
namespace {

std::string question(const Experiment& e, arma::uword row, arma::uword col, const std::string& tag) {
    return fmt::format("How much does '{}' (row {}) attend to '{}' (column {})?{}", e.query_labels[row], row,
                       e.key_labels[col], col, tag.empty() ? "" : "  [" + tag + "]");
}

// RoPE: each pair of the query and of the key turned by position · θ_i before the dot product.
void rotation_blocks(report::Report& report, const std::string& name, const Experiment& e,
                     const math::WeightExplanation& x, int p) {
    report.paragraph(fmt::format(
        "RoPE: rotate each pair {} of the query and the key by position × θ_i; '{}' is at "
        "position {}, '{}' at {}:",
        e.trace.variant.rope && e.trace.variant.rope->pairs == math::RopePairs::halves ? "(i, i + r/2)"
                                                                                       : "(2i, 2i+1)",
        e.query_labels[x.row], report::decimal(x.q_position, 0), e.key_labels[x.col],
        report::decimal(x.k_position, 0)));
    // Narrow enough for 60 columns: the query's and the key's row of a pair, values without brackets.
    report::Table t{"", {"pair", "θ_i", "angle", "before", "after"}, {}};
    auto values = [p](const std::array<double, 2>& v) {
        return report::decimal(v[0], p) + ", " + report::decimal(v[1], p);
    };
    for (size_t i = 0; i < x.rotations.size(); ++i) {
        const math::RotatedPair& r = x.rotations[i];
        const std::string dims = fmt::format("d{},d{}", r.first, r.second);
        t.rows.push_back({"q " + dims, report::decimal(r.theta, p), report::decimal(r.q_angle, p),
                          values(r.q_before), values(r.q_after)});
        t.rows.push_back({"k " + dims, std::string(), report::decimal(r.k_angle, p), values(r.k_before),
                          values(r.k_after)});
    }
    report.table(name + "rotations", std::move(t));
    // --rope-scaling: θ_i above are the scaled ones; YaRN also multiplies cos and sin by its factor.
    const math::Rope* rope = e.trace.variant.rope ? &*e.trace.variant.rope : nullptr;
    if (rope && rope->scaling != math::RopeScaling::none)
        report.paragraph(
            fmt::format("θ_i are {}-scaled (factor {}){}.", math::rope_scaling_name(rope->scaling),
                        report::decimal(rope->factor, p),
                        math::rope_attention_factor(*rope) == 1.0
                            ? ""
                            : fmt::format(", and each turned pair is multiplied by the attention "
                                          "factor {} (cos and sin times it)",
                                          report::decimal(math::rope_attention_factor(*rope), p))));
}

// The term-by-term products of a dot product (of q and k, or of φ(q) and φ(k)).
report::Table products_table(const std::string& left, const std::string& right, const std::vector<double>& a,
                             const std::vector<double>& b, const std::vector<double>& products) {
    report::Table t{"", {"dimension", left, right, "product"}, {}};
    for (size_t d = 0; d < products.size(); ++d)
        t.rows.push_back({"d" + std::to_string(d), a[d], b[d], products[d]});
    return t;
}

void softmax_blocks(report::Report& report, const std::string& name, const Experiment& e,
                    const HeadExplanation& h, int p) {
    const math::WeightExplanation& x = *h.softmax;
    const std::string q = e.query_labels[x.row], k = e.key_labels[x.col];
    if (!x.rotations.empty()) rotation_blocks(report, name, e, x, p);
    const std::string which =
        std::string(x.normalised ? "normalised " : "") + (x.rotations.empty() ? "" : "rotated ");
    report.paragraph("Step 1, the dot product of the " + which + "query of '" + q + "' and the " + which +
                     "key of '" + k + "', term by term:");
    report.table(name + "products", products_table("query", "key", x.q_terms, x.k_terms, x.products));
    report.paragraph("Their sum: score = " + report::decimal(x.score, p) + ".");
    std::string scale = fmt::format("Step 2, scale: {} / √{} = {} / {} = {}.", report::decimal(x.score, p),
                                    x.products.size(), report::decimal(x.score, p),
                                    report::decimal(x.sqrt_d_k, p), report::decimal(x.scaled, p));
    if (x.has_softcap)
        scale += fmt::format(" Then {}: C * tanh(scaled / C) = {} * tanh({} / {}) = {}.",
                             math::variant_part(math::VariantPart::softcap).name,
                             report::decimal(x.softcap, p), report::decimal(x.scaled, p),
                             report::decimal(x.softcap, p), report::decimal(x.capped, p));
    const double before_bias = x.has_softcap ? x.capped : x.scaled;
    if (x.has_bias)
        scale += fmt::format(" {} bias: -m * distance = -{} * {} = {}; biased: {} + {} = {}.",
                             math::variant_part(math::VariantPart::bias).name, report::decimal(h.slope(), p),
                             report::decimal(h.distance(), 0), report::decimal(x.bias, p),
                             report::decimal(before_bias, p), report::decimal(x.bias, p),
                             report::decimal(x.biased, p));
    if (x.has_temperature)
        scale += fmt::format(" Then the temperature: {} / T = {} / {} = {}.",
                             x.has_bias      ? "biased"
                             : x.has_softcap ? "capped"
                                             : "scaled",
                             report::decimal(x.has_bias ? x.biased : before_bias, p),
                             report::decimal(x.temperature, p), report::decimal(x.tempered, p));
    if (x.blocked)
        scale += " The mask blocks this key for this query: its logit is -inf, its weight exactly 0.";
    report.paragraph(scale);
    report.paragraph("Step 3, softmax over row '" + q + "': subtract the row's largest unmasked logit" +
                     (x.has_sink ? " (the sink's included), " : ", ") + report::decimal(x.row_max, p) +
                     " (only so that exp cannot overflow; the weights are the same), and exp each:");
    report::Table exps{"", {"key", "logit", "exp(logit - max)", ""}, {}};
    for (size_t j = 0; j < x.row_exps.size(); ++j)
        exps.rows.push_back(
            {e.key_labels[j], x.row_logits[j], x.row_exps[j], std::string(j == x.col ? "← this key" : "")});
    if (x.has_sink) exps.rows.push_back({std::string("(sink)"), x.sink_logit, x.sink_exp, std::string("")});
    report.table(name + "exps", std::move(exps));
    const std::string sink =
        x.has_sink ? fmt::format(
                         " The learned sink, logit {} in the row (sink), joins the sum and takes {} / {} = "
                         "{} of the row, so the keys' weights sum to 1 - {}.",
                         report::decimal(x.sink_logit, p), report::decimal(x.sink_exp, p),
                         report::decimal(x.row_sum, p), report::decimal(x.sink_exp / x.row_sum, p),
                         report::decimal(x.sink_exp / x.row_sum, p))
                   : "";
    report.paragraph("The row sum = " + report::decimal(x.row_sum, p) +
                     ". Step 4, weight = " + report::decimal(x.row_exps[x.col], p) + " / " +
                     report::decimal(x.row_sum, p) + " = " + report::decimal(x.weight, p) + "." + sink);
}

void linear_blocks(report::Report& report, const std::string& name, const Experiment& e,
                   const math::LinearExplanation& x, int p) {
    const std::string q = e.query_labels[x.row], k = e.key_labels[x.col];
    report.paragraph("Step 1, the similarity φ(q)·φ(k) of '" + q + "' and '" + k +
                     "', φ = elu + 1, term by term:");
    report.table(name + "products", products_table("φ(q)", "φ(k)", x.phi_q_terms, x.phi_k_terms, x.products));
    report.paragraph("Their sum: similarity = " + report::decimal(x.similarity, p) +
                     (x.similarity == 0.0 ? " (the causal mask hides this key: 0)." : "."));
    report.paragraph("Step 2, the similarities of '" + q +
                     "' with the keys it sees (no exp: φ is already positive):");
    report::Table row{"", {"key", "similarity", ""}, {}};
    for (size_t j = 0; j < x.row_similarities.size(); ++j)
        row.rows.push_back(
            {e.key_labels[j], x.row_similarities[j], std::string(j == x.col ? "← this key" : "")});
    report.table(name + "similarities", std::move(row));
    report.paragraph("The row sum = " + report::decimal(x.row_sum, p) +
                     ". Step 3, weight = " + report::decimal(x.similarity, p) + " / " +
                     report::decimal(x.row_sum, p) + " = " + report::decimal(x.weight, p) + ".");
}

}  // namespace

void add_explanation(report::Report& report, const Experiment& e, const HeadExplanation& x, int precision) {
    const bool heads = e.trace.heads.size() > 1;
    const arma::uword row = x.softmax ? x.softmax->row : x.linear->row,
                      col = x.softmax ? x.softmax->col : x.linear->col;
    const std::string head = heads ? "head " + std::to_string(x.head) : "";
    const std::string tag = x.linear ? (heads ? head + ", linear" : "linear") : head;
    report.heading(question(e, row, col, tag), 2);
    const std::string name =
        "explain.head" + std::to_string(x.head) + ".";  // block names stay unique across heads
    if (x.linear)
        linear_blocks(report, name, e, *x.linear, precision);
    else
        softmax_blocks(report, name, e, x, precision);
}

}  // namespace attn::course
