// Machine-readable output of an experiment: JSON (documented in docs/json.md) and CSV blocks.
#pragma once
#include <armadillo>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "course/experiment.hpp"
#include "course/view.hpp"
#include "render/views.hpp"

namespace attn::render {

// A matrix as an array of rows. Numbers keep every bit (shortest text that parses back to the same
// double); −∞ (a masked cell) becomes null, since JSON has no infinity.
nlohmann::json matrix_json(const arma::mat& m);
nlohmann::json matrix_json(const arma::umat& m);

// Puts a stage named "heads.<i>.<name>" into doc["heads"][i][name] and any other into doc["stages"][name].
void add_stage_json(nlohmann::json& doc, const Stage& stage);

// {"kernel", "rope": {"base", "offset"} or null, the on/off parts (math::variant_switches), "window":
//  {"size", "sinks"} or null, "causal", "temperature"}.
nlohmann::json variant_json(const math::Variant& v);

// {"tokens", "key_tokens", "dimensions", "n_heads", "n_kv_heads", "d_k", "inputs", "weights", "mask",
// "variant",
//  the per-head numbers of a variant (math::per_head_numbers), "stages", "heads"}.
// With `show_code` (--show-code) also "code": {"prelude", "stages": [{"stage", "code", "result"}]} and
// "inputs": {"X", "W_Q", "W_K", "W_V", "W_O"} (or {"Q", "K", "V"}), what the code starts from.
nlohmann::json experiment_json(const course::Experiment& e, const std::vector<std::string>& show,
                               bool show_code = false);

// One block per stage: comment lines ("# stage: weights", "# shape: 4 x 4", "# rows: ...",
// "# columns: ..."), then the rows as comma-separated numbers, then a blank line. numpy.loadtxt reads a
// block as it is (it skips the # lines); masked cells are written -inf.
std::string experiment_csv(const course::Experiment& e, const std::vector<std::string>& show);

// One CSV block: "# stage: NAME", "# shape: R x C", "# rows: ...", "# columns: ..." (labels separated by
// spaces), the rows as comma-separated exact numbers (−∞ as -inf), then a blank line.
std::string csv_block(const std::string& name, const course::LabelledMatrix& view);

// A number as the shortest text that parses back to exactly the same double.
std::string exact_number(double value);

}  // namespace attn::render
