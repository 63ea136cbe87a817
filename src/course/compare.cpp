#include "course/compare.hpp"

#include <algorithm>
#include <cmath>

#include "inputs/input_error.hpp"
#include "math/explain.hpp"

namespace attn::course {

namespace {

std::vector<DimensionShift> shifts(const arma::rowvec& first, const arma::rowvec& second,
                                   const std::vector<std::string>& names) {
    std::vector<DimensionShift> out;
    for (arma::uword d = 0; d < first.n_elem; ++d)
        out.push_back({d < names.size() ? names[d] : "d" + std::to_string(d), first(d), second(d),
                       second(d) - first(d)});
    std::stable_sort(out.begin(), out.end(),
                     [](const auto& a, const auto& b) { return std::fabs(a.change) > std::fabs(b.change); });
    return out;
}

}  // namespace

FocusComparison compare_focus(const RunRequest& base, const std::vector<std::string>& sentences,
                              const std::string& word) {
    if (sentences.size() < 2)
        throw InputError("a comparison needs at least two sentences; give --compare \"...\" \"...\"");
    if (word.empty()) throw InputError("which word should be compared? give --word");
    std::vector<Experiment> runs;
    for (const std::string& sentence : sentences) {
        RunRequest request = base;
        request.sentence = sentence;
        runs.push_back(run_experiment(request));
    }
    return compare_runs(word, sentences, std::move(runs));
}

FocusComparison compare_runs(const std::string& word, const std::vector<std::string>& sentences,
                             std::vector<Experiment> runs) {
    if (sentences.size() < 2 || runs.size() != sentences.size())
        throw InputError("a comparison needs at least two sentences, each with its run");
    FocusComparison c;
    c.word = word;
    c.sentences = sentences;
    for (size_t i = 0; i < runs.size(); ++i) {
        Experiment& e = runs[i];
        const std::string& sentence = sentences[i];
        const auto found = std::find_if(e.query_labels.begin(), e.query_labels.end(),
                                        [&](const std::string& t) { return lower(t) == lower(word); });
        if (found == e.query_labels.end())
            throw InputError("the sentence \"" + sentence + "\" does not contain '" + word +
                             "'; each compared sentence needs it");
        c.rows.push_back(found - e.query_labels.begin());
        c.runs.push_back(std::move(e));
    }
    const Experiment& first = c.runs[0];
    c.embedding = first.trace.x->row(c.rows[0]);
    const arma::rowvec out0 = first.trace.output.row(c.rows[0]);
    const arma::rowvec out1 = c.runs[1].trace.output.row(c.rows[1]);
    c.output_cosine = math::cosine_similarity(out0, out1);
    c.moved = shifts(out0, out1, first.value_dimensions);
    return c;
}

}  // namespace attn::course
