// The reports of attn run --mla and attn decode --mla: text (every stage, naive and absorbed side by side,
// the check, the cache per token) and the JSON and CSV of docs/json.md, as data blocks.
#include <fmt/format.h>

#include <algorithm>

#include "course/labels.hpp"
#include "course/mla.hpp"

namespace attn::course {

namespace {

using report::Facts;
using report::LabelledMatrix;
using report::Shading;
using report::Value;

constexpr arma::uword kBytesPerNumber = 8;  // attn holds doubles

LabelledMatrix view(const std::string& title, const std::string& legend, const arma::mat& m,
                    std::vector<std::string> rows, const std::string& col_prefix,
                    Shading shading = Shading::none) {
    return {title, legend, m, std::move(rows), numbered_labels(col_prefix, m.n_cols), shading, {}};
}

// A weights matrix with the mask's blocked cells drawn as blocked.
LabelledMatrix weights_view(const std::string& title, const std::string& legend, const arma::mat& m,
                            const std::vector<std::string>& tokens) {
    LabelledMatrix v{title, legend, m, tokens, tokens, Shading::unit, {}};
    v.keep = arma::conv_to<arma::umat>::from(m > 0);
    return v;
}

std::string sizes_text(const math::MlaShape& s) {
    return fmt::format(
        "{} heads, q_lora_rank {}, kv_lora_rank {}, qk_nope_dim {}, qk_rope_dim {}, v_dim {}, "
        "rope_base {:g}, eps {:g}",
        s.heads, s.q_lora_rank, s.kv_lora_rank, s.qk_nope_dim, s.qk_rope_dim, s.v_dim, s.rope_base, s.eps);
}

void add_settings(report::Report& report, const MlaRun& r) {
    const math::MlaShape& s = r.weights.shape;
    report.data("", Facts{"",
                          {{"tokens", report::words(r.tokens)},
                           {"dimensions", report::words(r.dimensions)},
                           {"n_heads", s.heads},
                           {"inputs", r.inputs_note},
                           {"weights", "MLA layer from " + r.mla_path},
                           {"causal", r.causal},
                           {"temperature", r.options.temperature},
                           {"window", r.window ? Value(r.window->size) : Value()},
                           {"sinks", r.window ? Value(r.window->sinks) : Value(0)}}});
    report.data("mla", Facts{"",
                             {{"file", r.mla_path},
                              {"heads", s.heads},
                              {"q_lora_rank", s.q_lora_rank},
                              {"kv_lora_rank", s.kv_lora_rank},
                              {"qk_nope_dim", s.qk_nope_dim},
                              {"qk_rope_dim", s.qk_rope_dim},
                              {"v_dim", s.v_dim},
                              {"rope_base", s.rope_base},
                              {"eps", s.eps},
                              {"rope_pairs", math::rope_pairs_name(r.options.pairs)},
                              {"rope_offset", r.options.first_position},
                              {"scale", math::mla_scale(s)}}});
}

// {"bytes_per_number", "mla": {"numbers", "bytes"}, "mha": {...}, "gqa": [{"kv_heads", "numbers", "bytes"}]}.
void add_cache_data(report::Report& report, const math::MlaCacheSize& c) {
    const auto entry = [](arma::uword numbers) {
        return Facts{"", {{"numbers", numbers}, {"bytes", numbers * kBytesPerNumber}}};
    };
    report.data("cache_per_token",
                Facts{"", {{"bytes_per_number", kBytesPerNumber}, {"gqa", Value::List{}}}});
    report.data("cache_per_token.mla", entry(c.mla));
    report.data("cache_per_token.mha", entry(c.mha));
    for (size_t i = 0; i < c.gqa.size(); ++i)
        report.data("cache_per_token.gqa." + std::to_string(i),
                    Facts{"",
                          {{"kv_heads", c.gqa[i].first},
                           {"numbers", c.gqa[i].second},
                           {"bytes", c.gqa[i].second * kBytesPerNumber}}});
}

// A stage of attn run --mla as JSON and CSV: rows are the tokens, and so are the columns of a matrix
// over keys; the CSV block is named by its JSON path.
void add_stage(report::Report& report, const std::string& path, const arma::mat& m, const MlaRun& r) {
    const bool over_keys = m.n_cols == r.tokens.size() && path.find("score") != std::string::npos;
    const bool weights = path.find("weights") != std::string::npos;
    report.data(path, LabelledMatrix{path,
                                     "",
                                     m,
                                     r.tokens,
                                     over_keys || weights ? r.tokens : numbered_labels("d", m.n_cols),
                                     Shading::none,
                                     {}});
}

void add_run_data(report::Report& report, const MlaRun& r) {
    const math::MlaTrace& t = r.trace;
    add_settings(report, r);
    if (t.q_a) add_stage(report, "stages.q_a", *t.q_a, r);
    add_stage(report, "stages.q", t.q, r);
    add_stage(report, "stages.kv_a", t.kv_a, r);
    add_stage(report, "stages.latent", t.latent, r);
    add_stage(report, "stages.k_rope", t.k_rope, r);
    add_stage(report, "stages.concat", t.concat, r);
    add_stage(report, "stages.output", t.output, r);
    add_stage(report, "stages.absorbed_output", t.absorbed_output, r);
    for (size_t h = 0; h < t.heads.size(); ++h) {
        const math::MlaHeadTrace& x = t.heads[h];
        const std::string at = "heads." + std::to_string(h) + ".";
        const std::vector<std::pair<const char*, const arma::mat*>> stages{
            {"q_nope", &x.q_nope},
            {"q_rope", &x.q_rope},
            {"k_nope", &x.k_nope},
            {"k_rope", &t.k_rope},
            {"v", &x.v},
            {"scores", &x.scores},
            {"scaled", &x.scaled},
            {"weights", &x.weights},
            {"output", &x.output},
            {"q_absorbed", &x.q_absorbed},
            {"absorbed_scores", &x.absorbed_scores},
            {"absorbed_weights", &x.absorbed_weights},
            {"latent_output", &x.latent_output},
            {"absorbed_output", &x.absorbed_output}};
        for (const auto& [name, m] : stages) add_stage(report, at + name, *m, r);
    }
    report.data("", Facts{"",
                          {{"max_abs_difference", t.max_abs_difference},
                           {"tolerance", kMlaTolerance},
                           {"agree", t.max_abs_difference <= kMlaTolerance}}});
    add_cache_data(report, math::mla_cache_size(r.weights.shape));
}

std::string check_text(double difference) {
    return fmt::format(
        "naive and absorbed {} (largest |difference| over scores, weights and outputs {:.3g}, "
        "tolerance {:g})",
        difference <= kMlaTolerance ? "agree" : "DISAGREE", difference, kMlaTolerance);
}

report::Table cache_table(const math::MlaShape& s) {
    const math::MlaCacheSize c = math::mla_cache_size(s);
    report::Table table{
        "cache per token and layer (8-byte numbers)", {"attention", "cached", "numbers", "bytes"}, {}};
    const auto row = [&](const std::string& name, const std::string& what, arma::uword n) {
        table.rows.push_back({name, what, std::to_string(n), std::to_string(n * kBytesPerNumber)});
    };
    row("MLA", fmt::format("latent {} + rope key {}", s.kv_lora_rank, s.qk_rope_dim), c.mla);
    for (const auto& [g, n] : c.gqa)
        row(g == 1 ? "MQA" : fmt::format("GQA, {} kv heads", g),
            fmt::format("{} x (k {} + v {})", g, s.qk_head_dim(), s.v_dim), n);
    row("MHA", fmt::format("{} x (k {} + v {})", s.heads, s.qk_head_dim(), s.v_dim), c.mha);
    return table;
}

void add_head_views(report::Report& report, const MlaRun& r, size_t h) {
    const math::MlaHeadTrace& x = r.trace.heads[h];
    const std::string p = fmt::format("heads.{}.", h), name = fmt::format("head {}: ", h);
    report.heading(fmt::format("head {}", h), 2);
    report.matrix(p + "q_nope",
                  view(name + "q_nope", "the query's part without positions", x.q_nope, r.tokens, "d"));
    report.matrix(p + "q_rope", view(name + "q_rope", "its rotated part", x.q_rope, r.tokens, "r"));
    report.matrix(p + "k_nope", view(name + "k_nope", "naive: latent · W_UK", x.k_nope, r.tokens, "d"));
    report.matrix(p + "v", view(name + "v", "naive: latent · W_UV", x.v, r.tokens, "d"));
    report.matrix(p + "q_absorbed",
                  view(name + "q_absorbed", "absorbed: q_nope · W_UKᵀ, a query in latent space", x.q_absorbed,
                       r.tokens, "c"));
    report.matrix(p + "scores",
                  LabelledMatrix{name + "scores",
                                 "q_nope·k_nopeᵀ + q_rope·k_ropeᵀ (absorbed: q_absorbed·latentᵀ + "
                                 "the same)",
                                 x.scores,
                                 r.tokens,
                                 r.tokens,
                                 Shading::diverging,
                                 {}});
    report.matrix(p + "weights", weights_view(name + "weights",
                                              fmt::format("softmax(scores · {:.4g}{})", r.trace.scale,
                                                          r.options.temperature != 1
                                                              ? fmt::format(" / {:g}", r.options.temperature)
                                                              : ""),
                                              x.weights, r.tokens));
    report.matrix(p + "output", view(name + "output", "naive: weights · v", x.output, r.tokens, "d"));
    report.matrix(p + "latent_output",
                  view(name + "latent_output", "absorbed: weights · latent", x.latent_output, r.tokens, "c"));
    report.matrix(p + "absorbed_output", view(name + "absorbed_output", "absorbed: latent_output · W_UV",
                                              x.absorbed_output, r.tokens, "d"));
}

// The token each cache row holds, the row this step appended marked (new).
std::vector<std::string> cache_rows(const MlaDecodeRun& d, const math::MlaDecodeStep& s) {
    std::vector<std::string> rows;
    for (const arma::uword token : s.cache_tokens)
        rows.push_back(d.run.tokens[token] + (token == s.t ? " (new)" : ""));
    return rows;
}

void add_step_data(report::Report& report, const MlaDecodeRun& d, size_t i) {
    const math::MlaDecodeStep& s = d.decode.steps[i];
    const std::string at = "steps." + std::to_string(i);
    std::vector<std::string> keys;
    for (const arma::uword token : s.cache_tokens) keys.push_back(d.run.tokens[token]);
    const arma::uword numbers = s.cache_tokens.size() * d.cache.mla;
    report.data(at, Facts{"",
                          {{"t", s.t},
                           {"token", d.run.tokens[s.t]},
                           {"cache_tokens", report::counts(s.cache_tokens)},
                           {"key_tokens", report::words(keys)},
                           {"cache_numbers", numbers},
                           {"cache_bytes", numbers * kBytesPerNumber},
                           {"heads", Value::List{}}}});
    report.data(at + ".latent", s.latent);
    report.data(at + ".k_rope", s.k_rope);
    report.data(at + ".latent_cache", s.latent_cache);
    report.data(at + ".k_rope_cache", s.k_rope_cache);
    for (size_t h = 0; h < s.heads.size(); ++h) {
        const math::MlaDecodeHead& x = s.heads[h];
        const std::string p = at + ".heads." + std::to_string(h) + ".";
        const std::vector<std::pair<const char*, const arma::mat*>> stages{
            {"q_nope", &x.q_nope}, {"q_rope", &x.q_rope},   {"q_absorbed", &x.q_absorbed},
            {"scores", &x.scores}, {"weights", &x.weights}, {"latent_output", &x.latent_output},
            {"output", &x.output}};
        for (const auto& [name, m] : stages) report.data(p + name, *m);
    }
    report.data(at + ".output", s.output);
}

void add_decode_data(report::Report& report, const MlaDecodeRun& d) {
    add_settings(report, d.run);
    report.data("", Facts{"", {{"steps", Value::List{}}}});
    for (size_t i = 0; i < d.decode.steps.size(); ++i) add_step_data(report, d, i);
    report.data("stages.output", d.decode.output);
    report.data("stages.causal_output", d.run.trace.output);
    report.data("", Facts{"",
                          {{"causal_max_abs_difference", d.causal_max_abs_difference},
                           {"naive_absorbed_max_abs_difference", d.run.trace.max_abs_difference},
                           {"tolerance", kMlaTolerance}}});
    add_cache_data(report, d.cache);
}

void add_step_views(report::Report& report, const MlaDecodeRun& d, const math::MlaDecodeStep& s) {
    const arma::uword numbers = s.cache_tokens.size() * d.cache.mla;
    report.heading(fmt::format("step {}: '{}' (cache: {} row{} x {} numbers = {} bytes)", s.t,
                               d.run.tokens[s.t], s.cache_tokens.size(), s.cache_tokens.size() > 1 ? "s" : "",
                               d.cache.mla, numbers * kBytesPerNumber),
                   2);
    const std::string p = fmt::format("step{}.", s.t);
    const std::vector<std::string> rows = cache_rows(d, s);
    report.matrix(p + "latent_cache",
                  view("latent cache",
                       d.run.window ? "c_kv of the tokens the window keeps" : "c_kv of every token seen",
                       s.latent_cache, rows, "c"));
    report.matrix(p + "k_rope_cache",
                  view("rope key cache", "rotated at each token's position", s.k_rope_cache, rows, "r"));
    std::vector<std::string> keys;
    for (const arma::uword token : s.cache_tokens) keys.push_back(d.run.tokens[token]);
    for (size_t h = 0; h < s.heads.size(); ++h) {
        const math::MlaDecodeHead& x = s.heads[h];
        const std::string name = fmt::format("head {}: ", h), q = fmt::format("{}head{}.", p, h);
        std::vector<std::string> query_cols = numbered_labels("c", x.q_absorbed.n_cols);
        for (const std::string& r : numbered_labels("r", x.q_rope.n_cols)) query_cols.push_back(r);
        report.matrix(q + "query", LabelledMatrix{name + "q_absorbed, q_rope",
                                                  "q_nope · W_UKᵀ; the rotated part",
                                                  arma::join_rows(x.q_absorbed, x.q_rope),
                                                  {d.run.tokens[s.t]},
                                                  query_cols,
                                                  Shading::none,
                                                  {}});
        report.matrix(
            q + "weights",
            LabelledMatrix{name + "scores, weights",
                           fmt::format("q_absorbed·latentᵀ + q_rope·k_ropeᵀ; softmax(scores · {:.4g})",
                                       d.run.trace.scale),
                           arma::join_cols(x.scores, x.weights),
                           {"scores", "weights"},
                           keys,
                           Shading::none,
                           {}});
        report.matrix(q + "output", view(name + "output", "(weights · latent cache) · W_UV", x.output,
                                         {d.run.tokens[s.t]}, "d"));
    }
    report.matrix(p + "output",
                  view("step output", "heads side by side · o", s.output, {d.run.tokens[s.t]}, "d"));
}

std::string cache_note(const MlaDecodeRun& d) {
    const math::MlaShape& s = d.run.weights.shape;
    const arma::uword n = d.decode.steps.back().cache_tokens.size();
    return fmt::format(
        "The cache holds {} tokens x {} numbers x {} bytes = {} bytes. The same {} heads without the latent "
        "would cache {} x {} = {} bytes of keys and values ({:.1f} times as many){}.",
        n, d.cache.mla, kBytesPerNumber, n * d.cache.mla * kBytesPerNumber, s.heads, n,
        d.cache.mha * kBytesPerNumber, n * d.cache.mha * kBytesPerNumber,
        static_cast<double>(d.cache.mha) / static_cast<double>(d.cache.mla),
        d.cache.gqa.empty() ? ""
                            : fmt::format("; with one key/value head (MQA), {} bytes",
                                          n * d.cache.gqa.front().second * kBytesPerNumber));
}

}  // namespace

report::Report mla_run_report(const MlaRun& r, const std::string& data_dir) {
    const math::MlaTrace& t = r.trace;
    const math::MlaShape& s = r.weights.shape;
    report::Report report{"attn run --mla: " + fmt::format("{}", fmt::join(r.tokens, " ")), data_dir, {}};
    add_run_data(report, r);
    report.facts(
        "inputs",
        Facts{"",
              {{"inputs", r.inputs_note},
               {"layer", r.mla_path},
               {"sizes", sizes_text(s)},
               {"scale",
                fmt::format("1/√(qk_nope_dim + qk_rope_dim) = 1/√{} = {:.6g}", s.qk_head_dim(), t.scale)},
               {"mask", r.window   ? fmt::format("window {}, sinks {}", r.window->size, r.window->sinks)
                        : r.causal ? "causal"
                                   : "none"},
               {"rope pairs", math::rope_pairs_name(r.options.pairs)}}});
    report.paragraph(
        "Multi-head latent attention (DeepSeek-V2, V3): every token is compressed to one small latent c_kv, "
        "which all heads share, plus one rotated rope key that all heads share too. Naive: each head "
        "up-projects its keys and values from the latent, then attends. Absorbed: W_UK is folded into the "
        "query and W_UV into the output, so the heads attend over the latent itself.");
    if (t.q_a)
        report.matrix("q_a", view("q_a", "RMSNorm(X · q_a): the compressed query", *t.q_a, r.tokens, "c"));
    report.matrix("latent", view("latent", "c_kv = RMSNorm(first kv_lora_rank columns of X · kv_a): cached",
                                 t.latent, r.tokens, "c"));
    report.matrix("k_rope",
                  view("k_rope", "RoPE(last qk_rope_dim columns of X · kv_a): cached, one for all heads",
                       t.k_rope, r.tokens, "r"));
    for (size_t h = 0; h < t.heads.size(); ++h) add_head_views(report, r, h);
    report.heading("output", 2);
    report.matrix("output", view("output", "naive: heads side by side · o", t.output, r.tokens, "d",
                                 Shading::diverging));
    report.matrix("absorbed_output", view("absorbed_output", "absorbed: the same through the latent",
                                          t.absorbed_output, r.tokens, "d", Shading::diverging));
    report.facts("check", Facts{"", {{"check", check_text(t.max_abs_difference)}}});
    report.table("cache", cache_table(s));
    return report;
}

}  // namespace attn::course

namespace attn::course {

report::Report mla_decode_report(const MlaDecodeRun& d, const std::string& data_dir,
                                 const std::vector<arma::uword>& steps) {
    const MlaRun& r = d.run;
    report::Report report{"attn decode --mla: " + fmt::format("{}", fmt::join(r.tokens, " ")), data_dir, {}};
    add_decode_data(report, d);
    report.facts(
        "inputs",
        Facts{"",
              {{"inputs", r.inputs_note}, {"layer", r.mla_path}, {"sizes", sizes_text(r.weights.shape)}}});
    report.paragraph(fmt::format(
        "Generating {} tokens one at a time with multi-head latent attention. At step t the new token leaves "
        "only its latent c_kv ({} numbers) and its rotated rope key ({}) in the cache. Each head's query is "
        "absorbed (q_nope · W_UKᵀ) and scores the cached latents directly; the weighted latents go through "
        "W_UV. No key or value is ever formed.{}",
        r.tokens.size(), r.weights.shape.kv_lora_rank, r.weights.shape.qk_rope_dim,
        r.window ? fmt::format(" With --window {} --sinks {} the cache keeps only the rows the window leaves "
                               "visible: the last {} tokens and the first {}.",
                               r.window->size, r.window->sinks, r.window->size, r.window->sinks)
                 : ""));
    const std::string flags =
        r.window ? fmt::format(" --window {} --sinks {}", r.window->size, r.window->sinks) : " --mask causal";
    for (const math::MlaDecodeStep& s : d.decode.steps)
        if (steps.empty() || std::find(steps.begin(), steps.end(), s.t) != steps.end())
            add_step_views(report, d, s);
    const bool equal = d.causal_max_abs_difference <= kMlaTolerance;
    report.facts("check",
                 Facts{"",
                       {{"check", fmt::format("the {} step outputs stacked {} attn run --mla{} on "
                                              "the same input (max |difference| {:.3g}, tolerance {:g})",
                                              r.tokens.size(), equal ? "equal" : "DIFFER FROM", flags,
                                              d.causal_max_abs_difference, kMlaTolerance)},
                        {"absorbed", check_text(r.trace.max_abs_difference)}}});
    report.heading("bytes per token", 2);
    report.table("cache", cache_table(r.weights.shape));
    report.paragraph(cache_note(d));
    return report;
}

}  // namespace attn::course
