// attn transformer's documented JSON and CSV (docs/commands.md) as data blocks.
#include "course/data_blocks.hpp"
#include "course/transformer_stages.hpp"

namespace attn::course {

using report::counts;
using report::Facts;
using report::number_rows;
using report::Value;
using report::words;

namespace {

// Stages named as `attn run`'s CSV names them: "norm2", "heads.1.weights".
void add_csv_stages(report::Report& report, std::vector<Stage> stages) {
    for (Stage& stage : stages) {
        stage.view.title = stage.name;
        report.csv(stage.name, std::move(stage.view));
    }
}

// "decoder": {"tokens", "self_weights": [per head], "cross_weights": [per head], "cross_output"}.
void add_decoder_data(report::Report& report, const TransformerRun& run) {
    Value::List self, cross;
    for (const math::HeadTrace& h : run.decoder->trace.masked_self.heads)
        self.push_back(number_rows(h.weights));
    for (const math::HeadTrace& h : run.decoder->trace.cross.heads) cross.push_back(number_rows(h.weights));
    report.data("decoder", Facts{"",
                                 {{"tokens", words(run.decoder->tokens)},
                                  {"self_weights", std::move(self)},
                                  {"cross_weights", std::move(cross)},
                                  {"cross_output", number_rows(run.decoder->trace.cross.output)}}});
}

void add_permutation_data(report::Report& report, const PermutationCheck& p) {
    report.data("permutation", Facts{"",
                                     {{"order", counts(p.order)},
                                      {"tokens", words(p.tokens)},
                                      {"output", number_rows(p.trace.output)},
                                      {"expected", number_rows(p.expected)},
                                      {"difference", number_rows(p.difference)},
                                      {"max_abs_difference", p.max_abs_difference}}});
}

}  // namespace

void add_transformer_data(report::Report& report, const TransformerRun& run,
                          const std::vector<std::string>& show) {
    report.data("", Facts{"",
                          {{"tokens", words(run.tokens)},
                           {"dimensions", words(run.dimensions)},
                           {"inputs", run.inputs_note},
                           {"weights", run.weights_note},
                           {"norm", run.norm_name},
                           {"n_heads", run.trace.attention.heads.size()},
                           {"d_k", run.trace.attention.heads.at(0).q.n_cols},
                           {"d_ff", run.d_ff},
                           {"activation", run.activation_name},
                           {"positional", run.positions.has_value()},
                           {"layer_norm_eps", run.config.eps},
                           // rows of numbers, not a matrix: the CSV holds the stages alone
                           {"output", number_rows(run.trace.output)}}});
    report.data("stages", Facts{});  // an object, even when --show leaves it empty
    // A head's stage ("heads.1.weights") goes to heads[1], any other to stages; each is a CSV block too.
    for (Stage& stage : transformer_stages(run, show, false)) {
        const bool of_head = stage.name.rfind("heads.", 0) == 0;
        stage.view.title = stage.name;
        report.data((of_head ? "" : "stages.") + stage.name, std::move(stage.view));
    }
    if (run.decoder) add_decoder_data(report, run);
    if (run.permutation) add_permutation_data(report, *run.permutation);
    // The CSV goes on with the permutation check's stages, then the decoder's.
    if (run.permutation) add_csv_stages(report, permutation_stages(run, false));
    if (run.decoder) add_csv_stages(report, decoder_stages(run, false));
}

}  // namespace attn::course
