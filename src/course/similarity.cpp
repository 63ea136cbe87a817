#include "course/similarity.hpp"

#include <algorithm>

#include "inputs/input_error.hpp"
#include "math/similarity.hpp"

namespace attn::course {

namespace {

struct Space {
    const arma::mat* rows;                   // (n, d)
    const arma::mat* cols;                   // (n, d)
    std::string row_name, col_name, legend;  // plural names: "queries"
};

Space pick_space(const std::string& space, const math::AttentionTrace& t) {
    if (space == "x") return {&*t.x, &*t.x, "embeddings", "embeddings", "embeddings X, token against token"};
    if (space == "q") return {&t.q, &t.q, "queries", "queries", "queries Q = X·W_Q, token against token"};
    if (space == "k") return {&t.k, &t.k, "keys", "keys", "keys K = X·W_K, token against token"};
    if (space == "v") return {&t.v, &t.v, "values", "values", "values V = X·W_V, token against token"};
    return {&t.q, &t.k, "queries", "keys", "rows = queries, columns = keys"};
}

// "'the' is an all-zero vector among the queries ..." for every all-zero row: cosine is undefined (nan)
// there. A word the sentence repeats has the same row each time: it gets one note.
void note_zero_rows(const arma::mat& m, const std::vector<std::string>& labels, const std::string& what,
                    std::vector<std::string>& notes) {
    std::vector<std::string> noted;
    for (arma::uword r = 0; r < m.n_rows; ++r)
        if (arma::all(m.row(r) == 0.0) && std::find(noted.begin(), noted.end(), labels[r]) == noted.end()) {
            noted.push_back(labels[r]);
            notes.push_back("'" + labels[r] + "' is an all-zero vector among the " + what +
                            ": it has no direction, so its cosine is "
                            "undefined (nan); --measure dot gives 0 there");
        }
}

}  // namespace

const std::vector<std::string>& similarity_spaces() {
    static const std::vector<std::string> spaces{"x", "q", "k", "v", "qk"};
    return spaces;
}

Similarity compute_similarity(const SimilarityRequest& request) {
    const auto& spaces = similarity_spaces();
    if (std::find(spaces.begin(), spaces.end(), request.space) == spaces.end())
        throw InputError("--space " + request.space + ": choose x, q, k, v or qk");
    if (request.measure != "cosine" && request.measure != "dot")
        throw InputError("--measure " + request.measure + ": choose cosine or dot");
    const Experiment e = run_experiment(request.run);
    const Space s = pick_space(request.space, e.trace);
    Similarity out{
        request.space, request.measure, e.inputs_note, request.space == "x" ? "" : e.weights_note, {}, {}};
    const bool cosine = request.measure == "cosine";
    out.matrix.values =
        cosine ? math::cosine_similarity_matrix(*s.rows, *s.cols) : math::dot_similarity(*s.rows, *s.cols);
    out.matrix.title = (cosine ? "cosine similarity" : "dot product") + std::string(" of ") + s.row_name +
                       (s.row_name == s.col_name ? "" : " and " + s.col_name);
    out.matrix.legend = s.legend;
    out.matrix.row_labels = e.query_labels;
    out.matrix.col_labels = e.key_labels;
    out.matrix.shading = report::Shading::diverging;
    if (cosine) {
        note_zero_rows(*s.rows, e.query_labels, s.row_name, out.notes);
        if (s.cols != s.rows) note_zero_rows(*s.cols, e.key_labels, s.col_name, out.notes);
    }
    return out;
}

}  // namespace attn::course
