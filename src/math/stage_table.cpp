#include "math/stage_table.hpp"

#include <array>

#include "math/shapes.hpp"

namespace attn::math {

namespace {

constexpr std::optional<VariantPart> kCore = std::nullopt;
constexpr std::optional<VariantPart> kRope = VariantPart::rope, kBias = VariantPart::bias,
                                     kTemperature = VariantPart::temperature,
                                     kLinear = VariantPart::linear_kernel, kSoftcap = VariantPart::softcap,
                                     kQkNorm = VariantPart::qk_norm, kSinks = VariantPart::sinks,
                                     kGate = VariantPart::gate;

// One row per Stage, in its order. run, explore, query_by_key, made_by, legend, why_missing.
constexpr std::array<StageTraits, static_cast<size_t>(Stage::count)> kStages{{
    {Stage::x, "x", "X", true, true, false, kCore, "rows = tokens, columns = embedding dimensions",
     "the run started from --q/--k/--v, so there is no X"},
    {Stage::wq, "wq", "W_Q", false, true, false, kCore, "", "the run started from --q/--k/--v"},
    {Stage::wk, "wk", "W_K", false, true, false, kCore, "", "the run started from --q/--k/--v"},
    {Stage::wv, "wv", "W_V", false, true, false, kCore, "", "the run started from --q/--k/--v"},
    {Stage::q, "q", "Q", true, true, false, kCore, "", "this run does not compute it"},
    {Stage::k, "k", "K", true, true, false, kCore, "", "this run does not compute it"},
    {Stage::v, "v", "V", true, true, false, kCore, "", "this run does not compute it"},
    {Stage::q_norm, "q_norm", "q_norm", true, false, false, kQkNorm, "",
     "queries and keys are normalised only with {flag}; add {flag}"},
    {Stage::k_norm, "k_norm", "k_norm", true, false, false, kQkNorm, "",
     "queries and keys are normalised only with {flag}; add {flag}"},
    {Stage::q_rot, "q_rot", "q_rot", true, false, false, kRope, "",
     "queries and keys are rotated only with {flag}; add {flag}"},
    {Stage::k_rot, "k_rot", "k_rot", true, false, false, kRope, "",
     "queries and keys are rotated only with {flag}; add {flag}"},
    {Stage::scores, "scores", "scores", true, true, true, kCore, "",
     "linear attention computes no scores; drop --kernel linear"},
    {Stage::scaled, "scaled", "scaled", true, true, true, kCore, "",
     "linear attention computes no scores; drop --kernel linear"},
    {Stage::capped, "capped", "capped", true, false, true, kSoftcap, "",
     "no cap was given; add {flag} C (Gemma 2 uses 50)"},
    {Stage::bias, "bias", "bias", true, false, true, kBias,
     "{name}: -m * distance between query and key, m = this head's slope",
     "there is no {name} bias without {flag}; add {flag}"},
    {Stage::biased, "biased", "biased", true, false, true, kBias,
     "scaled + bias: far keys pay a penalty before the softmax",
     "there is no {name} bias without {flag}; add {flag}"},
    {Stage::tempered, "tempered", "tempered", true, true, true, kTemperature, "",
     "no temperature was given; add {flag} T (0.5 sharpens, 2 flattens)"},
    {Stage::masked, "masked", "masked", true, true, true, kCore, "",
     "no mask was given, so nothing is masked; add --mask causal, --mask padding or --mask KEEP.csv "
     "(1 = may attend)"},
    {Stage::phi_q, "phi_q", "phi_q", true, false, false, kLinear, "",
     "the feature maps belong to linear attention; add {flag}"},
    {Stage::phi_k, "phi_k", "phi_k", true, false, false, kLinear, "",
     "the feature maps belong to linear attention; add {flag}"},
    {Stage::kv, "kv", "kv", true, false, false, kLinear, "",
     "kv and z exist only in linear attention without a mask: {flag}, no --mask"},
    {Stage::z, "z", "z", true, false, false, kLinear, "",
     "kv and z exist only in linear attention without a mask: {flag}, no --mask"},
    {Stage::weights, "weights", "weights", true, true, true, kCore, "", "this run does not compute it"},
    {Stage::sink_weight, "sink_weight", "sink", true, false, false, kSinks, "",
     "there is no learned sink without {flag}; add {flag} FILE.csv (one row, one logit per query head)"},
    {Stage::ungated, "ungated", "ungated", true, false, false, kGate, "",
     "there is no output gate without {flag}; add {flag} WG.csv (d_model rows, H*d_v columns)"},
    {Stage::gate, "gate", "gate", true, false, false, kGate, "",
     "there is no output gate without {flag}; add {flag} WG.csv (d_model rows, H*d_v columns)"},
    {Stage::concat, "concat", "concat", true, false, false, kCore,
     "the heads' outputs side by side, head 0 first", "one head has nothing to concatenate; add --heads 2"},
    {Stage::output, "output", "output", true, true, false, kCore, "", "this run does not compute it"},
}};

constexpr bool stages_in_enum_order() {
    for (size_t i = 0; i < kStages.size(); ++i)
        if (static_cast<size_t>(kStages[i].stage) != i) return false;
    return true;
}
static_assert(kStages.size() == static_cast<size_t>(Stage::count), "one row per Stage");
static_assert(stages_in_enum_order(), "kStages lists the stages in the order of Stage");

std::vector<Stage> stages_where(bool StageTraits::*flag) {
    std::vector<Stage> out;
    for (const StageTraits& t : kStages)
        if (t.*flag) out.push_back(t.stage);
    return out;
}

// `text` with {name} and {flag} replaced by those of the variant part that makes `stage`.
std::string filled(const std::string& text, Stage stage) {
    const std::optional<VariantPart> part = stage_traits(stage).made_by;
    if (!part) return text;
    std::string out = text;
    for (const auto& [from, to] : {std::pair<std::string, std::string>{"{name}", variant_part(*part).name},
                                   {"{flag}", variant_part(*part).flag}})
        for (size_t at = out.find(from); at != std::string::npos; at = out.find(from, at + to.size()))
            out.replace(at, from.size(), to);
    return out;
}

}  // namespace

const StageTraits& stage_traits(Stage stage) {
    require(stage != Stage::count, "Stage::count is not a stage");
    return kStages[static_cast<size_t>(stage)];
}

const std::vector<Stage>& run_stages() {
    static const std::vector<Stage> stages = stages_where(&StageTraits::run);
    return stages;
}

const std::vector<Stage>& explore_stages() {
    static const std::vector<Stage> stages = stages_where(&StageTraits::explore);
    return stages;
}

std::optional<Stage> stage_named(const std::string& name) {
    for (const StageTraits& t : kStages)
        if (name == t.name) return t.stage;
    return std::nullopt;
}

std::string stage_list(const std::vector<Stage>& stages) {
    std::string out;
    for (const Stage s : stages) out += (out.empty() ? "" : ",") + std::string(stage_traits(s).name);
    return out;
}

std::string why_missing(Stage stage) { return filled(stage_traits(stage).why_missing, stage); }

std::string stage_legend(Stage stage) { return filled(stage_traits(stage).legend, stage); }

}  // namespace attn::math
