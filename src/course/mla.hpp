// attn run --mla and attn decode --mla: multi-head latent attention (math/mla.hpp) on a sentence or on
// --x, with the sizes and matrices of a TOML file (inputs/mla_file.hpp).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "course/experiment.hpp"
#include "math/mla.hpp"
#include "report/report.hpp"

namespace attn::course {

// Naive and absorbed agree to this, and decode's steps with the causal run's rows.
constexpr double kMlaTolerance = 1e-12;

struct MlaRun {
    std::vector<std::string> tokens;      // one per row of X
    std::vector<std::string> dimensions;  // names of X's columns, when the vocabulary has them
    std::string inputs_note;              // the sentence and vocabulary, or the --x file
    std::string mla_path;                 // the TOML file
    arma::mat x;                          // (n, d_model)
    math::MlaWeights weights;
    math::MlaOptions options;
    bool causal = false;                 // --mask causal, or a window
    std::optional<math::Window> window;  // --window W (--sinks S)
    math::MlaTrace trace;
};

// --mla's file: an existing file as given, else a name looked up through the data layers ("mla" is the
// top-most mla/mla.toml, "mla/other.toml" likewise). Throws InputError naming what was tried.
std::string resolve_mla(const std::string& given, const DataLayers& data);

// Loads X (the sentence with its vocabulary, or --x) and the --mla file, and computes both ways.
// Throws InputError for anything the learner can fix: a bad TOML or CSV (naming the file, line and
// shape), a mask other than causal, a temperature that is not > 0.
MlaRun run_mla(const RunRequest& request);

// run.trace from run's x, weights, options, mask and window (as run_mla computes it): what attn explore
// --mla calls again after each edit. Throws InputError as run_mla does.
void compute_mla(MlaRun& run);

struct MlaDecodeRun {
    MlaRun run;  // the same inputs, every query at once under the causal mask (and the window)
    math::MlaDecodeTrace decode;
    math::MlaCacheSize cache;
    double causal_max_abs_difference = 0;  // max |stacked step outputs − run.trace.output|
};

// run_mla with the causal mask, then the same tokens one at a time from a cache of latents and rope keys.
MlaDecodeRun run_mla_decode(const RunRequest& request);

// attn run --mla's report: text (every stage, naive and absorbed, the check) and the JSON of docs/json.md.
report::Report mla_run_report(const MlaRun& r, const std::string& data_dir);
// attn decode --mla's report; `steps` are the steps the text prints (empty = all; JSON has every step).
report::Report mla_decode_report(const MlaDecodeRun& r, const std::string& data_dir,
                                 const std::vector<arma::uword>& steps);

}  // namespace attn::course
