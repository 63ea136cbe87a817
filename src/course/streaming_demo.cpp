#include "course/streaming_demo.hpp"

#include "inputs/input_error.hpp"
#include "math/variants.hpp"

namespace attn::course {

namespace {
// The variant attn stream computes: the request's flags with --causal, refused where the online
// softmax cannot apply a part (math::require_path_takes says which and why).
math::Variant streaming_variant(const RunRequest& request, bool causal) {
    math::Variant variant = variant_of(request);
    variant.causal = causal;
    try {
        math::require_path_takes(variant, math::AttentionPath::streaming);
    } catch (const std::invalid_argument& refused) {
        throw InputError(refused.what());
    }
    return variant;
}
}  // namespace

StreamingDemo run_streaming_demo(const RunRequest& request, arma::uword keys_per_block, bool causal) {
    if (keys_per_block < 1) throw InputError("--block 0: a block holds at least 1 key");
    const math::Variant variant = streaming_variant(request, causal);
    try {
        const SelfAttentionInputs in = load_self_attention_inputs(request);
        StreamingDemo d;
        d.tokens = in.labels;
        d.inputs_note = in.inputs_note;
        d.weights_note = in.weights_note;
        d.causal = causal;
        d.keys_per_block = keys_per_block;
        const arma::mat q = in.x * in.weights.wq, k = in.x * in.weights.wk,
                        v = in.x * in.weights.wv;  // (n, d)
        check_variant_fits(request, in.weights.wq.n_cols);
        // With RoPE the blocks stream the rotated queries and keys, as the core scores them.
        const arma::mat q_in = variant.rope ? math::rope_rotate(q, *variant.rope, variant.rope->offset) : q;
        const arma::mat k_in = variant.rope ? math::rope_rotate(k, *variant.rope, variant.rope->offset) : k;
        if (variant.rope)
            d.inputs_note += std::string("; ") + math::variant_part(math::VariantPart::rope).name +
                             ": the blocks stream the rotated Q and K";
        d.trace = math::trace_streaming(q_in, k_in, v, keys_per_block, causal);
        const std::optional<arma::umat> keep =
            causal ? std::optional<arma::umat>(math::causal_keep(q.n_rows, k.n_rows)) : std::nullopt;
        math::HeadVariant head;
        head.rope = variant.rope;
        head.causal = causal;
        d.full_output = math::attend(q, k, v, keep, head).output;
        d.max_abs_difference = arma::abs(d.trace.output - d.full_output).max();
        return d;
    } catch (const std::invalid_argument& shape_error) {
        throw InputError(std::string(shape_error.what()) + " (inputs: " +
                         (request.sentence ? "the sentence and " + request.vocab_path : "the --x files") +
                         ")");
    }
}

}  // namespace attn::course
