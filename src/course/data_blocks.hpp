// The documented JSON layouts (docs/json.md, docs/commands.md), as data blocks added to a command's
// report: each block is named by its JSON path, so render's one JSON writer writes the layout.
#pragma once
#include <string>
#include <vector>

#include "course/bench.hpp"
#include "course/cache_cost.hpp"
#include "course/compare.hpp"
#include "course/decode.hpp"
#include "course/edit_goal.hpp"
#include "course/experiment.hpp"
#include "course/explain.hpp"
#include "course/quiz.hpp"
#include "course/quiz_report.hpp"
#include "course/scaling.hpp"
#include "course/seq2seq.hpp"
#include "course/similarity.hpp"
#include "course/softmax_demo.hpp"
#include "course/streaming_demo.hpp"
#include "course/train_run.hpp"
#include "course/transformer.hpp"
#include "course/vocab_table.hpp"
#include "course/weights_view.hpp"
#include "course/workspace.hpp"
#include "report/report.hpp"

namespace attn::course {

// attn run (docs/json.md): {"tokens", "key_tokens", "dimensions", "n_heads", "n_kv_heads", "d_k", "inputs",
//  "weights", "mask", "variant", a variant's per-head numbers (math::per_head_numbers), "stages": {...},
//  "heads": [{"kv_head", ...}]}, and with `show_code` "code" and the "inputs" the code starts from. Every
//  path starts with `at` ("" or "sentences.1."). The stages are also the CSV, one "# stage: NAME" block each.
void add_experiment_data(report::Report& report, const Experiment& e, const std::vector<std::string>& show,
                         bool show_code, const std::string& at = "");

// --explain: {"explain": [{"head", "row", "col", "query", "key", ...}]}, one entry per head explained.
void add_explain_data(report::Report& report, const Experiment& e,
                      const std::vector<HeadExplanation>& explained);

// attn run comparing one word: {"word", "sentences": [<an experiment> + "sentence", "row"], "comparison":
//  {"embedding", "output_cosine", "moved": [...], "sentences_compared"}}; the CSV is each sentence's stages
//  after a "# sentence N: ..." line, then the comparison block and "# output_cosine: ...".
void add_comparison_data(report::Report& report, const FocusComparison& c,
                         const std::vector<std::string>& show);

// attn bench: {"blas": {"name", "threads"}, "streaming_kernel", "fma_peak", "settings", "results":
// [{"method", "n", "d", "precision", "median_seconds", ...}], "memory_bandwidth"?, "scaling", "exponents":
// {method: slope}, "slopes", "unfitted"}; CSV: a header and one line per result, then "# exponent,METHOD,
// SLOPE" and "# blas,NAME,THREADS" comment lines.
void add_bench_data(report::Report& report, const BenchReport& b);

// attn cache (docs/commands.md): {"preset", "model", "source", "note", "overridden", "layout", the chosen
// layout's "elements_per_token_layer", "bytes_per_token_layer", "bytes_per_token", "local_tokens",
// "global_tokens", "bytes_per_sequence", "sequences_fit", "paged", "layouts": [{"name", "what", "chosen",
// "kv_heads", "latent", "all_global", the same numbers, "paged"}], "config", "layers", "memory"}.
void add_cache_data(report::Report& report, const CacheReport& r);

// attn quiz --list: {"lesson", "slug", "questions": [{"id", "kind", "prompt", "step", "line", "choices",
// "hints", "tolerance", "entries"?, "givens"?}]}.
void add_quiz_list_data(report::Report& report, size_t lesson, const std::string& slug,
                        const std::vector<ListedQuestion>& questions);
// attn quiz --answer: {"lesson", "question", "kind", "right", "answer", "expected", "tolerance", "message",
// "expected_value", "entries"? (hand)}.
void add_verdict_data(report::Report& report, size_t lesson, const Question& q, const Verdict& v);
// attn quiz --check: {"lesson", "question", "kind", "right", "goals": [{"goal", "holds", "detail", "gap"}],
// "message"}.
void add_edit_status_data(report::Report& report, size_t lesson, const Question& q, const EditStatus& status);

// attn seq2seq: {"source", "target", "score", "attention", "window", "query", "inputs", "weights", "units",
// "steps": [{"step", "word", "window", "scores", "p"?, "content"?, "gaussian"?, "weights", "context",
// "attentional"} (hard attention: also "argmax", "sample", "argmax_share" and the soft_* ones)], "stages",
// "hard"?, "cost"}; CSV: the stages, then the tables windows, hard, convergence and cost that have rows.
void add_seq2seq_data(report::Report& report, const Seq2SeqRun& run);

// attn seq2seq --explain: {"explain": {"step", "word", "query", "window", "p", "positions": [...],
// "context", "attentional"}}.
void add_seq2seq_explain_data(report::Report& report, const Seq2SeqRun& run, const Seq2SeqStepDetail& detail);

// attn transformer: {"tokens", "dimensions", "inputs", "weights", "norm", "n_heads", "d_k", "d_ff",
// "activation", "positional", "layer_norm_eps", "stages", "heads", "output", "decoder"?, "permutation"?};
// CSV: one "# stage:" block per stage, then the permutation check's and the decoder's.
void add_transformer_data(report::Report& report, const TransformerRun& run,
                          const std::vector<std::string>& show);

// attn vocab: {"vocabulary", "description", "dimensions", "pad", "words", "embeddings"}; CSV: the
// embeddings as a labelled matrix (add_labelled_csv), an X for attn run --x.
void add_vocab_data(report::Report& report, const VocabTable& v);

// attn weights: {"source", "wq": {"title", "legend", "rows", "columns", "values"}, ...} for the matrices
// chosen; CSV: the first of them as a labelled matrix.
void add_weights_data(report::Report& report, const WeightsView& view, const std::vector<size_t>& chosen);

// attn similarity: {"space", "measure", "inputs", "weights", "notes", "matrix": {...}}; CSV: "# space: S,
// measure: M" and the matrix as a labelled matrix.
void add_similarity_data(report::Report& report, const Similarity& s);

// attn scaling: {"keys", "trials", "seed", "uniform_entropy", "results": [{"d_k", "score_variance",
// "unscaled": {"mean_max_weight", "mean_entropy", "entropy_fraction"}, "scaled": {...}}]}; CSV: one
// plain line per d_k under a header.
void add_scaling_data(report::Report& report, const ScalingReport& r);

// attn train: {"task", "settings", "loss", "test_loss", "accuracy", "probe", "weights"} (docs/commands.md).
void add_train_data(report::Report& report, const TrainReport& r);

// A labelled matrix's CSV: "# TITLE: LEGEND", "# rows: ...", "# columns: ...", then its rows alone.
void add_labelled_csv(report::Report& report, const std::string& name, const report::LabelledMatrix& m);

// attn decode: {"tokens", "n_heads", "n_kv_heads", "d_k", "inputs", "weights", "window", "sinks",
// "cache_capacity",
//  "steps": [{"t", "token", "q", "k", "v", "k_cache", "v_cache", "scores", "weights", "output" (or, with
//  several heads, "heads": [{"kv_head", ...}]), "cache_rows", "cache_tokens", "key_tokens", "cache_row",
//  "evicted", "cache_bytes", "work_with_cache", "work_without_cache"}], "stages": {"output"},
//  "cache_bytes", "causal_max_abs_difference"}; with --block-size, --chunk, --splits or --verify also their
//  parts (course/decode_serve.hpp; docs/commands.md lists them).
void add_decode_data(report::Report& report, const DecodeReport& r);

// {"tokens", "keys_per_block", "causal", "inputs", "weights", "blocks": [{"first_key", "keys", "scaled",
//  "block_max", "running_max", "correction", "running_sum", "running_output"}], "stages": {"output",
//  "full_output"}, "max_abs_difference"}.
void add_streaming_data(report::Report& report, const StreamingDemo& d);

// {"labels", "logits", "naive": {"exps", "sum", "weights", "overflowed"}, "stable": {"max", "shifted",
//  "exps", "sum", "weights"}, "temperatures": [{"temperature", "weights"}], "mask": {"keep",
//  "large_negative", "with_infinity": {"logits", "weights"}, "with_large_negative": {...}, "fully_masked",
//  "largest_difference"} (with --mask)}.
void add_softmax_data(report::Report& report, const SoftmaxDemo& d);

// {"workspace", "shipped", "files": [{"file", "status", "changes": [{"kind", "where", "before",
//  "after"}]}]}.
void add_workspace_diff_data(report::Report& report, const std::vector<FileDiff>& diffs,
                             const std::string& workspace, const std::string& shipped);

}  // namespace attn::course
