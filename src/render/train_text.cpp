#include "render/train_text.hpp"

#include <fmt/format.h>

#include "render/chart_text.hpp"
#include "render/export.hpp"
#include "render/matrix_text.hpp"

namespace attn::render {

namespace {

std::string settings_text(const course::TrainReport& r, const Style& style) {
    const auto& s = r.plan.settings;
    std::string out = bold(style, "attn train: " + r.task.name) + "\n  " + r.task.description + "\n";
    out += fmt::format("  data: {} training and {} held-out sentences; d_model {}, from\n    {}\n", r.task.train.size(),
                       r.task.test.size(), r.task.vocab.dimensions.size(), r.task.vocab.path);
    out += fmt::format("  model: Q = X·W_Q, K = X·W_K (d_k {}), V = X·W_V (d_v {}),\n", r.plan.d_k, r.plan.d_v);
    out += fmt::format("    softmax(Q·Kᵀ/√d_k)·V, then a readout to {} classes\n", r.task.classes.size());
    out += fmt::format("  {}, learning rate {}, {} epochs, {}, seed {}\n", r.plan.optimizer, exact_number(s.optimizer.learning_rate),
                       s.epochs, s.batch_size == 0 ? std::string("all sentences per step") : fmt::format("batches of {}", s.batch_size),
                       s.seed);
    return out + "  heatmaps: rows = queries, columns = keys; each row sums to 1\n";
}

std::string results_text(const course::TrainReport& r) {
    std::string out = fmt::format("loss: {} before, {} after {} epochs\n", format_number(r.result.losses.front(), 4),
                                  format_number(r.result.losses.back(), 4), r.plan.settings.epochs);
    out += "accuracy on the training set: " + accuracy_text(r.train_accuracy) + "\n";
    if (r.test_accuracy.total > 0) out += "accuracy on the held-out set: " + accuracy_text(r.test_accuracy) + "\n";
    std::string said;
    for (const course::Prediction& p : r.probe_predictions)
        said += fmt::format("{}{} → {} (p = {:.3f})", said.empty() ? "" : ", ", p.token, p.predicted, p.probability);
    return out + "the probe \"" + r.probe.text + "\" after training: " + said + "\n";
}

nlohmann::json settings_json(const course::TrainReport& r) {
    const auto& s = r.plan.settings;
    return {{"optimizer", r.plan.optimizer}, {"learning_rate", s.optimizer.learning_rate}, {"epochs", s.epochs},
            {"batch", s.batch_size},         {"seed", s.seed},                             {"d_model", r.task.vocab.dimensions.size()},
            {"d_k", r.plan.d_k},             {"d_v", r.plan.d_v}};
}

nlohmann::json accuracy_json(const math::Accuracy& a) {
    return {{"correct", a.correct}, {"total", a.total}, {"fraction", a.fraction()}};
}

std::string toml_matrix_text(const std::string& key, const arma::mat& m) {
    std::string out = key + " = [\n";
    for (arma::uword r = 0; r < m.n_rows; ++r) {
        out += "  [";
        for (arma::uword c = 0; c < m.n_cols; ++c) out += (c ? ", " : "") + exact_number(m(r, c));
        out += "],\n";
    }
    return out + "]\n";
}

std::string toml_strings_text(const std::vector<std::string>& items) {
    std::string out = "[";
    for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + nlohmann::json(items[i]).dump();
    return out + "]";
}

}  // namespace

std::string accuracy_text(const math::Accuracy& a) {
    return fmt::format("{}/{} ({:.1f}%)", a.correct, a.total, 100.0 * a.fraction());
}

std::string train_text(const course::TrainReport& r, const Style& style) {
    std::string out = settings_text(r, style) + "\n";
    for (const course::LabelledMatrix& m : r.heatmaps) out += render_matrix(m, style) + "\n";
    out += render_chart(r.loss_chart, style) + "\n";
    return out + results_text(r);
}

nlohmann::json train_json(const course::TrainReport& r) {
    nlohmann::json doc;
    doc["task"] = {{"name", r.task.name}, {"path", r.task.path}, {"vocab", r.task.vocab.path}, {"classes", r.task.classes}};
    doc["settings"] = settings_json(r);
    doc["loss"] = r.result.losses;
    doc["test_loss"] = r.result.test_losses;
    doc["accuracy"] = {{"train", accuracy_json(r.train_accuracy)}};
    if (r.test_accuracy.total > 0) doc["accuracy"]["test"] = accuracy_json(r.test_accuracy);
    nlohmann::json snapshots = nlohmann::json::array();
    for (const math::Snapshot& s : r.result.snapshots)
        snapshots.push_back({{"epoch", s.epoch}, {"loss", s.loss}, {"weights", matrix_json(s.weights)}});
    nlohmann::json predictions = nlohmann::json::array();
    for (const course::Prediction& p : r.probe_predictions)
        predictions.push_back({{"token", p.token}, {"class", p.predicted}, {"probability", p.probability}});
    doc["probe"] = {{"sentence", r.probe.text}, {"tokens", r.probe.tokens}, {"snapshots", snapshots}, {"predictions", predictions}};
    const math::TinyAttention& w = r.result.model;
    doc["weights"] = {{"w_q", matrix_json(w.wq)},       {"w_k", matrix_json(w.wk)}, {"w_v", matrix_json(w.wv)},
                      {"readout", matrix_json(w.w_out)}, {"readout_bias", matrix_json(arma::mat(w.b_out))}};
    return doc;
}

std::string weights_toml(const course::TrainReport& r) {
    const auto& s = r.plan.settings;
    const math::TinyAttention& w = r.result.model;
    std::string out = "# W_Q, W_K, W_V learned by `attn train` (not chosen by hand).\n";
    out += fmt::format("# task {} ({}), {} lr {} for {} epochs, seed {}; final training loss {}.\n", r.task.name, r.task.path,
                       r.plan.optimizer, exact_number(s.optimizer.learning_rate), s.epochs, s.seed,
                       exact_number(r.result.losses.back()));
    out += "# Rows follow the vocabulary's dimensions: " + fmt::format("{}", fmt::join(r.task.vocab.dimensions, ", ")) + "\n";
    out += "# Look at them with:  attn run --vocab " + r.task.vocab.path + " --weights THIS_FILE --sentence \"" + r.probe.text + "\"\n\n";
    out += toml_matrix_text("w_q", w.wq) + "\n" + toml_matrix_text("w_k", w.wk) + "\n" + toml_matrix_text("w_v", w.wv) + "\n";
    out += "# The readout (d_v rows, one column per class) turns a token's attention output into class scores.\n";
    out += "# `attn run` ignores these keys.\n";
    out += "classes = " + toml_strings_text(r.task.classes) + "\n";
    out += toml_matrix_text("readout", w.w_out) + toml_matrix_text("readout_bias", arma::mat(w.b_out));
    return out;
}

}  // namespace attn::render
