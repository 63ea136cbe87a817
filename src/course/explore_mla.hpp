// attn explore --mla, without the screen: the learner's multi-head latent attention world (sentence,
// vocabulary, the MLA file's matrices, mask, temperature), the edits they make to it, undo and redo, and
// every stage recomputed after each edit by course/mla's compute_mla, as attn run --mla computes it.
#pragma once
#include <string>
#include <vector>

#include "course/mla.hpp"
#include "inputs/vocabulary.hpp"

namespace attn::course {

// The matrices a learner edits: X (through the vocabulary) and the MLA file's, by its keys.
enum class MlaMatrix { x, q, q_a, q_a_norm, q_b, kv_a, kv_a_norm, kv_b, o };

// The MLA file's key of a matrix ("kv_a"; "X" for the embeddings).
std::string mla_matrix_key(MlaMatrix m);

// Everything that decides the computation. Copied whole for undo: a toy layer is small.
struct MlaWorld {
    std::string sentence;
    Vocabulary vocab;  // X edits change a word's embedding (every occurrence of it)
    math::MlaWeights weights;
    bool causal = false;
    double temperature = 1.0;
};

class MlaExplorer {
public:
    // Starts from what attn run --mla computes for `request` (a sentence with its vocabulary).
    explicit MlaExplorer(const RunRequest& request);

    const MlaWorld& world() const { return history_[at_]; }
    // The stages now, as run_mla computes them for the world (x, weights, trace, tokens).
    const MlaRun& current() const { return current_; }
    // The stages before the last edit, undo or redo, to mark the cells that changed.
    const std::optional<MlaRun>& previous() const { return previous_; }

    // The matrices this layer has, in the file's order (q, or q_a, q_a_norm and q_b).
    std::vector<MlaMatrix> editable() const;
    // The matrix as the learner sees it now: X (tokens, d_model) or one of the file's.
    arma::mat matrix(MlaMatrix m) const;

    // Each edit recomputes at once; one the math refuses throws InputError and changes nothing.
    void set_cell(MlaMatrix m, arma::uword row, arma::uword col, double value);
    void nudge(MlaMatrix m, arma::uword row, arma::uword col, double delta);
    void set_sentence(const std::string& sentence);
    void set_causal(bool causal);
    void set_temperature(double temperature);
    bool undo();
    bool redo();
    // Counts every change (edit, undo, redo).
    size_t version() const { return version_; }

private:
    void apply(MlaWorld next);
    MlaRun compute(const MlaWorld& w) const;
    void step_to(size_t at);

    MlaRun start_;  // as run_mla computed it: the options, window and file that edits keep
    std::vector<MlaWorld> history_;
    size_t at_ = 0;
    MlaRun current_;
    std::optional<MlaRun> previous_;
    size_t version_ = 0;
};

}  // namespace attn::course
