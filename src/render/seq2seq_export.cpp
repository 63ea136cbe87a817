#include "render/seq2seq_export.hpp"

#include <fmt/format.h>

#include <cmath>

#include "render/export.hpp"
#include "render/views.hpp"

namespace attn::render {

namespace {

using nlohmann::json;

json row_json(const arma::rowvec& v) { return matrix_json(arma::mat(v))[0]; }

json step_json(const course::Seq2SeqRun& run, arma::uword t) {
    const math::StepTrace& s = run.trace.steps[t];
    json j = {{"step", t},
              {"word", run.target_labels[t]},
              {"window", {s.first, s.last}},
              {"scores", row_json(s.scores)}};
    if (s.position) j["p"] = *s.position;
    if (s.gaussian) {
        j["content"] = row_json(s.content);
        j["gaussian"] = row_json(*s.gaussian);
    }
    j["weights"] = row_json(s.weights);
    j["context"] = row_json(s.context);
    j["attentional"] = s.attentional ? row_json(*s.attentional) : json(nullptr);
    if (!run.hard) return j;
    j["soft_weights"] = j["weights"];
    j["soft_context"] = j["context"];
    j["soft_attentional"] = j["attentional"];
    j["argmax"] = run.hard->argmax(t);
    j["sample"] = run.hard->draws(0, t);
    // How often all the draws picked the argmax (close to its soft weight when there are many).
    j["argmax_share"] = run.hard->argmax_share(t);
    j["weights"] = row_json(run.hard->alignment.row(t));
    j["context"] = row_json(run.hard->contexts.row(t));
    j["attentional"] = run.hard->attentional ? row_json(run.hard->attentional->row(t)) : json(nullptr);
    return j;
}

json hard_json(const course::Seq2SeqRun& run) {
    json convergence = json::array();
    for (const math::ConvergencePoint& p : run.hard->convergence)
        convergence.push_back({{"n_samples", p.n_samples},
                               {"mean_distance", p.mean_distance},
                               {"max_distance", p.max_distance}});
    return {{"samples", run.hard->draws.n_rows}, {"convergence", convergence}};
}

// An operation count is a whole number: 330, not 330.0 (a double holds counts exactly up to 2^53).
json count_json(double count) {
    if (count == std::floor(count) && std::fabs(count) < 9e15) return json(static_cast<long long>(count));
    return json(count);
}

json cost_json(const course::Seq2SeqRun& run) {
    json rows = json::array();
    for (const math::CostRow& r : run.cost)
        rows.push_back({{"S", r.n_source},
                        {"local_positions", r.local_positions},
                        {"global", count_json(r.global)},
                        {"local_m", count_json(r.local_m)},
                        {"local_p", count_json(r.local_p)}});
    const math::CostDims& d = run.dims;
    return {{"window", run.config.window},
            {"dims", {{"d_t", d.d_t}, {"d_s", d.d_s}, {"d_a", d.d_a}, {"d_p", d.d_p}}},
            {"rows", rows}};
}

std::string table_csv(const report::Table& table, const std::string& name) {
    if (table.rows.empty()) return "";
    std::string out =
        "# table: " + name + "\n# columns: " + fmt::format("{}", fmt::join(table.header, ",")) + "\n";
    for (const auto& row : table.rows) {
        for (size_t c = 0; c < row.size(); ++c) {
            const auto* text = std::get_if<std::string>(&row[c]);
            out += (c ? "," : "") + (text ? *text : exact_number(std::get<double>(row[c])));
        }
        out += "\n";
    }
    return out + "\n";
}

}  // namespace

json seq2seq_json(const course::Seq2SeqRun& run) {
    json out = {{"source", run.source_labels},
                {"target", run.target_labels},
                {"score", score_name(run.config.score)},
                {"attention", attention_name(run.config.attention)},
                {"window", run.config.window},
                {"query", run.query_note},
                {"inputs", run.inputs_note},
                {"weights", run.weights_note}};
    out["units"] = {{"encoder", run.encoder_units},
                    {"decoder", run.decoder_units},
                    {"attentional", run.attentional_units}};
    out["steps"] = json::array();
    for (arma::uword t = 0; t < run.trace.steps.size(); ++t) out["steps"].push_back(step_json(run, t));
    out["stages"] = json::object();
    for (const Seq2SeqStage& stage : seq2seq_stages(run, true))
        out["stages"][stage.name] = matrix_json(stage.view.values);
    if (run.hard) out["hard"] = hard_json(run);
    out["cost"] = cost_json(run);
    return out;
}

std::string seq2seq_csv(const course::Seq2SeqRun& run) {
    std::string out;
    for (const Seq2SeqStage& stage : seq2seq_stages(run, false)) out += csv_block(stage.name, stage.view);
    out += table_csv(positions_table(run), "windows") + table_csv(hard_table(run), "hard") +
           table_csv(convergence_table(run), "convergence") + table_csv(cost_table(run), "cost");
    return out;
}

json seq2seq_explain_json(const course::Seq2SeqRun& run, const course::Seq2SeqStepDetail& detail) {
    const arma::uword t = detail.step;
    const math::StepTrace& s = run.trace.steps.at(t);
    json j = {{"step", t},
              {"word", run.target_labels[t]},
              {"query", row_json(run.queries.row(t))},
              {"window", {s.first, s.last}}};
    j["p"] = s.position ? json(*s.position) : json(nullptr);
    json positions = json::array();
    for (arma::uword k = s.first; k <= s.last; ++k) {
        const math::ScoreDetail& d = detail.scores[k - s.first];
        json one = {{"s", k}, {"word", run.source_labels[k]}, {"score", d.score}};
        if (d.products.n_elem) one["terms"] = row_json(d.products);
        if (d.pre.n_elem) one["pre"] = row_json(d.pre), one["activated"] = row_json(d.activated);
        one["exp"] = detail.exps[k - s.first];
        one["content"] = s.content(k);
        if (s.gaussian) one["gaussian"] = (*s.gaussian)(k);
        one["weight"] = s.weights(k);
        positions.push_back(one);
    }
    j["positions"] = positions;
    j["context"] = row_json(s.context);
    j["attentional"] = s.attentional ? row_json(*s.attentional) : json(nullptr);
    return j;
}

}  // namespace attn::render
