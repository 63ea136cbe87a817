// The stages of an attention trace as labelled matrices, ready for text, CSV or JSON.
#pragma once
#include <string>
#include <vector>

#include "course/experiment.hpp"
#include "report/blocks.hpp"

namespace attn::course {

// A stage with its machine name ("weights", or "heads.1.weights" for head 1) and its view.
struct Stage {
    std::string name;
    report::LabelledMatrix view;
};

// Stage names a learner can pass to --show, in the order they are computed.
const std::vector<std::string>& stage_names();

// Throws course::InputError for a name not in stage_names(), listing them.
void check_stage_names(const std::vector<std::string>& names);

// The one --show check of every command: each name must be one of `allowed`, else InputError
// "--show: unknown KIND 'NAME'; choose from a,b,c".
void check_show(const std::vector<std::string>& names, const std::vector<std::string>& allowed,
                const std::string& kind);

// Throws InputError for a name in `show` that this run did not compute (--show masked without a mask,
// tempered without --temperature, ...), saying which flag computes it: asking for a stage and seeing
// nothing would look like a bug.
void check_stages_computed(const course::Experiment& e, const std::vector<std::string>& show);

// The stages of the trace selected by `show` (empty = all), top-level stages first and, with several
// heads, each head's stages. Legends use Unicode (Q·Kᵀ, √d_k) unless `unicode` is false.
std::vector<Stage> collect_stages(const course::Experiment& e, const std::vector<std::string>& show,
                                  bool unicode);

}  // namespace attn::course
