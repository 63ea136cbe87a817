#include "course/streaming_demo.hpp"

#include "inputs/input_error.hpp"

namespace attn::course {

StreamingDemo run_streaming_demo(const RunRequest& request, arma::uword keys_per_block, bool causal) {
    if (keys_per_block < 1) throw InputError("--block 0: a block holds at least 1 key");
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
        d.trace = math::trace_streaming(q, k, v, keys_per_block, causal);
        const std::optional<arma::umat> keep =
            causal ? std::optional<arma::umat>(math::causal_keep(q.n_rows, k.n_rows)) : std::nullopt;
        d.full_output = math::attend(q, k, v, keep).output;
        d.max_abs_difference = arma::abs(d.trace.output - d.full_output).max();
        return d;
    } catch (const std::invalid_argument& shape_error) {
        throw InputError(std::string(shape_error.what()) + " (inputs: " +
                         (request.sentence ? "the sentence and " + request.vocab_path : "the --x files") +
                         ")");
    }
}

}  // namespace attn::course
