// attn explore, without the screen: the learner's toy world (sentence, vocabulary, W_Q/W_K/W_V, mask,
// heads, seed), the edits they make to it, undo and redo, and every stage recomputed after each edit.
// The ncurses view in cli/explore*.cpp only draws this and turns keys into these calls.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "course/compare.hpp"
#include "course/experiment.hpp"
#include "inputs/vocabulary.hpp"

namespace attn::course {

enum class EditMatrix { x, wq, wk, wv };

// Everything that decides the computation. Copied whole for undo: it is small (a toy vocabulary).
struct ExploreWorld {
    std::string sentence;
    Vocabulary vocab;                 // X edits change a word's embedding (every occurrence of it)
    math::ProjectionWeights weights;  // the preset (edited), or seeded random ones
    std::string weights_source;       // the preset file, or "random"
    std::string mask = "none";        // none | causal | padding
    arma::uword heads = 1;
    std::optional<std::uint64_t> seed;  // set: random weights with this seed
    std::optional<arma::uword> d_k;     // per head, random weights only
    double temperature = 1.0;           // softmax(scaled / T), as attn run --temperature
    // The rest of the variant, as attn run takes it (--rope, the bias, --window, ...); set at the start.
    // Its temperature is unused: the world's own above is the one the t key edits.
    math::VariantFlags variant;
    // Compare mode: a second sentence computed with the same edited world, and the word followed in both
    // ("apple"), as attn run --compare does. Part of the world, so that every state in the history is
    // one both sentences can be computed in.
    std::optional<std::string> compare;
    std::string compare_word;
};

class Explorer {
public:
    // Starts from a vocabulary file and its preset weights (falling through the data layers).
    Explorer(const std::string& vocab_path, const std::string& sentence, const DataLayers& data);

    const ExploreWorld& world() const { return history_[at_]; }
    const Experiment& current() const { return current_; }
    // The stages before the last edit (same shapes when the edit kept them), to highlight changes.
    const std::optional<Experiment>& previous() const { return previous_; }
    // Compare mode only: both sentences and the compared word's rows, recomputed with every edit.
    const std::optional<FocusComparison>& comparison() const { return comparison_; }

    // Each edit recomputes at once; an edit the math refuses (a word not in the vocabulary, a row
    // masked entirely) throws InputError and leaves the world as it was.
    void set_cell(EditMatrix m, arma::uword row, arma::uword col, double value);
    void nudge(EditMatrix m, arma::uword row, arma::uword col, double delta);
    void set_sentence(const std::string& sentence);
    void set_mask(const std::string& mask);
    void set_heads(arma::uword heads);
    // The head counts this world accepts, ascending (h and H cycle through them): the divisors of the
    // model width (W_Q's and W_V's columns for the preset, d_model for random weights), or every count
    // up to kMaxHeads when d_k is set.
    std::vector<arma::uword> head_counts() const;
    void set_seed(std::optional<std::uint64_t> seed);
    void set_d_k(std::optional<arma::uword> d_k);
    void set_temperature(double temperature);
    // The variant's other parts (its temperature is ignored), checked as attn run checks them.
    void set_variant(const math::VariantFlags& variant);
    // Compare the sentence with `second` on the world's compare word; nullopt leaves compare mode.
    void set_compare(std::optional<std::string> second);
    // The sentence compare mode starts with: the vocabulary's first example that is not the sentence.
    std::string default_compare_sentence() const;
    bool undo();
    bool redo();
    bool can_undo() const { return at_ > 0; }
    bool can_redo() const { return at_ + 1 < history_.size(); }
    // Counts every change (edit, undo, redo): equal versions are the same world.
    size_t version() const { return version_; }
    // The word compare mode follows (default: the vocabulary's focus word); checked when compare is on.
    void set_compare_word(const std::string& word);

    // The matrix an edit addresses, as the learner sees it now: X (tokens, d_model) or a W.
    arma::mat matrix(EditMatrix m) const;
    double cell(EditMatrix m, arma::uword row, arma::uword col) const { return matrix(m)(row, col); }

    // `attn run` reading `vocab_file` and `weights_file` (as save_world writes them) computes the same.
    std::string run_command(const std::string& vocab_file, const std::string& weights_file) const;
    // The edited vocabulary and weights as TOML files `attn run` reads.
    std::string vocab_toml() const;
    std::string weights_toml() const;

private:
    void apply(ExploreWorld next);
    static Experiment compute(const ExploreWorld& w);
    static std::optional<FocusComparison> compare(const ExploreWorld& w, const Experiment& first);

    math::ProjectionWeights preset_;  // the vocabulary's weights as loaded, for going back from random ones
    std::string preset_source_;
    std::vector<ExploreWorld> history_;
    size_t at_ = 0;
    Experiment current_;
    std::optional<Experiment> previous_;
    std::optional<FocusComparison> comparison_;
    size_t version_ = 0;
};

}  // namespace attn::course
