// One report builder per command: the use case's result (computed elsewhere in course) as a Report
// with every block its screens and pictures show. See report/report.hpp for what a report holds.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "course/bench.hpp"
#include "course/cache_cost.hpp"
#include "course/compare.hpp"
#include "course/decode.hpp"
#include "course/experiment.hpp"
#include "course/explain.hpp"
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

// `show` as given to --show (empty = the command's default stages); `data_dir` lets text show paths
// relative to the data folder.
// `explained`: one weight's arithmetic per head (--explain), shown after the stages, its prose numbers
// with `precision` decimals.
// `show_code`: each stage followed by its lines of NumPy (--show-code, course/stage_code.hpp).
report::Report experiment_report(const Experiment& e, const std::vector<std::string>& show,
                                 const std::string& data_dir,
                                 const std::vector<HeadExplanation>& explained = {}, int precision = 4,
                                 bool show_code = false);
report::Report comparison_report(const FocusComparison& c, const std::vector<std::string>& show,
                                 const std::string& data_dir, int precision = 4);
// `explained`: --explain's weight in the attention sublayer, per head (course::attention_experiment).
report::Report transformer_report(const TransformerRun& run, const std::vector<std::string>& show,
                                  const std::string& data_dir,
                                  const std::vector<HeadExplanation>& explained = {}, int precision = 4);
// `explained`: --explain's decoder step, shown after the sections.
report::Report seq2seq_report(const Seq2SeqRun& run, const std::vector<std::string>& show,
                              const std::string& data_dir,
                              const std::optional<Seq2SeqStepDetail>& explained = {}, int precision = 3);
report::Report vocab_report(const VocabTable& table, const std::string& data_dir);
// The matrices of `view` at the indices `chosen` (--matrix), after the file they came from.
report::Report weights_report(const WeightsView& view, const std::vector<size_t>& chosen,
                              const std::string& data_dir);
report::Report similarity_report(const Similarity& s, const std::string& data_dir);
report::Report scaling_report(const ScalingReport& r);
// `show`: the parts of --show (empty = naive, stable, temperature and mask); `precision`: decimals of
// the numbers quoted in prose.
report::Report softmax_report(const SoftmaxDemo& demo, const std::vector<std::string>& show = {},
                              int precision = 4);
report::Report bench_report(const BenchReport& b);
// attn cache: the chosen layout's cache worked out, the paged pool, the other layouts and their bars.
report::Report cache_report(const CacheReport& r);
// attn cache --preset list: the published configurations and where their numbers come from.
report::Report cache_presets_report();
// `view`: the blocks and steps --show and --step pick (empty: all of them).
report::Report decode_report(const DecodeReport& r, const std::string& data_dir, const DecodeView& view = {});
// The names of the keys a decode step's scores and weights are over: the cached tokens, in row order.
std::vector<std::string> cache_key_tokens(const DecodeReport& r, const math::DecodeStep& s);
report::Report streaming_report(const StreamingDemo& d, const std::string& data_dir);
// attn workspace: `files` copied to `target`; `standard_place`: the folder attn reads without a setting.
report::Report workspace_init_report(const std::string& target, size_t files, const std::string& shipped,
                                     bool standard_place);
report::Report workspace_diff_report(const std::vector<FileDiff>& diffs, const std::string& workspace,
                                     const std::string& shipped);
report::Report workspace_reset_report(const ResetResult& result, const std::string& workspace);
// `saved_to`: the file --save wrote the learned weights to, with the command that reads them back.
report::Report train_report(const TrainReport& t, const std::string& data_dir,
                            const std::optional<std::string>& saved_to = {});

}  // namespace attn::course
