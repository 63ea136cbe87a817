#include "render/train_export.hpp"

#include <fmt/format.h>

#include "render/export.hpp"
#include "render/weights_text.hpp"

namespace attn::render {

namespace {

nlohmann::json settings_json(const course::TrainReport& r) {
    const auto& s = r.plan.settings;
    return {{"optimizer", r.plan.optimizer},
            {"learning_rate", s.optimizer.learning_rate},
            {"epochs", s.epochs},
            {"batch", s.batch_size},
            {"seed", s.seed},
            {"d_model", r.task.vocab.dimensions.size()},
            {"d_k", r.plan.d_k},
            {"d_v", r.plan.d_v}};
}

nlohmann::json accuracy_json(const math::Accuracy& a) {
    return {{"correct", a.correct}, {"total", a.total}, {"fraction", a.fraction()}};
}

std::string toml_strings_text(const std::vector<std::string>& items) {
    std::string out = "[";
    for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + nlohmann::json(items[i]).dump();
    return out + "]";
}

}  // namespace

nlohmann::json train_json(const course::TrainReport& r) {
    nlohmann::json doc;
    doc["task"] = {{"name", r.task.name},
                   {"path", r.task.path},
                   {"vocab", r.task.vocab.path},
                   {"classes", r.task.classes}};
    doc["settings"] = settings_json(r);
    doc["loss"] = r.result.losses;
    doc["test_loss"] = r.result.test_losses;
    doc["accuracy"] = {{"train", accuracy_json(r.train_accuracy)}};
    if (r.test_accuracy.total > 0) doc["accuracy"]["test"] = accuracy_json(r.test_accuracy);
    nlohmann::json snapshots = nlohmann::json::array();
    for (const math::Snapshot& s : r.snapshots)
        snapshots.push_back({{"epoch", s.epoch}, {"loss", s.loss}, {"weights", matrix_json(s.weights)}});
    nlohmann::json predictions = nlohmann::json::array();
    for (const course::Prediction& p : r.probe_predictions)
        predictions.push_back({{"token", p.token}, {"class", p.predicted}, {"probability", p.probability}});
    doc["probe"] = {{"sentence", r.probe.text},
                    {"tokens", r.probe.tokens},
                    {"snapshots", snapshots},
                    {"predictions", predictions}};
    const math::TinyAttention& w = r.result.model;
    doc["weights"] = {{"w_q", matrix_json(w.wq)},
                      {"w_k", matrix_json(w.wk)},
                      {"w_v", matrix_json(w.wv)},
                      {"readout", matrix_json(w.w_out)},
                      {"readout_bias", matrix_json(arma::mat(w.b_out))}};
    return doc;
}

std::string weights_toml(const course::TrainReport& r) {
    const auto& s = r.plan.settings;
    const math::TinyAttention& w = r.result.model;
    std::string header = "W_Q, W_K, W_V learned by `attn train` (not chosen by hand).\n";
    header += fmt::format("task {} ({}), {} lr {} for {} epochs, seed {}; final training loss {}.\n",
                          r.task.name, r.task.path, r.plan.optimizer, exact_number(s.optimizer.learning_rate),
                          s.epochs, s.seed, exact_number(r.result.losses.back()));
    header += "Rows follow the vocabulary's dimensions: " +
              fmt::format("{}", fmt::join(r.task.vocab.dimensions, ", ")) + "\n";
    header += "Look at them with:  attn run --vocab " + r.task.vocab.path +
              " --weights THIS_FILE --sentence \"" + r.probe.text + "\"";
    // The same layout as `attn weights`' files: a commented header, then w_q, w_k and w_v.
    std::string out = weights_toml_text(header, {{"w_q", w.wq}, {"w_k", w.wk}, {"w_v", w.wv}}) + "\n";
    out +=
        "# The readout (d_v rows, one column per class) turns a token's attention output into class "
        "scores.\n";
    out += "# `attn run` ignores these keys.\n";
    out += "classes = " + toml_strings_text(r.task.classes) + "\n";
    out += toml_matrix("readout", w.w_out) + toml_matrix("readout_bias", arma::mat(w.b_out));
    return out;
}

}  // namespace attn::render
