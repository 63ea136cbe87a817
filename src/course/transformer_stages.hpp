// The stages of an encoder block as labelled matrices, in the order they are computed.
#pragma once
#include <string>
#include <vector>

#include "course/stages.hpp"
#include "course/transformer.hpp"

namespace attn::course {

// Names a learner can pass to `attn transformer --show`, plus "all" (every stage) and "output" (the
// block's output: norm2 after post-norm, residual2 after pre-norm).
const std::vector<std::string>& transformer_stage_names();

// Throws course::InputError for an unknown name, listing the choices.
void check_transformer_stage_names(const std::vector<std::string>& names);

// The stages selected by `show`. Empty `show` gives the block's main path (x, positions, input,
// each head's weights, attention, residuals, norms, activated, ffn); "all" adds q, k, v, scores,
// scaled, concat and hidden. Several heads appear as "heads.<i>.<stage>".
std::vector<Stage> transformer_stages(const course::TransformerRun& run, const std::vector<std::string>& show,
                                      bool unicode);

// The stages of the permutation check: the reordered tokens' output, the original output reordered,
// and their difference.
std::vector<Stage> permutation_stages(const course::TransformerRun& run, bool unicode);

// The decoder sketch: each head's masked self-attention weights ("decoder.self.heads.<i>.weights"),
// each head's cross-attention weights ("decoder.cross.heads.<i>.weights") and the cross-attention
// output ("decoder.cross.output").
std::vector<Stage> decoder_stages(const course::TransformerRun& run, bool unicode);

}  // namespace attn::course
