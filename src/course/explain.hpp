// The arithmetic behind one number on the screen (--explain), computed here so that render only
// formats it: one weight of `attn run`/`attn transformer`, one decoder step of `attn seq2seq`.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "course/experiment.hpp"
#include "course/seq2seq.hpp"
#include "math/explain.hpp"
#include "math/seq2seq_explain.hpp"
#include "report/report.hpp"

namespace attn::course {

// Weight (row, col) of one head, explained: the softmax arithmetic (with RoPE's rotations and the
// bias when the run used them), or a linear-attention head's kernel arithmetic. Exactly one is set.
// The base holds the head's bias slope and distance (math::HeadBias), when the run had a bias.
struct HeadExplanation : math::HeadBias {
    arma::uword head = 0;
    std::optional<math::WeightExplanation> softmax;
    std::optional<math::LinearExplanation> linear;
};

// Weight (row, col) explained in every head, head 0 first. Throws when row or col is out of range.
std::vector<HeadExplanation> explain_cell(const Experiment& e, arma::uword row, arma::uword col);

// The arithmetic of one weight as report blocks: the question as a heading, then each step in prose
// with its terms as tables (RoPE's rotations, the products of the dot product, the row's exps).
// `precision`: decimals of the numbers quoted in prose (tables leave theirs to the writer).
void add_explanation(report::Report& report, const Experiment& e, const HeadExplanation& x, int precision);

// Step t of a Seq2Seq run: the score of every source position in the step's window, the exps of the
// softmax (after subtracting the window's largest score) and, for local-p, the logit of p_t.
struct Seq2SeqStepDetail {
    arma::uword step = 0;
    std::vector<math::ScoreDetail> scores;  // one per position first..last of the window
    std::vector<double> exps;               // exp(score_j − top), same positions
    double top = 0;                         // the window's largest score
    std::optional<double> position_logit;   // local-p: v_p · tanh(W_p h_t)
    double weight_sum = 0;                  // Σ weights: 1, except local-p's Gaussian-scaled weights
};
Seq2SeqStepDetail explain_seq2seq_step(const Seq2SeqRun& run, arma::uword t);

// That step as report blocks: the query, where it looks, each score, the softmax, the context and the
// attentional state, in prose and tables; `precision`: decimals of the numbers quoted in prose.
void add_seq2seq_explanation(report::Report& report, const Seq2SeqRun& run, const Seq2SeqStepDetail& detail,
                             int precision);

}  // namespace attn::course
