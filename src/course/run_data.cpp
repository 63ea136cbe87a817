// attn run's documented JSON and CSV (docs/json.md) as data blocks: one experiment, its --explain, and
// the comparison of one word across sentences.
#include "course/data_blocks.hpp"
#include "course/stage_code.hpp"
#include "course/stages.hpp"

namespace attn::course {

using report::Facts;
using report::integer_rows;
using report::number_rows;
using report::numbers;
using report::Value;
using report::words;

namespace {

Value pair_values(const std::array<double, 2>& pair) {
    return numbers(std::vector<double>{pair[0], pair[1]});
}

arma::uword t_d_k(const Experiment& e) { return e.trace.heads.at(0).q.n_cols; }

// `d_k`: a head's query width, which sets how many θ_i RoPE has.
void add_variant_data(report::Report& report, const std::string& at, const math::Variant& v,
                      arma::uword d_k) {
    Facts facts{"",
                {{"kernel", v.kernel == math::Kernel::linear ? "linear" : "softmax"},
                 {"rope", nullptr},
                 {"qk_norm", nullptr}}};
    // The on/off parts and the one-number parts by their JSON keys, from math's table: no variant is
    // named here.
    for (const auto& [key, on] : math::variant_switches(v)) facts.items.push_back({key, on});
    for (const auto& [key, number] : math::variant_numbers(v))
        facts.items.push_back({key, number ? Value(*number) : Value(nullptr)});
    facts.items.push_back({"window", nullptr});
    facts.items.push_back({"causal", v.causal || v.window.has_value()});
    facts.items.push_back({"temperature", v.temperature});
    report.data(at + "variant", std::move(facts));
    if (v.rope)
        report.data(at + "variant.rope",
                    Facts{"",
                          {{"base", v.rope->base},
                           {"offset", v.rope->offset},
                           {"pairs", math::rope_pairs_name(v.rope->pairs)},
                           {"dims", v.rope->dims == 0 ? Value(nullptr) : Value(v.rope->dims)},
                           // θ_i of each pair as this run turns them (scaled with --rope-scaling), and the
                           // attention factor on cos and sin (YaRN's; 1 otherwise)
                           {"thetas", numbers(math::rope_thetas(*v.rope, math::rope_dims(*v.rope, d_k)))},
                           {"attention_factor", math::rope_attention_factor(*v.rope)},
                           {"scaling", math::rope_scaling_name(v.rope->scaling)}}});
    if (v.rope && v.rope->scaling != math::RopeScaling::none) {
        Facts scaling{"", {{"factor", v.rope->factor}}};
        if (v.rope->scaling != math::RopeScaling::linear)
            scaling.items.push_back({"original_length", v.rope->original_length});
        if (v.rope->scaling == math::RopeScaling::llama3)
            scaling.items.insert(scaling.items.end(), {{"low_freq_factor", v.rope->low_freq_factor},
                                                       {"high_freq_factor", v.rope->high_freq_factor}});
        report.data(at + "variant.rope", std::move(scaling));
    }
    if (v.qk_norm) {
        const auto weight = [](const arma::rowvec& w) {
            return w.is_empty() ? Value(nullptr) : numbers(arma::conv_to<std::vector<double>>::from(w));
        };
        report.data(at + "variant.qk_norm", Facts{"",
                                                  {{"eps", v.qk_norm->eps},
                                                   {"offset", v.qk_norm->offset},
                                                   {"q_weight", weight(v.qk_norm->q_weight)},
                                                   {"k_weight", weight(v.qk_norm->k_weight)}}});
    }
    // Learned sinks: one logit per query head, or null.
    report.data(at + "variant",
                Facts{"",
                      {{math::variant_part(math::VariantPart::sinks).key,
                        v.sink_logits ? numbers(arma::conv_to<std::vector<double>>::from(*v.sink_logits))
                                      : Value(nullptr)}}});
    if (v.window)
        report.data(at + "variant.window", Facts{"", {{"size", v.window->size}, {"sinks", v.window->sinks}}});
}

// --show-code: the NumPy prelude and each stage's line, and the matrices the code starts from.
void add_code_data(report::Report& report, const std::string& at, const Experiment& e,
                   const std::vector<std::string>& show) {
    const std::vector<StageSnippet> snippets = stage_snippets(e, show);
    report.data(at + "code", Facts{"", {{"prelude", code_prelude(e)}, {"stages", Value::List{}}}});
    for (size_t i = 0; i < snippets.size(); ++i)
        report.data(at + "code.stages." + std::to_string(i), Facts{"",
                                                                   {{"stage", snippets[i].stage},
                                                                    {"code", snippets[i].code},
                                                                    {"result", snippets[i].result}}});
    // Rows of numbers, not matrices: the CSV holds the stages alone.
    Facts inputs;
    if (e.trace.x && e.projection) {
        inputs.items = {{"X", number_rows(*e.trace.x)},
                        {"W_Q", number_rows(e.projection->wq)},
                        {"W_K", number_rows(e.projection->wk)},
                        {"W_V", number_rows(e.projection->wv)}};
        if (e.projection->wo) inputs.items.push_back({"W_O", number_rows(*e.projection->wo)});
        if (e.trace.variant.output_gate)
            inputs.items.push_back({"W_g", number_rows(*e.trace.variant.output_gate)});
    } else {
        inputs.items = {
            {"Q", number_rows(e.trace.q)}, {"K", number_rows(e.trace.k)}, {"V", number_rows(e.trace.v)}};
    }
    report.data(at + "inputs", std::move(inputs));
}

void add_settings_data(report::Report& report, const std::string& at, const Experiment& e, bool show_code) {
    const math::AttentionTrace& t = e.trace;
    Facts facts{"",
                {{"tokens", words(e.query_labels)},
                 {"key_tokens", words(e.key_labels)},
                 {"dimensions", words(e.dimensions)},
                 {"n_heads", t.heads.size()},
                 {"n_kv_heads", t.n_kv_heads},
                 {"d_k", t.heads[0].q.n_cols},
                 {"weights", e.weights_note}}};
    // With --show-code, "inputs" holds the matrices the code starts from instead of the note.
    if (!show_code) facts.items.push_back({"inputs", e.inputs_note});
    if (t.keep) facts.items.push_back({"mask", integer_rows(*t.keep)});
    for (const auto& [key, per_head] : math::per_head_numbers(t))
        facts.items.push_back({key, numbers(per_head)});
    report.data(at.empty() ? "" : at.substr(0, at.size() - 1), std::move(facts));
}

}  // namespace

void add_experiment_data(report::Report& report, const Experiment& e, const std::vector<std::string>& show,
                         bool show_code, const std::string& at) {
    add_settings_data(report, at, e, show_code);
    add_variant_data(report, at, e.trace.variant, t_d_k(e));
    report.data(at + "stages", Facts{});  // an object, even when --show leaves it empty
    // A head's stage ("heads.1.scores") goes to heads[1], any other to stages. The CSV is written from
    // the same blocks: labelled (its # rows and # columns), with the stage names of `attn run`.
    for (Stage& stage : collect_stages(e, show, false)) {
        const bool of_head = stage.name.rfind("heads.", 0) == 0;
        stage.view.title = stage.name;  // the CSV block's name: "weights", "heads.1.weights"
        report.data(at + (of_head ? "" : "stages.") + stage.name, std::move(stage.view));
    }
    // With one head its stages are the top-level ones, and there is no "heads" array to index.
    for (size_t h = 0; e.trace.heads.size() > 1 && h < e.trace.heads.size(); ++h)
        report.data(at + "heads." + std::to_string(h), Facts{"", {{"kv_head", e.trace.heads[h].kv_head}}});
    if (show_code) add_code_data(report, at, e, show);
}

namespace {

void explain_linear(const Experiment& e, arma::uword head, const math::LinearExplanation& x, Facts& out) {
    out.items = {{"head", head},
                 {"row", x.row},
                 {"col", x.col},
                 {"query", e.query_labels[x.row]},
                 {"key", e.key_labels[x.col]},
                 {"kernel", "linear"},
                 {"phi_q", numbers(x.phi_q_terms)},
                 {"phi_k", numbers(x.phi_k_terms)},
                 {"products", numbers(x.products)},
                 {"similarity", x.similarity},
                 {"row_similarities", numbers(x.row_similarities)},
                 {"row_sum", x.row_sum},
                 {"weight", x.weight}};
}

void explain_softmax(const Experiment& e, arma::uword head, const math::WeightExplanation& x, Facts& out) {
    out.items = {{"head", head},
                 {"row", x.row},
                 {"col", x.col},
                 {"query", e.query_labels[x.row]},
                 {"key", e.key_labels[x.col]},
                 {"q", numbers(x.q_terms)},
                 {"k", numbers(x.k_terms)},
                 {"products", numbers(x.products)},
                 {"score", x.score},
                 {"sqrt_d_k", x.sqrt_d_k},
                 {"scaled", x.scaled},
                 {"blocked", x.blocked},
                 {"row_max", x.row_max},
                 {"row_logits", numbers(x.row_logits)},
                 {"row_exps", numbers(x.row_exps)},
                 {"row_sum", x.row_sum},
                 {"weight", x.weight}};
    if (x.has_softcap) out.items.insert(out.items.end(), {{"softcap", x.softcap}, {"capped", x.capped}});
    if (x.has_bias) out.items.insert(out.items.end(), {{"bias", x.bias}, {"biased", x.biased}});
    if (x.has_temperature)
        out.items.insert(out.items.end(), {{"temperature", x.temperature}, {"tempered", x.tempered}});
    if (x.has_sink)
        out.items.insert(out.items.end(), {{"sink_logit", x.sink_logit},
                                           {"sink_exp", x.sink_exp},
                                           {"sink_weight", x.sink_exp / x.row_sum}});
    if (x.rotations.empty()) return;
    out.items.insert(out.items.end(), {{"q_position", x.q_position}, {"k_position", x.k_position}});
    out.items.push_back({"rotations", Value::List{}});
}

// RoPE's rotations of one explained weight: [{"theta", "q_angle", "k_angle", "q_before", ...}].
void add_rotations(report::Report& report, const std::string& at, const math::WeightExplanation& x) {
    for (size_t i = 0; i < x.rotations.size(); ++i) {
        const math::RotatedPair& r = x.rotations[i];
        report.data(at + ".rotations." + std::to_string(i), Facts{"",
                                                                  {{"dims", Value::List{r.first, r.second}},
                                                                   {"theta", r.theta},
                                                                   {"q_angle", r.q_angle},
                                                                   {"k_angle", r.k_angle},
                                                                   {"q_before", pair_values(r.q_before)},
                                                                   {"q_after", pair_values(r.q_after)},
                                                                   {"k_before", pair_values(r.k_before)},
                                                                   {"k_after", pair_values(r.k_after)}}});
    }
}

}  // namespace

void add_explain_data(report::Report& report, const Experiment& e,
                      const std::vector<HeadExplanation>& explained) {
    report.data("", Facts{"", {{"explain", Value::List{}}}});
    for (size_t i = 0; i < explained.size(); ++i) {
        const HeadExplanation& one = explained[i];
        const std::string at = "explain." + std::to_string(i);
        Facts facts;
        if (one.linear) {
            explain_linear(e, one.head, *one.linear, facts);
            report.data(at, std::move(facts));
            continue;
        }
        explain_softmax(e, one.head, *one.softmax, facts);
        report.data(at, std::move(facts));
        add_rotations(report, at, *one.softmax);
    }
}

void add_comparison_data(report::Report& report, const FocusComparison& c,
                         const std::vector<std::string>& show) {
    report.data("", Facts{"", {{"word", c.word}, {"sentences", Value::List{}}}});
    for (size_t i = 0; i < c.runs.size(); ++i) {
        const std::string at = "sentences." + std::to_string(i);
        report.csv(at, report::Note{"sentence " + std::to_string(i + 1) + ": " + c.sentences[i]});
        add_experiment_data(report, c.runs[i], show, false, at + ".");
        report.data(at, Facts{"", {{"sentence", c.sentences[i]}, {"row", c.rows[i]}}});
    }
    report.data("comparison", Facts{"",
                                    {{"embedding", numbers(c.embedding)},
                                     {"output_cosine", c.output_cosine},
                                     {"moved", Value::List{}},
                                     {"sentences_compared", Value::List{1, 2}}}});
    report::LabelledMatrix moved{
        "comparison", "", arma::mat(c.moved.size(), 3), {}, {"first", "second", "change"}};
    for (size_t i = 0; i < c.moved.size(); ++i) {
        const DimensionShift& s = c.moved[i];
        report.data("comparison.moved." + std::to_string(i), Facts{"",
                                                                   {{"dimension", s.dimension},
                                                                    {"first", s.first},
                                                                    {"second", s.second},
                                                                    {"change", s.change}}});
        moved.row_labels.push_back(s.dimension);
        moved.values.row(i) = arma::rowvec{s.first, s.second, s.change};
    }
    // The CSV's last block: the word's output in sentences 1 and 2, dimension by dimension; not in JSON,
    // where comparison.moved holds the same numbers.
    report.csv("comparison", std::move(moved));
    report.csv("output_cosine", report::Note{"output_cosine: " + report::value_text(c.output_cosine)});
}

}  // namespace attn::course
