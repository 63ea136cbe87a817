// The matrices and tables of an `attn seq2seq` run, labelled, shared by text, CSV and JSON output.
#pragma once
#include <string>
#include <variant>
#include <vector>

#include "course/seq2seq.hpp"
#include "report/blocks.hpp"

namespace attn::course {

// Output sections a learner can pick with --show, in the order they are printed.
const std::vector<std::string>& seq2seq_sections();

// Throws course::InputError for a name not in seq2seq_sections(), listing them.
void check_seq2seq_sections(const std::vector<std::string>& names);

struct Seq2SeqStage {
    std::string section;  // which --show section it belongs to
    std::string name;     // machine name: "alignment", "contexts", …
    report::LabelledMatrix view;
};

// Every labelled matrix of the run, in printing order (hard attention's one-hot rows included).
std::vector<Seq2SeqStage> seq2seq_stages(const course::Seq2SeqRun& run, bool unicode);

// Tables: p_t and the window per step (local), argmax and draw per step (hard), convergence of the
// average of draws (hard), operations per decoder step (cost). Empty when they do not apply.
report::Table positions_table(const course::Seq2SeqRun& run);
report::Table hard_table(const course::Seq2SeqRun& run);
report::Table convergence_table(const course::Seq2SeqRun& run);
report::Table cost_table(const course::Seq2SeqRun& run);

// "global", "local-m", "local-p", "hard"; "dot", …
std::string attention_name(math::AttentionKind kind);
std::string score_name(math::ScoreKind kind);

}  // namespace attn::course
