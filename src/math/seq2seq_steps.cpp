// The decoder loop of seq2seq_attention: one StepTrace per target step.
#include <string>

#include "math/seq2seq.hpp"
#include "math/shapes.hpp"

namespace attn::math {

namespace {

void check_inputs(const arma::mat& queries, const arma::mat& states, const arma::mat& encoder,
                  const Seq2SeqConfig& c) {
    require(encoder.n_rows > 0 && queries.n_rows > 0,
            "attention needs at least one encoder state and one decoder step, got " + shape_of(encoder) +
                " and " + shape_of(queries));
    require(states.n_rows == queries.n_rows, "the decoder states " + shape_of(states) + " and queries " +
                                                 shape_of(queries) + " need one row per target step each");
    require_finite(queries, "the decoder states");
    require_finite(states, "the decoder states");
    require_finite(encoder, "the encoder states");
    check_score_weights(c.score, c.weights, queries.n_cols, encoder.n_cols);
    const bool local = c.attention == AttentionKind::local_m || c.attention == AttentionKind::local_p;
    require(!local || c.window >= 1,
            "the window half-width D must be at least 1, got " + std::to_string(c.window));
    require(c.attention != AttentionKind::local_p || c.position.has_value(),
            "local-p attention needs W_p and v_p");
    if (c.position) require_finite(c.position->wp, "W_p");
    if (c.position) require_finite(arma::mat(c.position->vp), "v_p");
    if (c.wc) require_finite(*c.wc, "W_c");
}

// Where step t looks: p_t and the window for local attention, everything for global and hard.
void place_window(StepTrace& step, arma::uword t, const arma::rowvec& query, arma::uword n_source,
                  const Seq2SeqConfig& c) {
    if (c.attention == AttentionKind::global || c.attention == AttentionKind::hard) {
        step.first = 0;
        step.last = n_source - 1;
        return;
    }
    step.position = c.attention == AttentionKind::local_m ? static_cast<double>(t)
                                                          : predicted_position(query, *c.position, n_source);
    const auto [first, last] = local_window(*step.position, c.window, n_source, t);
    step.first = first;
    step.last = last;
}

StepTrace attend_step(arma::uword t, const arma::rowvec& query, const arma::rowvec& state,
                      const arma::mat& encoder, const Seq2SeqConfig& c) {
    StepTrace step;
    place_window(step, t, query, encoder.n_rows, c);
    step.scores = score_row(c.score, query, encoder, c.weights, step.first, step.last);
    step.content = window_softmax(step.scores, step.first, step.last);
    step.weights = step.content;
    if (c.attention == AttentionKind::local_p) {
        step.gaussian = gaussian_row(*step.position, c.window, encoder.n_rows, step.first, step.last);
        step.weights = step.content % *step.gaussian;  // not renormalised, as in the paper
    }
    step.context = step.weights * encoder;  // (1, S)·(S, d_s)
    if (c.wc) step.attentional = attentional_state(step.context, state, *c.wc);
    return step;
}

}  // namespace

Seq2SeqTrace seq2seq_attention(const arma::mat& queries, const arma::mat& states, const arma::mat& encoder,
                               const Seq2SeqConfig& config) {
    check_inputs(queries, states, encoder, config);
    Seq2SeqTrace trace;
    trace.alignment.set_size(queries.n_rows, encoder.n_rows);
    trace.contexts.set_size(queries.n_rows, encoder.n_cols);
    for (arma::uword t = 0; t < queries.n_rows; ++t) {
        trace.steps.push_back(attend_step(t, queries.row(t), states.row(t), encoder, config));
        trace.alignment.row(t) = trace.steps.back().weights;
        trace.contexts.row(t) = trace.steps.back().context;
    }
    if (config.wc) {
        trace.attentional = arma::mat(queries.n_rows, config.wc->n_rows);
        for (arma::uword t = 0; t < queries.n_rows; ++t)
            trace.attentional->row(t) = *trace.steps[t].attentional;
    }
    return trace;
}

}  // namespace attn::math
