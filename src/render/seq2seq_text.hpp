// An `attn seq2seq` run as text for a learner: what went in, then each chosen section.
#pragma once
#include <armadillo>
#include <string>
#include <vector>

#include "course/explain.hpp"
#include "course/seq2seq.hpp"
#include "course/view.hpp"
#include "render/style.hpp"

namespace attn::render {

// `show` lists sections (see seq2seq_sections()); empty = all that apply.
std::string seq2seq_text(const course::Seq2SeqRun& run, const std::vector<std::string>& show, const Style& style);

// Step `step` computed by hand: the query, p_t and the window, each score, the softmax, the Gaussian,
// the weights, the context as a weighted sum and the attentional state.
std::string seq2seq_explain_text(const course::Seq2SeqRun& run, const course::Seq2SeqStepDetail& step, const Style& style);

// A table with aligned columns; whole numbers print without decimals.
std::string render_plain_table(const course::Table& table, const Style& style);

}  // namespace attn::render
