#include "course/explain.hpp"

#include <cmath>
#include <utility>

namespace attn::course {

std::vector<HeadExplanation> explain_cell(const Experiment& e, arma::uword row, arma::uword col) {
    std::vector<HeadExplanation> all;
    // Each head's variant as the run computed it (RoPE, the cap, the temperature), from the one place a
    // Variant becomes its heads' variants.
    const std::vector<math::HeadVariant> variants =
        math::variant_of_heads(e.trace.variant, e.trace.heads.size());
    for (arma::uword h = 0; h < e.trace.heads.size(); ++h) {
        const math::HeadVariant& variant = variants[h];
        const math::HeadTrace& head = e.trace.heads[h];
        HeadExplanation x;
        x.head = h;
        if (head.phi_q) {  // a linear-attention head has no softmax: its weight is a ratio of kernel
                           // similarities
            x.linear = math::explain_linear_weight(head, row, col);
        } else {
            x.softmax = math::explain_weight(head, row, col, variant);
            if (x.softmax->has_bias)
                static_cast<math::HeadBias&>(x) =
                    math::head_bias(math::bias_slopes(e.trace), h, x.softmax->bias);
        }
        all.push_back(std::move(x));
    }
    return all;
}

Seq2SeqStepDetail explain_seq2seq_step(const Seq2SeqRun& run, arma::uword t) {
    const math::StepTrace& s = run.trace.steps.at(t);
    Seq2SeqStepDetail d;
    d.step = t;
    d.top = s.scores.cols(s.first, s.last).max();
    for (arma::uword j = s.first; j <= s.last; ++j) {
        d.scores.push_back(
            math::score_detail(run.config.score, run.queries.row(t), run.encoder.row(j), run.config.weights));
        d.exps.push_back(std::exp(s.scores(j) - d.top));
    }
    d.weight_sum = arma::accu(s.weights);
    if (run.config.attention == math::AttentionKind::local_p)
        d.position_logit = math::position_logit(run.queries.row(t), *run.config.position);
    return d;
}

}  // namespace attn::course
