// The reports of attn transformer and attn seq2seq: every chosen stage as a labelled matrix, with the
// tables of local, hard attention and cost.
#include <fmt/format.h>

#include <algorithm>

#include "course/reports.hpp"
#include "course/seq2seq_views.hpp"
#include "course/transformer_stages.hpp"

namespace attn::course {

Report transformer_report(const TransformerRun& run, const std::vector<std::string>& show, const std::string& data_dir) {
    Report report{"attn transformer: " + fmt::format("{}", fmt::join(run.tokens, " ")), data_dir, {}};
    report.facts("inputs", Facts{"", {{"inputs", run.inputs_note}, {"weights", run.weights_note}}});
    for (Stage& stage : transformer_stages(run, show, true)) report.matrix(stage.name, std::move(stage.view));
    if (run.permutation) {
        report.heading("The same block on the tokens reordered");
        for (Stage& stage : permutation_stages(run, true)) report.matrix(stage.name, std::move(stage.view));
    }
    if (run.decoder) {
        report.heading("Decoder sketch: \"" + fmt::format("{}", fmt::join(run.decoder->tokens, " ")) + "\"");
        for (Stage& stage : decoder_stages(run, true)) report.matrix(stage.name, std::move(stage.view));
    }
    return report;
}

Report seq2seq_report(const Seq2SeqRun& run, const std::vector<std::string>& show, const std::string& data_dir) {
    Report report{"attn seq2seq: " + attention_name(run.config.attention) + " attention, " + score_name(run.config.score) + " score",
                  data_dir, {}};
    Facts facts{"", {{"inputs", run.inputs_note}}};
    if (!run.weights_note.empty()) facts.items.push_back({"weights", run.weights_note});
    facts.items.push_back({"query", run.query_note});
    report.facts("inputs", std::move(facts));
    const std::vector<Seq2SeqStage> stages = seq2seq_stages(run, true);
    auto wanted = [&](const std::string& s) { return show.empty() || std::find(show.begin(), show.end(), s) != show.end(); };
    for (const std::string& section : seq2seq_sections()) {
        if (!wanted(section)) continue;
        for (const Seq2SeqStage& stage : stages)
            if (stage.section == section) report.matrix(stage.name, stage.view);
        if (section == "local" && !positions_table(run).rows.empty()) report.table("windows", positions_table(run));
        if (section == "hard" && run.hard) report.table("hard", hard_table(run)), report.table("convergence", convergence_table(run));
        if (section == "cost") report.table("cost", cost_table(run));
    }
    return report;
}

}  // namespace attn::course
