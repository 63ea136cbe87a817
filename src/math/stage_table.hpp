// The stages of an attention trace, typed: one enum and one table of their traits (name, title, which
// commands show them, legend, why a run can lack them), as ggml keeps one table per op. --show's
// choices, every help list of stages and attn explore's tabs are generated from it.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "math/variants.hpp"

namespace attn::math {

// In the order they are computed (attn run --show lists them in this order).
enum class Stage {
    x,
    wq,
    wk,
    wv,
    q,
    k,
    v,
    q_norm,
    k_norm,
    q_rot,
    k_rot,
    scores,
    scaled,
    capped,
    bias,
    biased,
    tempered,
    masked,
    phi_q,
    phi_k,
    kv,
    z,
    weights,
    sink_weight,
    ungated,
    gate,
    concat,
    output,
    count
};

struct StageTraits {
    Stage stage;
    const char* name;                    // --show and JSON: "weights" (heads.<h>.weights for a head's)
    const char* title;                   // attn explore's tab: "W_Q"
    bool run;                            // attn run --show takes it
    bool explore;                        // attn explore steps through it
    bool query_by_key;                   // an (L, S) matrix: a row per query, a column per key
    std::optional<VariantPart> made_by;  // a variant's stage, missing without that part
    const char* legend;       // the fixed legend beside the matrix; "" when it is composed from the run
    const char* why_missing;  // why a run lacks it and what to add; {name} and {flag} stand for made_by's
};

const StageTraits& stage_traits(Stage stage);

// The stages attn run --show takes, and those attn explore steps through, in the table's order.
const std::vector<Stage>& run_stages();
const std::vector<Stage>& explore_stages();

// The stage of that --show name, if any.
std::optional<Stage> stage_named(const std::string& name);

// The names of `stages` joined with commas, for help texts and messages: "x,q,k,...".
std::string stage_list(const std::vector<Stage>& stages);

// Why a run lacks `stage` and what to add, with the variant's name and flag filled in.
std::string why_missing(Stage stage);

// The legend of `stage` with its variant's name filled in; "" when the legend is composed elsewhere.
std::string stage_legend(Stage stage);

}  // namespace attn::math
