#include "course/explain.hpp"

#include <cmath>

namespace attn::course {

std::vector<math::WeightExplanation> explain_weights(const Experiment& e, arma::uword row, arma::uword col) {
    std::vector<math::WeightExplanation> all;
    math::HeadVariant variant;
    variant.rope = e.trace.variant.rope;  // RoPE rotates q and k before their dot product
    variant.temperature = e.trace.variant.temperature;
    for (const math::HeadTrace& head : e.trace.heads)
        if (!head.phi_q) all.push_back(math::explain_weight(head, row, col, variant));  // linear heads have no softmax to explain
    return all;
}

Seq2SeqStepDetail explain_seq2seq_step(const Seq2SeqRun& run, arma::uword t) {
    const math::StepTrace& s = run.trace.steps.at(t);
    Seq2SeqStepDetail d;
    d.step = t;
    d.top = s.scores.cols(s.first, s.last).max();
    for (arma::uword j = s.first; j <= s.last; ++j) {
        d.scores.push_back(math::score_detail(run.config.score, run.queries.row(t), run.encoder.row(j), run.config.weights));
        d.exps.push_back(std::exp(s.scores(j) - d.top));
    }
    if (run.config.attention == math::AttentionKind::local_p)
        d.position_logit = math::position_logit(run.queries.row(t), *run.config.position);
    return d;
}

}  // namespace attn::course
