#include "course/transformer_stages.hpp"

#include <algorithm>

#include "course/labels.hpp"
#include "inputs/input_error.hpp"

namespace attn::course {

namespace {

const std::vector<std::string> kAttentionNames = {"q", "k", "v", "scores", "scaled", "weights", "concat"};
const std::vector<std::string> kDefaultNames = {"x",         "positions", "input", "weights",
                                                "attention", "residual1", "norm1", "activated",
                                                "ffn",       "residual2", "norm2"};

bool contains(const std::vector<std::string>& list, const std::string& name) {
    return std::find(list.begin(), list.end(), name) != list.end();
}

// "sin0 cos0 sin1 cos1 ...": column 2i is a sine and 2i+1 a cosine of the same angle.
std::vector<std::string> sine_cosine_labels(arma::uword d_model) {
    std::vector<std::string> labels;
    for (arma::uword c = 0; c < d_model; ++c)
        labels.push_back((c % 2 == 0 ? "sin" : "cos") + std::to_string(c / 2));
    return labels;
}

// What the learner asked for, with "all", "output" and the default resolved to plain stage names.
std::vector<std::string> resolve_show(const std::vector<std::string>& show, math::NormPlacement norm) {
    if (contains(show, "all")) return transformer_stage_names();
    std::vector<std::string> names = show.empty() ? kDefaultNames : show;
    for (std::string& name : names)
        if (name == "output") name = norm == math::NormPlacement::post ? "norm2" : "residual2";
    return names;
}

// The attention sublayer's stages from attn run's renderer, with legends that mention the biases.
void add_attention(std::vector<Stage>& out, const course::TransformerRun& run,
                   const std::vector<std::string>& names, bool unicode) {
    std::vector<std::string> wanted;
    for (const std::string& n : kAttentionNames)
        if (contains(names, n)) wanted.push_back(n);
    if (wanted.empty()) return;
    const std::string in = run.trace.norm == math::NormPlacement::post ? "input" : "norm1";
    const std::string dot = unicode ? "·" : ".";
    for (Stage& s : collect_stages(course::attention_experiment(run), wanted, unicode)) {
        if (s.name == "q" || s.name == "k" || s.name == "v") {
            const std::string letter = s.name == "q" ? "Q" : s.name == "k" ? "K" : "V";
            s.view.legend = letter + " = " + in + dot + "W_" + letter + " + b_" + letter;
        }
        out.push_back(std::move(s));
    }
}

}  // namespace

const std::vector<std::string>& transformer_stage_names() {
    static const std::vector<std::string> names = {"x",         "positions", "input",     "norm1",  "q",
                                                   "k",         "v",         "scores",    "scaled", "weights",
                                                   "concat",    "attention", "residual1", "norm2",  "hidden",
                                                   "activated", "ffn",       "residual2"};
    return names;
}

void check_transformer_stage_names(const std::vector<std::string>& names) {
    std::vector<std::string> allowed = transformer_stage_names();
    allowed.insert(allowed.end(), {"output", "all"});
    check_show(names, allowed, "stage");
}

std::vector<Stage> transformer_stages(const course::TransformerRun& run, const std::vector<std::string>& show,
                                      bool unicode) {
    const math::EncoderTrace& t = run.trace;
    const std::vector<std::string> names = resolve_show(show, t.norm);
    const bool post = t.norm == math::NormPlacement::post;
    const std::string dot = unicode ? "·" : "*", gb = unicode ? "·γ + β" : "*gamma + beta";
    const std::vector<std::string> dims =
        run.dimensions.size() == t.input.n_cols ? run.dimensions : numbered_labels("d", t.input.n_cols);
    const std::vector<std::string> model = numbered_labels("d", t.input.n_cols),
                                   hidden = numbered_labels("h", t.ffn.hidden.n_cols);
    std::vector<Stage> out;
    auto add = [&](const std::string& name, const arma::mat& m, const std::string& legend,
                   const std::vector<std::string>& cols, report::Shading shading) {
        if (contains(names, name)) out.push_back({name, {name, legend, m, run.tokens, cols, shading}});
    };
    add("x", run.embeddings, "rows = tokens, columns = embedding dimensions", dims, report::Shading::none);
    if (run.positions) {
        if (contains(names, "positions"))
            out.push_back({"positions",
                           {"positions", "row = position; columns 2i, 2i+1 = sin, cos of pos/10000^(2i/d)",
                            *run.positions, numbered_labels("pos", t.input.n_rows),
                            sine_cosine_labels(t.input.n_cols), report::Shading::diverging}});
        // Once a sine or cosine is added, no column is a pure meaning (food, tech ...) any more.
        add("input", t.input,
            dims == model ? "x + positions: what the block sees"
                          : "x + positions: what the block sees; d0, d1, ... are x's " + dims.front() +
                                (dims.size() > 1 ? ", " + dims[1] + ", ..." : "") +
                                " each plus a sine or cosine of the position: no longer pure meanings",
            model, report::Shading::none);
    }
    if (!post)
        add("norm1", t.norm1.output,
            "LayerNorm(input), each row to mean 0, variance 1, then " + gb + "; attention reads this", model,
            report::Shading::none);
    add_attention(out, run, names, unicode);
    add("attention", t.attention_out, "concat" + dot + "W_O + b_O: what each token gathered from the others",
        model, report::Shading::none);
    add("residual1", t.residual1,
        "input + attention: each token keeps its own vector and adds what it gathered", model,
        report::Shading::none);
    if (post)
        add("norm1", t.norm1.output, "LayerNorm(residual1): each row to mean 0, variance 1, then " + gb,
            model, report::Shading::none);
    else
        add("norm2", t.norm2.output, "LayerNorm(residual1); the feed-forward network reads this", model,
            report::Shading::none);
    const std::string ffn_in = post ? "norm1" : "norm2";
    add("hidden", t.ffn.hidden, ffn_in + dot + "W_1 + b_1, d_ff = " + std::to_string(t.ffn.hidden.n_cols),
        hidden, report::Shading::diverging);
    add("activated", t.ffn.activated,
        run.config.activation == math::Activation::relu
            ? "relu(hidden) = max(0, hidden): negatives become 0"
            : "gelu(hidden) = hidden" + dot + "Phi(hidden): negatives shrink towards 0",
        hidden, report::Shading::diverging);
    add("ffn", t.ffn.output, "activated" + dot + "W_2 + b_2: back to d_model, each token on its own", model,
        report::Shading::none);
    add("residual2", t.residual2, post ? "norm1 + ffn" : "residual1 + ffn: the block's output (pre-norm)",
        model, report::Shading::none);
    if (post)
        add("norm2", t.norm2.output, "LayerNorm(residual2): the block's output", model,
            report::Shading::none);
    return out;
}

std::vector<Stage> decoder_stages(const course::TransformerRun& run, bool unicode) {
    std::vector<Stage> out;
    for (const bool cross : {false, true}) {
        const std::string part = cross ? "cross" : "self";
        const std::string title = cross ? "cross-attention, " : "masked self-attention, ";
        const std::vector<std::string> show =
            cross ? std::vector<std::string>{"weights", "output"} : std::vector<std::string>{"weights"};
        for (Stage& s : collect_stages(course::decoder_experiment(run, cross), show, unicode)) {
            const bool head_output = s.name.rfind("heads.", 0) == 0 && s.name.size() > 7 &&
                                     s.name.substr(s.name.size() - 7) == ".output";
            if (head_output) continue;  // the concatenated, projected output below says the same
            s.name = "decoder." + part + "." + s.name;
            s.view.title = title + s.view.title;
            if (cross && s.view.title.find("weights") != std::string::npos)
                s.view.legend = "rows = target tokens (queries), columns = source tokens (keys, values)";
            out.push_back(std::move(s));
        }
    }
    return out;
}

std::vector<Stage> permutation_stages(const course::TransformerRun& run, bool unicode) {
    const course::PermutationCheck& p = *run.permutation;
    const std::vector<std::string> model = numbered_labels("d", p.expected.n_cols);
    const std::string minus = unicode ? "−" : "-";
    // Shading scales by the largest magnitude, which would paint rounding noise (~1e-16) as black cells.
    const bool rounding_only = p.max_abs_difference < 1e-12;
    return {{"permuted.output",
             {"permuted output", "the block run on the reordered tokens", p.trace.output, p.tokens, model,
              report::Shading::none}},
            {"permuted.expected",
             {"original output, reordered", "the first run's output rows, in the new order", p.expected,
              p.tokens, model, report::Shading::none}},
            {"permuted.difference",
             {"difference", "permuted output " + minus + " original output reordered", p.difference, p.tokens,
              model, rounding_only ? report::Shading::none : report::Shading::diverging}}};
}

}  // namespace attn::course
