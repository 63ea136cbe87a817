#include "render/compare_text.hpp"

#include <fmt/format.h>

#include <cmath>

#include "render/export.hpp"
#include "render/matrix_text.hpp"
#include "render/views.hpp"

namespace attn::render {

namespace {

std::vector<std::string> compare_show(const std::vector<std::string>& show) {
    return show.empty() ? std::vector<std::string>{"weights", "output"} : show;
}

// "I 0.058  ate 0.446 ..." : the word's attention row in one run.
std::string attention_row(const course::Experiment& e, arma::uword row, int precision) {
    std::string out;
    const arma::mat& w = e.trace.heads[0].weights;
    for (arma::uword j = 0; j < w.n_cols; ++j) out += fmt::format("{} {}  ", e.key_labels[j], format_number(w(row, j), precision));
    return out;
}

std::string shift_table(const course::FocusComparison& c, const Style& style) {
    const int p = style.precision;
    std::string out = fmt::format("  {:<10} {:>12} {:>12} {:>12}\n", "dimension", "sentence 1", "sentence 2", "change");
    for (const course::DimensionShift& s : c.moved)
        out += fmt::format("  {:<10} {:>12} {:>12} {:>12}\n", s.dimension, format_number(s.first, p), format_number(s.second, p),
                           (s.change > 0 ? "+" : "") + format_number(s.change, p));
    return out;
}

// Two separate facts, each stated as what it is: the largest dimension of the word's output in each
// sentence ("most food (0.87)"), and, from the table, which dimension each sentence holds more of than
// the other ("sentence 1 gives more food (+0.30)"). The first is not implied by the second: a sentence
// can raise tech relative to the other and still leave the word mostly food.
std::string leaning(const course::FocusComparison& c, int precision) {
    std::string out = "Largest dimension of '" + c.word + "':";
    for (size_t i = 0; i < 2 && i < c.runs.size(); ++i) {
        const arma::rowvec row = c.runs[i].trace.output.row(c.rows[i]);
        const arma::uword top = row.index_max();
        const std::vector<std::string>& names = c.runs[i].value_dimensions;
        const std::string name = top < names.size() ? names[top] : "d" + std::to_string(top);
        out += fmt::format("{} {} ({}) in sentence {}", i ? ";" : "", name, format_number(row(top), precision), i + 1);
    }
    out += ".";
    const course::DimensionShift* more_first = nullptr;
    const course::DimensionShift* more_second = nullptr;
    for (const course::DimensionShift& s : c.moved) {
        if (s.change < 0 && (!more_first || s.change < more_first->change)) more_first = &s;
        if (s.change > 0 && (!more_second || s.change > more_second->change)) more_second = &s;
    }
    if (more_first)
        out += fmt::format(" Sentence 1 gives it more {} than sentence 2 does (+{})", more_first->dimension,
                           format_number(-more_first->change, precision));
    if (more_second)
        out += fmt::format("{} more {}{} (+{})", more_first ? "; sentence 2 gives it" : " Sentence 2 gives it",
                           more_second->dimension, more_first ? "" : " than sentence 1 does",
                           format_number(more_second->change, precision));
    return out + ((more_first || more_second) ? "." : "") + "\n";
}

}  // namespace

std::string comparison_text(const course::FocusComparison& c, const std::vector<std::string>& show, const Style& style) {
    std::string out;
    for (size_t i = 0; i < c.runs.size(); ++i) {
        out += bold(style, fmt::format("sentence {}: \"{}\"", i + 1, c.sentences[i])) + "\n";
        for (const Stage& stage : collect_stages(c.runs[i], compare_show(show), style.unicode)) out += render_matrix(stage.view, style) + "\n";
    }
    out += bold(style, fmt::format("'{}' in both sentences", c.word)) + "\n";
    out += dim(style, wrap("weights: " + c.runs[0].weights_note, style.width, 9)) + "\n";
    out += wrap("Its embedding is the same input vector in every sentence (cosine similarity 1). What it attends to is not:",
                style.width, 0) + "\n";
    for (size_t i = 0; i < c.runs.size(); ++i)
        out += wrap(fmt::format("  sentence {}: {}", i + 1, attention_row(c.runs[i], c.rows[i], style.precision)), style.width, 14) + "\n";
    out += wrap("So its output, the weighted average of the values, differs (largest change first):", style.width, 0) + "\n" +
           shift_table(c, style);
    out += wrap(fmt::format("Cosine similarity of the two outputs: {} (the inputs: 1).", format_number(c.output_cosine, style.precision)),
                style.width, 0) + "\n";
    out += wrap(leaning(c, style.precision), style.width, 0) + "\n";
    return out;
}

nlohmann::json comparison_json(const course::FocusComparison& c, const std::vector<std::string>& show) {
    nlohmann::json out;
    out["word"] = c.word;
    out["sentences"] = nlohmann::json::array();
    for (size_t i = 0; i < c.runs.size(); ++i) {
        nlohmann::json run = experiment_json(c.runs[i], show);
        run["sentence"] = c.sentences[i];
        run["row"] = c.rows[i];
        out["sentences"].push_back(std::move(run));
    }
    nlohmann::json moved = nlohmann::json::array();
    for (const course::DimensionShift& s : c.moved)
        moved.push_back({{"dimension", s.dimension}, {"first", s.first}, {"second", s.second}, {"change", s.change}});
    out["comparison"] = {{"embedding", matrix_json(arma::mat(c.embedding))[0]}, {"output_cosine", c.output_cosine}, {"moved", moved}};
    return out;
}

std::string comparison_csv(const course::FocusComparison& c, const std::vector<std::string>& show) {
    std::string out;
    for (size_t i = 0; i < c.runs.size(); ++i)
        out += "# sentence " + std::to_string(i + 1) + ": " + c.sentences[i] + "\n" + experiment_csv(c.runs[i], show);
    out += "# stage: comparison\n# columns: first second change\n# rows:";
    for (const course::DimensionShift& s : c.moved) out += " " + s.dimension;
    out += "\n";
    for (const course::DimensionShift& s : c.moved)
        out += exact_number(s.first) + "," + exact_number(s.second) + "," + exact_number(s.change) + "\n";
    out += "\n# output_cosine: " + exact_number(c.output_cosine) + "\n";
    return out;
}

}  // namespace attn::render
