// --wa, --ua, --va, --wc, --wp, --vp: loading, overriding the toy's, and demanding what is needed.
#include <string>

#include "course/seq2seq.hpp"
#include "course/seq2seq_inputs.hpp"
#include "inputs/csv_matrix.hpp"
#include "inputs/input_error.hpp"

namespace attn::course {

namespace {

// What each score needs, with the shapes that fit these states, for the "missing" message.
std::string needs_for_score(math::ScoreKind s, arma::uword d_t, arma::uword d_s) {
    const std::string t = std::to_string(d_t), ds = std::to_string(d_s);
    if (s == math::ScoreKind::general)
        return "--wa W_A.csv, W_a of shape (d_t, d_s) = (" + t + ", " + ds + ")";
    if (s == math::ScoreKind::concat)
        return "--wa W_A.csv of shape (d_a, d_t + d_s) = (d_a, " + std::to_string(d_t + d_s) +
               ") and --va V_A.csv with d_a numbers";
    return "--wa W_A.csv (d_a, d_t) = (d_a, " + t + "), --ua U_A.csv (d_a, d_s) = (d_a, " + ds +
           ") and --va V_A.csv with d_a numbers";
}

void reject_unused(const std::optional<std::string>& flag, const std::string& name, bool used,
                   const std::string& who) {
    if (flag && !used)
        throw InputError(name + " " + *flag + ": only " + who +
                         " uses it; drop it or change the score/attention");
}

void check_flags_used(const Seq2SeqRequest& r, math::ScoreKind s, math::AttentionKind a) {
    reject_unused(r.wa_csv, "--wa", s != math::ScoreKind::dot, "--score general, concat or additive");
    reject_unused(r.ua_csv, "--ua", s == math::ScoreKind::additive, "--score additive");
    reject_unused(r.va_csv, "--va", s == math::ScoreKind::concat || s == math::ScoreKind::additive,
                  "--score concat or additive");
    reject_unused(r.wp_csv, "--wp", a == math::AttentionKind::local_p, "--attention local-p");
    reject_unused(r.vp_csv, "--vp", a == math::AttentionKind::local_p, "--attention local-p");
}

void require_weights(const Seq2SeqRun& run) {
    const math::ScoreWeights& w = run.config.weights;
    const math::ScoreKind s = run.config.score;
    const bool missing = (s != math::ScoreKind::dot && !w.wa) || (s == math::ScoreKind::additive && !w.ua) ||
                         ((s == math::ScoreKind::concat || s == math::ScoreKind::additive) && !w.va);
    static const char* names[] = {"dot", "general", "concat", "additive"};
    if (missing)
        throw InputError(std::string("--score ") + names[static_cast<int>(s)] + " needs " +
                         needs_for_score(s, run.queries.n_cols, run.encoder.n_cols));
    if (run.config.attention == math::AttentionKind::local_p && !run.config.position)
        throw InputError("--attention local-p needs --wp W_P.csv of shape (d_p, d_t) = (d_p, " +
                         std::to_string(run.queries.n_cols) +
                         ") and --vp V_P.csv with d_p numbers, for p_t = S*sigmoid(v_p . tanh(W_p h_t))");
}

}  // namespace

arma::vec load_vector_csv(const std::string& path, const std::string& name) {
    const arma::mat m = load_matrix_csv(path);
    if (m.n_rows != 1 && m.n_cols != 1)
        throw InputError(path + ": " + name +
                         " must be one row or one column of numbers, but this file is (" +
                         std::to_string(m.n_rows) + ", " + std::to_string(m.n_cols) + ")");
    return arma::vectorise(m);
}

void apply_weight_flags(const Seq2SeqRequest& r, Seq2SeqRun& run) {
    check_flags_used(r, run.config.score, run.config.attention);
    math::ScoreWeights& w = run.config.weights;
    if (r.wa_csv) w.wa = load_matrix_csv(*r.wa_csv);
    if (r.ua_csv) w.ua = load_matrix_csv(*r.ua_csv);
    if (r.va_csv) w.va = load_vector_csv(*r.va_csv, "v_a");
    if (r.wc_csv) {
        run.config.wc = load_matrix_csv(*r.wc_csv);
        if (run.attentional_units.size() != run.config.wc->n_rows) run.attentional_units.clear();
    }
    if (r.wp_csv || r.vp_csv) {
        if (!run.config.position && !(r.wp_csv && r.vp_csv))
            throw InputError(std::string("--attention local-p needs both --wp and --vp; ") +
                             (r.wp_csv ? "--vp" : "--wp") + " is missing");
        math::PositionWeights p = run.config.position ? *run.config.position : math::PositionWeights{};
        if (r.wp_csv) p.wp = load_matrix_csv(*r.wp_csv);
        if (r.vp_csv) p.vp = load_vector_csv(*r.vp_csv, "v_p");
        run.config.position = p;
    }
    require_weights(run);
}

}  // namespace attn::course
