// attn stream: streaming (online-softmax) attention on a sentence, block by block, checked against
// full attention on the same inputs.
#pragma once
#include <string>
#include <vector>

#include "course/experiment.hpp"
#include "math/streaming_trace.hpp"

namespace attn::course {

struct StreamingDemo {
    std::vector<std::string> tokens;
    std::string inputs_note, weights_note;
    bool causal = false;
    arma::uword keys_per_block = 2;
    math::StreamingTrace trace;
    arma::mat full_output;          // (n, d_v): full attention, the whole softmax at once
    double max_abs_difference = 0;  // max |streaming − full|
};

// One head (the request's heads must be 1). Throws InputError for anything the learner can fix.
StreamingDemo run_streaming_demo(const RunRequest& request, arma::uword keys_per_block, bool causal);

}  // namespace attn::course
