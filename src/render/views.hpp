// The course's views of a run (stages of attention, of the Transformer block, of Seq2Seq), under the
// names the render files use. They are built in course; render only formats them.
#pragma once
#include "course/seq2seq_views.hpp"
#include "course/stages.hpp"
#include "course/transformer_stages.hpp"

namespace attn::render {

using course::attention_name;
using course::collect_stages;
using course::convergence_table;
using course::cost_table;
using course::decoder_stages;
using course::hard_table;
using course::permutation_stages;
using course::positions_table;
using course::score_name;
using course::seq2seq_sections;
using course::seq2seq_stages;
using course::Seq2SeqStage;
using course::Stage;
using course::transformer_stages;

}  // namespace attn::render
