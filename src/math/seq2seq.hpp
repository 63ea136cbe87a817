// Encoder–decoder attention as in Seq2Seq translation (Luong et al. 2015, Bahdanau et al. 2014).
// At decoder step t a query state h_t (a row) is compared with every encoder state h̄_s (the rows of
// the encoder matrix); the softmax of the scores weighs the encoder states into a context vector c_t.
// Source positions s are 0-based, 0..S−1. No 1/√d scaling anywhere: these scores predate it.
// Weight matrices act on column vectors, exactly as the papers write them.
#pragma once
#include <armadillo>
#include <optional>
#include <string>
#include <vector>

namespace attn::math {

enum class ScoreKind { dot, general, concat, additive };
enum class AttentionKind { global, local_m, local_p, hard };

// The parameters of a score function; which ones must be present depends on the kind.
struct ScoreWeights {
    std::optional<arma::mat> wa;  // general (d_t, d_s); concat (d_a, d_t + d_s); additive (d_a, d_t)
    std::optional<arma::mat> ua;  // additive (d_a, d_s)
    std::optional<arma::vec> va;  // concat and additive (d_a)
};

// local-p predicts the aligned position p_t = S·sigmoid(v_pᵀ tanh(W_p h_t)).
struct PositionWeights {
    arma::mat wp;  // (d_p, d_t)
    arma::vec vp;  // (d_p)
};

struct Seq2SeqConfig {
    ScoreKind score = ScoreKind::dot;
    AttentionKind attention = AttentionKind::global;
    arma::uword window = 2;  // D: local attention looks at p_t − D ≤ s ≤ p_t + D
    ScoreWeights weights;
    std::optional<PositionWeights> position;  // needed by local-p
    std::optional<arma::mat> wc;              // (d_out, d_s + d_t); absent = no attentional state
};

// Everything computed at one decoder step. Vectors over source positions have S entries.
struct StepTrace {
    std::optional<double> position;   // p_t (local attention only)
    arma::uword first = 0, last = 0;  // the window [first, last]; the whole sentence for global
    arma::rowvec scores;              // (1, S) score(h_t, h̄_s); −∞ outside the window (never computed)
    arma::rowvec content;             // (1, S) softmax of the scores over the window, 0 outside
    std::optional<arma::rowvec> gaussian;     // (1, S) local-p: exp(−(s − p_t)²/(2σ²)), 0 outside
    arma::rowvec weights;                     // (1, S) a_t(s): content, times the Gaussian for local-p
    arma::rowvec context;                     // (1, d_s) c_t = Σ_s a_t(s)·h̄_s
    std::optional<arma::rowvec> attentional;  // (1, d_out) h̃_t = tanh(W_c [c_t; h_t])
};

struct Seq2SeqTrace {
    std::vector<StepTrace> steps;
    arma::mat alignment;                   // (T, S) the weights of every step, one row per target step
    arma::mat contexts;                    // (T, d_s)
    std::optional<arma::mat> attentional;  // (T, d_out)
};

// Throws std::invalid_argument when the weights needed by `kind` are absent or do not fit queries of
// width d_t and encoder states of width d_s; the message names each matrix and its shape.
void check_score_weights(ScoreKind kind, const ScoreWeights& w, arma::uword d_t, arma::uword d_s);

// The scores of query (1, d_t) against encoder rows first..last of (S, d_s); −∞ elsewhere. (1, S)
arma::rowvec score_row(ScoreKind kind, const arma::rowvec& query, const arma::mat& encoder,
                       const ScoreWeights& w, arma::uword first, arma::uword last);

// Softmax of scores[first..last], 0 outside: the window is the only thing the step sees. (1, S)
arma::rowvec window_softmax(const arma::rowvec& scores, arma::uword first, arma::uword last);

// p_t = S·sigmoid(v_pᵀ tanh(W_p h_t)) for query (1, d_t): a real number in (0, S).
double predicted_position(const arma::rowvec& query, const PositionWeights& w, arma::uword n_source);

// The integer positions s with p − D ≤ s ≤ p + D, clipped to 0..S−1. Throws, naming `step`, when
// none is left (p lies more than D beyond the sentence).
std::pair<arma::uword, arma::uword> local_window(double p, arma::uword d, arma::uword n_source,
                                                 arma::uword step);

// exp(−(s − p)²/(2σ²)) with σ = D/2 for s in [first, last], 0 elsewhere. (1, S)
arma::rowvec gaussian_row(double p, arma::uword d, arma::uword n_source, arma::uword first, arma::uword last);

// h̃ = tanh(W_c [c; h]): context (1, d_s), state (1, d_t), W_c (d_out, d_s + d_t) → (1, d_out).
arma::rowvec attentional_state(const arma::rowvec& context, const arma::rowvec& state, const arma::mat& wc);

// Every step of global, local-m or local-p attention (hard attention starts from the global trace).
// queries (T, d_t) are what the scores and p_t use; states (T, d_t') are the h_t of h̃_t (usually the
// same matrix; for Bahdanau's score the queries are the previous states). encoder (S, d_s).
Seq2SeqTrace seq2seq_attention(const arma::mat& queries, const arma::mat& states, const arma::mat& encoder,
                               const Seq2SeqConfig& config);

}  // namespace attn::math
