#include "course/decode.hpp"

#include <fmt/format.h>

#include "course/stages.hpp"
#include "inputs/input_error.hpp"
#include "inputs/limits.hpp"

namespace attn::course {

DecodeReport run_decode(const RunRequest& request, const ServeOptions& serve) {
    check_serve_options(serve, request);
    if (request.q_csv || request.k_csv || request.v_csv)
        throw InputError(
            "attn decode projects each new token itself: give --sentence or --x with --wq/--wk/--wv, "
            "not --q/--k/--v");
    if (!request.masks.empty())
        throw InputError(
            "attn decode is causal by construction (each step sees only the cache); drop --mask");
    // The variant's flags are checked once, as attn run checks them; the one refusal of what a KV
    // cache cannot apply yet is math's.
    const math::Variant variant = variant_of(request);
    try {
        math::require_path_takes(variant, math::AttentionPath::decode);
    } catch (const std::invalid_argument& refused) {
        throw InputError(refused.what());
    }
    try {
        const SelfAttentionInputs in = load_self_attention_inputs(request);
        DecodeReport r;
        r.tokens = in.labels;
        r.value_dimensions = in.value_dimensions;
        r.inputs_note = in.inputs_note;
        r.weights_note = in.weights_note;
        r.d_model = in.x.n_cols;
        check_variant_fits(request, in.weights.wq.n_cols);
        const arma::uword kv_heads = kv_heads_of(request);
        check_score_cells(request.heads, in.x.n_rows,
                          in.x.n_rows);  // the check below runs every query at once
        r.window = variant.window;
        r.trace = math::decode(in.x, in.weights, request.heads, kv_heads, r.window, variant);
        if (variant.rope)
            r.inputs_note += std::string("; ") + math::variant_part(math::VariantPart::rope).name +
                             ": q, k and the key cache hold rotated rows";
        // The same computation without a cache: every query at once under the causal mask (and the window).
        math::Variant grouped = variant;
        grouped.kv_heads = kv_heads;
        grouped.causal = true;
        const math::AttentionTrace causal = math::self_attention(
            in.x, in.weights, request.heads, math::causal_keep(in.x.n_rows, in.x.n_rows), grouped);
        r.causal_output = causal.output;
        r.causal_max_abs_difference = arma::abs(r.trace.output - causal.output).max();
        r.serve = serve;
        serve_decode(r, in, request, variant, kv_heads);
        return r;
    } catch (const std::invalid_argument& shape_error) {
        throw InputError(std::string(shape_error.what()) + " (inputs: " +
                         (request.sentence ? "the sentence and " + request.vocab_path : "the --x files") +
                         ")");
    }
}

}  // namespace attn::course

namespace attn::course {

const std::vector<std::string>& decode_block_names() {
    static const std::vector<std::string> names{"new",  "k_cache", "v_cache", "weights", "output", "splits",
                                                "pool", "chunks",  "verify",  "check",   "work"};
    return names;
}

void check_decode_blocks(const std::vector<std::string>& show) {
    check_show(show, decode_block_names(), "block");
}

void check_decode_steps(const std::vector<arma::uword>& steps, const DecodeReport& r) {
    for (const arma::uword t : steps)
        if (t >= r.tokens.size())
            throw InputError(
                fmt::format("--step {}: there are {} tokens, so the steps are 0..{} (t counts from 0)", t,
                            r.tokens.size(), r.tokens.size() - 1));
}

}  // namespace attn::course
