#include "render/export.hpp"

#include <fmt/format.h>

#include <cmath>

#include "course/stage_code.hpp"
#include "render/views.hpp"

namespace attn::render {

std::string exact_number(double value) {
    if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
    if (std::isnan(value)) return "nan";
    return fmt::format("{}", value);  // fmt prints the shortest round-trip representation
}

nlohmann::json matrix_json(const arma::mat& m) {
    nlohmann::json rows = nlohmann::json::array();
    for (arma::uword r = 0; r < m.n_rows; ++r) {
        nlohmann::json row = nlohmann::json::array();
        for (arma::uword c = 0; c < m.n_cols; ++c) {
            if (std::isfinite(m(r, c)))
                row.push_back(m(r, c));
            else
                row.push_back(nullptr);
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

nlohmann::json matrix_json(const arma::umat& m) {
    nlohmann::json rows = nlohmann::json::array();
    for (arma::uword r = 0; r < m.n_rows; ++r) {
        nlohmann::json row = nlohmann::json::array();
        for (arma::uword c = 0; c < m.n_cols; ++c) row.push_back(static_cast<int>(m(r, c)));
        rows.push_back(std::move(row));
    }
    return rows;
}

void add_stage_json(nlohmann::json& doc, const Stage& stage) {
    if (stage.name.rfind("heads.", 0) != 0) {
        doc["stages"][stage.name] = matrix_json(stage.view.values);
        return;
    }
    const size_t dot = stage.name.rfind('.');
    const size_t head = std::stoul(stage.name.substr(6, dot - 6));
    if (!doc.contains("heads")) doc["heads"] = nlohmann::json::array();
    while (doc["heads"].size() <= head) doc["heads"].push_back(nlohmann::json::object());
    doc["heads"][head][stage.name.substr(dot + 1)] = matrix_json(stage.view.values);
}

nlohmann::json variant_json(const math::Variant& v) {
    nlohmann::json out;
    out["kernel"] = v.kernel == math::Kernel::linear ? "linear" : "softmax";
    out["rope"] =
        v.rope ? nlohmann::json{{"base", v.rope->base}, {"offset", v.rope->offset}} : nlohmann::json();
    for (const auto& [key, on] : math::variant_switches(v)) out[key] = on;
    out["window"] =
        v.window ? nlohmann::json{{"size", v.window->size}, {"sinks", v.window->sinks}} : nlohmann::json();
    out["causal"] = v.causal || v.window.has_value();
    out["temperature"] = v.temperature;
    return out;
}

namespace {

void add_code_json(nlohmann::json& out, const course::Experiment& e, const std::vector<std::string>& show) {
    nlohmann::json stages = nlohmann::json::array();
    for (const course::StageSnippet& s : course::stage_snippets(e, show))
        stages.push_back({{"stage", s.stage}, {"code", s.code}, {"result", s.result}});
    out["code"] = {{"prelude", course::code_prelude(e)}, {"stages", stages}};
    nlohmann::json inputs = nlohmann::json::object();
    if (e.trace.x && e.projection) {
        inputs["X"] = matrix_json(*e.trace.x);
        inputs["W_Q"] = matrix_json(e.projection->wq);
        inputs["W_K"] = matrix_json(e.projection->wk);
        inputs["W_V"] = matrix_json(e.projection->wv);
        if (e.projection->wo) inputs["W_O"] = matrix_json(*e.projection->wo);
    } else {
        inputs["Q"] = matrix_json(e.trace.q);
        inputs["K"] = matrix_json(e.trace.k);
        inputs["V"] = matrix_json(e.trace.v);
    }
    out["inputs"] = inputs;
}

}  // namespace

nlohmann::json experiment_json(const course::Experiment& e, const std::vector<std::string>& show,
                               bool show_code) {
    nlohmann::json out;
    out["tokens"] = e.query_labels;
    out["key_tokens"] = e.key_labels;
    out["dimensions"] = e.dimensions;
    out["n_heads"] = e.trace.heads.size();
    out["d_k"] = e.trace.heads[0].q.n_cols;
    out["inputs"] = e.inputs_note;
    out["weights"] = e.weights_note;
    if (e.trace.keep) out["mask"] = matrix_json(*e.trace.keep);
    out["variant"] = variant_json(e.trace.variant);
    for (const auto& [key, numbers] : math::per_head_numbers(e.trace)) out[key] = numbers;
    out["stages"] = nlohmann::json::object();
    for (const Stage& stage : collect_stages(e, show, true)) add_stage_json(out, stage);
    out["n_kv_heads"] = e.trace.n_kv_heads;
    // With one head its stages are the top-level ones, and there is no "heads" array to index.
    for (size_t h = 0; e.trace.heads.size() > 1 && h < e.trace.heads.size(); ++h) {
        if (!out.contains("heads")) out["heads"] = nlohmann::json::array();
        while (out["heads"].size() <= h) out["heads"].push_back(nlohmann::json::object());
        out["heads"][h]["kv_head"] = e.trace.heads[h].kv_head;
    }
    if (show_code) add_code_json(out, e, show);
    return out;
}

std::string csv_block(const std::string& name, const course::LabelledMatrix& view) {
    const arma::mat& m = view.values;
    std::string out = "# stage: " + name + "\n# shape: " + std::to_string(m.n_rows) + " x " +
                      std::to_string(m.n_cols) + "\n";
    out += "# rows: " + fmt::format("{}", fmt::join(view.row_labels, " ")) + "\n";
    out += "# columns: " + fmt::format("{}", fmt::join(view.col_labels, " ")) + "\n";
    for (arma::uword r = 0; r < m.n_rows; ++r) {
        for (arma::uword c = 0; c < m.n_cols; ++c) out += (c ? "," : "") + exact_number(m(r, c));
        out += "\n";
    }
    return out + "\n";
}

std::string experiment_csv(const course::Experiment& e, const std::vector<std::string>& show) {
    std::string out;
    for (const Stage& stage : collect_stages(e, show, false)) out += csv_block(stage.name, stage.view);
    return out;
}

}  // namespace attn::render
