#include "course/explore_mla.hpp"

#include <cmath>

#include "inputs/input_error.hpp"
#include "inputs/strings.hpp"
#include "math/shapes.hpp"

namespace attn::course {

namespace {

constexpr size_t kMaxHistory = 1000;

// Where the file's matrix `m` is kept in MlaWeights (not the norms' weights: rows, kept apart).
arma::mat math::MlaWeights::*member(MlaMatrix m) {
    switch (m) {
        case MlaMatrix::q:
            return &math::MlaWeights::q;
        case MlaMatrix::q_a:
            return &math::MlaWeights::q_a;
        case MlaMatrix::q_b:
            return &math::MlaWeights::q_b;
        case MlaMatrix::kv_a:
            return &math::MlaWeights::kv_a;
        case MlaMatrix::kv_b:
            return &math::MlaWeights::kv_b;
        default:
            return &math::MlaWeights::o;
    }
}

}  // namespace

std::string mla_matrix_key(MlaMatrix m) {
    static const char* const keys[] = {"X", "q", "q_a", "q_a_norm", "q_b", "kv_a", "kv_a_norm", "kv_b", "o"};
    return keys[static_cast<int>(m)];
}

MlaExplorer::MlaExplorer(const RunRequest& request) : start_(run_mla(request)) {
    if (!request.sentence) throw InputError("attn explore --mla explores a sentence: give -s \"...\"");
    MlaWorld w;
    w.sentence = *request.sentence;
    w.vocab = load_vocabulary(request.vocab_path);
    w.weights = start_.weights;
    w.causal = start_.causal;
    w.temperature = start_.options.temperature;
    current_ = start_;
    history_.push_back(std::move(w));
}

MlaRun MlaExplorer::compute(const MlaWorld& w) const {
    MlaRun run = start_;
    run.tokens = tokenize(w.sentence);
    run.x = embed(w.vocab, run.tokens);  // (n, d_model)
    run.inputs_note = "sentence \"" + w.sentence + "\" with vocabulary " + w.vocab.path + " (as edited)";
    run.weights = w.weights;
    run.causal = w.causal;
    run.options.temperature = w.temperature;
    compute_mla(run);
    return run;
}

void MlaExplorer::apply(MlaWorld next) {
    MlaRun run = compute(next);  // throws before anything changes
    history_.resize(at_ + 1);
    history_.push_back(std::move(next));
    if (history_.size() > kMaxHistory) history_.erase(history_.begin());
    at_ = history_.size() - 1;
    previous_ = std::move(current_);
    current_ = std::move(run);
    ++version_;
}

void MlaExplorer::step_to(size_t at) {
    at_ = at;
    previous_ = std::move(current_);
    current_ = compute(history_[at_]);
    ++version_;
}

bool MlaExplorer::undo() {
    if (at_ == 0) return false;
    step_to(at_ - 1);
    return true;
}

bool MlaExplorer::redo() {
    if (at_ + 1 >= history_.size()) return false;
    step_to(at_ + 1);
    return true;
}

std::vector<MlaMatrix> MlaExplorer::editable() const {
    if (world().weights.shape.q_lora_rank == 0)
        return {MlaMatrix::x,         MlaMatrix::q,    MlaMatrix::kv_a,
                MlaMatrix::kv_a_norm, MlaMatrix::kv_b, MlaMatrix::o};
    return {MlaMatrix::x,    MlaMatrix::q_a,       MlaMatrix::q_a_norm, MlaMatrix::q_b,
            MlaMatrix::kv_a, MlaMatrix::kv_a_norm, MlaMatrix::kv_b,     MlaMatrix::o};
}

arma::mat MlaExplorer::matrix(MlaMatrix m) const {
    const math::MlaWeights& w = world().weights;
    if (m == MlaMatrix::x) return current_.x;  // (n, d_model)
    if (m == MlaMatrix::q_a_norm) return w.q_a_norm;
    if (m == MlaMatrix::kv_a_norm) return w.kv_a_norm;
    return w.*member(m);
}

void MlaExplorer::set_cell(MlaMatrix m, arma::uword row, arma::uword col, double value) {
    if (!std::isfinite(value)) throw InputError("a cell holds a finite number");
    const arma::mat now = matrix(m);
    if (row >= now.n_rows || col >= now.n_cols)
        throw InputError("no cell (" + std::to_string(row) + ", " + std::to_string(col) + ") in " +
                         mla_matrix_key(m) + ", a " + math::shape_of(now) + " matrix");
    MlaWorld next = world();
    if (m == MlaMatrix::x)
        next.vocab.embeddings[lower(current_.tokens[row])](col) = value;
    else if (m == MlaMatrix::q_a_norm)
        next.weights.q_a_norm(col) = value;
    else if (m == MlaMatrix::kv_a_norm)
        next.weights.kv_a_norm(col) = value;
    else
        (next.weights.*member(m))(row, col) = value;
    apply(std::move(next));
}

void MlaExplorer::nudge(MlaMatrix m, arma::uword row, arma::uword col, double delta) {
    set_cell(m, row, col, matrix(m)(row, col) + delta);
}

void MlaExplorer::set_sentence(const std::string& sentence) {
    MlaWorld next = world();
    next.sentence = sentence;
    apply(std::move(next));
}

void MlaExplorer::set_causal(bool causal) {
    if (!causal && start_.window)
        throw InputError("a sliding window is causal by construction; start without --window to unmask");
    MlaWorld next = world();
    next.causal = causal;
    apply(std::move(next));
}

void MlaExplorer::set_temperature(double temperature) {
    if (!std::isfinite(temperature) || temperature <= 0)
        throw InputError("temperature " + math::number_text(temperature) +
                         ": the softmax divides the scores by T, so T is a positive number such as 0.5 or 2");
    MlaWorld next = world();
    next.temperature = temperature;
    apply(std::move(next));
}

}  // namespace attn::course
