// The two ways into `attn seq2seq`: the shipped toy model, or encoder/decoder states given as CSV.
// Both fill the states, labels and weights of a Seq2SeqRun; run_seq2seq then computes.
#pragma once
#include "course/seq2seq.hpp"

namespace attn::course {

// Encodes and decodes the toy pair with data_dir/seq2seq/{vocab,weights}.toml.
void load_toy_inputs(const Seq2SeqRequest& r, Seq2SeqRun& run);

// Reads --encoder and --decoder (both required together) and labels them.
void load_matrix_inputs(const Seq2SeqRequest& r, Seq2SeqRun& run);

// Applies --wa/--ua/--va/--wc/--wp/--vp over whatever the toy model gave, rejects flags the chosen
// score or attention never uses, and demands the weights it needs, naming their flags and shapes.
void apply_weight_flags(const Seq2SeqRequest& r, Seq2SeqRun& run);

}  // namespace attn::course
