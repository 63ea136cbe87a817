// --explain as JSON (docs/json.md): every number from course::explain_cell.
#include "render/explain_json.hpp"

#include "render/export.hpp"

namespace attn::render {

nlohmann::json explain_json(const course::Experiment& e,
                            const std::vector<course::HeadExplanation>& explained) {
    nlohmann::json all = nlohmann::json::array();
    for (const course::HeadExplanation& one : explained) {
        const arma::uword h = one.head;
        if (one.linear) {
            const math::LinearExplanation& x = *one.linear;
            all.push_back({{"head", h},
                           {"row", x.row},
                           {"col", x.col},
                           {"query", e.query_labels[x.row]},
                           {"key", e.key_labels[x.col]},
                           {"kernel", "linear"},
                           {"phi_q", x.phi_q_terms},
                           {"phi_k", x.phi_k_terms},
                           {"products", x.products},
                           {"similarity", x.similarity},
                           {"row_similarities", x.row_similarities},
                           {"row_sum", x.row_sum},
                           {"weight", x.weight}});
            continue;
        }
        const math::WeightExplanation& x = *one.softmax;
        nlohmann::json j = {{"head", h},
                            {"row", x.row},
                            {"col", x.col},
                            {"query", e.query_labels[x.row]},
                            {"key", e.key_labels[x.col]},
                            {"q", x.q_terms},
                            {"k", x.k_terms},
                            {"products", x.products},
                            {"score", x.score},
                            {"sqrt_d_k", x.sqrt_d_k},
                            {"scaled", x.scaled},
                            {"blocked", x.blocked},
                            {"row_max", x.row_max},
                            {"row_logits", matrix_json(arma::mat(arma::rowvec(x.row_logits)))[0]},
                            {"row_exps", x.row_exps},
                            {"row_sum", x.row_sum},
                            {"weight", x.weight}};
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
                j["rotations"].push_back({{"theta", r.theta},
                                          {"q_angle", r.q_angle},
                                          {"k_angle", r.k_angle},
                                          {"q_before", r.q_before},
                                          {"q_after", r.q_after},
                                          {"k_before", r.k_before},
                                          {"k_after", r.k_after}});
        }
        all.push_back(j);
    }
    return all;
}

}  // namespace attn::render
