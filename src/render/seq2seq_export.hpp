// `attn seq2seq --format json|csv`. JSON numbers round-trip exactly; scores outside a local window
// (never computed, −∞) are null. Schema in docs/commands.md ("attn seq2seq").
#pragma once
#include <armadillo>
#include <nlohmann/json.hpp>
#include <string>

#include "course/explain.hpp"
#include "course/seq2seq.hpp"

namespace attn::render {

// {"source", "target", "score", "attention", "window", "query", "inputs", "weights", "units", "steps",
//  "stages", "hard" (hard attention only), "cost"}.
nlohmann::json seq2seq_json(const course::Seq2SeqRun& run);

// The numbers of --explain STEP: {"step", "word", "query", "p", "window", "positions": [{"s", "word",
// "score", "terms" | "pre"+"activated", "exp", "content", "gaussian", "weight"}], "context", "attentional"}.
nlohmann::json seq2seq_explain_json(const course::Seq2SeqRun& run, const course::Seq2SeqStepDetail& step);

// One block per matrix ("# stage: alignment", "# shape: T x S", "# rows: ...", "# columns: ...", the
// rows, a blank line), then the tables as blocks ("# table: cost", "# columns: ...").
std::string seq2seq_csv(const course::Seq2SeqRun& run);

}  // namespace attn::render
