// `attn seq2seq` as the course sees it: the toy translation pair (or CSV matrices) in, every step of
// encoder–decoder attention out, plus hard-attention samples and the cost table.
#pragma once
#include <armadillo>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "math/seq2seq.hpp"
#include "math/seq2seq_cost.hpp"
#include "math/seq2seq_hard.hpp"

namespace attn::course {

constexpr arma::uword kMaxSamples = 1000000;
constexpr long kMaxWindow = 100000;

struct Seq2SeqRequest {
    std::string data_dir;                  // the data folder; the toy model is in data_dir/seq2seq/
    std::string vocab_file, weights_file;  // the toy model's files when set (the data overlay picks them)
    std::optional<std::string> source, target;            // toy sentences, or row labels with CSV matrices
    std::optional<std::string> encoder_csv, decoder_csv;  // h̄_s (S rows) and h_t (T rows)
    std::optional<std::string> wa_csv, ua_csv, va_csv, wc_csv, wp_csv, vp_csv;
    std::string score = "dot";                                           // dot | general | concat | additive
    std::string attention = "global";                                    // global | local-m | local-p | hard
    long window = 2;                                                     // D
    std::uint64_t seed = 42;                                             // hard attention's draws
    arma::uword samples = 1000;                                          // hard attention's draws per step
    std::vector<arma::uword> sizes = {10, 20, 50, 100, 200, 500, 1000};  // S for the cost table
};

struct HardAttention {
    arma::uvec argmax;       // (T) the most-weighted source position per step
    arma::umat draws;        // (samples, T) seeded draws from the soft weights; row 0 is "the" sample
    arma::vec argmax_share;  // (T) how often the draws of step t picked its argmax (near its soft weight)
    arma::mat alignment;     // (T, S) one-hot rows of the first draw
    arma::mat contexts;      // (T, d_s) h̄ at the first draw
    std::optional<arma::mat> attentional;  // (T, d_out) tanh(W_c [h̄_draw; h_t])
    std::vector<math::ConvergencePoint> convergence;
};

struct Seq2SeqRun {
    std::vector<std::string> source_labels, target_labels;  // one per encoder row / decoder step
    std::vector<std::string> encoder_units, decoder_units, attentional_units;  // column names
    std::string inputs_note, weights_note, query_note;
    bool toy = false;
    arma::mat encoder;  // (S, d_s) h̄_s
    arma::mat states;   // (T, d_t) h_t
    arma::mat queries;  // (T, d_t) what the scores compare: h_t, or s_(t−1) for the additive score
    math::Seq2SeqConfig config;
    math::Seq2SeqTrace trace;  // the soft weights (global for hard attention)
    std::optional<HardAttention> hard;
    math::CostDims dims;
    std::vector<math::CostRow> cost;
};

// Validates the request, loads every file, computes. Throws InputError for anything the learner can fix.
Seq2SeqRun run_seq2seq(const Seq2SeqRequest& request);

math::ScoreKind parse_score(const std::string& name);
math::AttentionKind parse_attention(const std::string& name);

// A vector given as one row or one column of a CSV file; InputError otherwise.
arma::vec load_vector_csv(const std::string& path, const std::string& name);

}  // namespace attn::course
