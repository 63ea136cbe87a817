// --explain ROW,COL and --head, shared by the subcommands that show attention weights.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "course/experiment.hpp"
#include "course/explain.hpp"
#include "render/style.hpp"

namespace attn::cli {

// "apple,ate" or "3,1" → (row, col) of the weights. Throws course::InputError naming the choices.
std::pair<arma::uword, arma::uword> parse_explain_cell(const std::string& spec, const course::Experiment& e);

// That weight explained in `head` (or in every head); InputError for a cell or a head that does not exist.
std::vector<course::HeadExplanation> explain_heads(const std::string& spec, std::optional<arma::uword> head,
                                                   const course::Experiment& e);

// The arithmetic of that weight in `head` (or in every head), as text: the report writer's layout of
// course::add_explanation's blocks (the transformer's screen and explore's pane show it).
std::string explain_cells(const std::string& spec, std::optional<arma::uword> head,
                          const course::Experiment& e, const render::Style& style);

}  // namespace attn::cli
