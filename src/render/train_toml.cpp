#include "render/train_toml.hpp"

#include <fmt/format.h>

#include "render/export.hpp"
#include "render/weights_text.hpp"

namespace attn::render {

namespace {

std::string toml_strings_text(const std::vector<std::string>& items) {
    std::string out = "[";
    for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + nlohmann::json(items[i]).dump();
    return out + "]";
}

}  // namespace

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
