// The arithmetic behind one number on the screen (--explain), computed here so that render only
// formats it: one weight of `attn run`/`attn transformer`, one decoder step of `attn seq2seq`.
#pragma once
#include <optional>
#include <vector>

#include "course/experiment.hpp"
#include "course/seq2seq.hpp"
#include "math/explain.hpp"
#include "math/seq2seq_explain.hpp"

namespace attn::course {

// Weight (row, col) explained in every softmax head, head 0 first (linear-attention heads are left out).
std::vector<math::WeightExplanation> explain_weights(const Experiment& e, arma::uword row, arma::uword col);

// Step t of a Seq2Seq run: the score of every source position in the step's window, the exps of the
// softmax (after subtracting the window's largest score) and, for local-p, the logit of p_t.
struct Seq2SeqStepDetail {
    arma::uword step = 0;
    std::vector<math::ScoreDetail> scores;  // one per position first..last of the window
    std::vector<double> exps;               // exp(score_j − top), same positions
    double top = 0;                         // the window's largest score
    std::optional<double> position_logit;   // local-p: v_p · tanh(W_p h_t)
};
Seq2SeqStepDetail explain_seq2seq_step(const Seq2SeqRun& run, arma::uword t);

}  // namespace attn::course
