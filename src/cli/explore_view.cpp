#include "cli/explore_view.hpp"

#include <sstream>

#include "cli/explain_option.hpp"
#include "course/labels.hpp"
#include "course/stages.hpp"
#include "render/markdown_text.hpp"

namespace attn::cli {

namespace {

// The stage's matrix in one experiment; nullopt when it does not exist there (no mask, no such head).
std::optional<arma::mat> stage_matrix(const course::Experiment& e, const course::Explorer& ex, size_t stage,
                                      arma::uword head) {
    const math::AttentionTrace& t = e.trace;
    const arma::uword h = std::min<arma::uword>(head, t.heads.size() - 1);
    switch (stage) {
        case 0:
            return t.x;
        case 1:
            return ex.world().weights.wq;
        case 2:
            return ex.world().weights.wk;
        case 3:
            return ex.world().weights.wv;
        case 4:
            return t.q;
        case 5:
            return t.k;
        case 6:
            return t.v;
        case 7:
            return t.heads[h].scores;
        case 8:
            return t.heads[h].scaled;
        case 9:
            return t.heads[h].tempered;
        case 10:
            return t.heads[h].masked;
        case 11:
            return t.heads[h].weights;
        default:
            return t.output;
    }
}

std::string num(double v) {
    std::ostringstream out;
    out.precision(4);
    out << std::fixed << v;
    return out.str();
}

}  // namespace

// The stage's matrix, or when it was skipped (no temperature, no mask) the stage it equals.
std::optional<arma::mat> stage_or_earlier(const course::Experiment& e, const course::Explorer& ex,
                                          size_t stage, arma::uword head) {
    for (size_t s = stage;; --s) {
        std::optional<arma::mat> m = stage_matrix(e, ex, s, head);
        if (m || s == 0) return m;
    }
}

namespace {

// How attn run shades `stage` (of `head`): the shading of the stage it collects under that name, or of
// the earlier stage shown in its place (tempered without a temperature is scaled).
report::Shading run_shading(const course::Experiment& e, size_t stage, arma::uword head) {
    static const char* const names[] = {"x",      "",       "",         "",       "q",       "k",     "v",
                                        "scores", "scaled", "tempered", "masked", "weights", "output"};
    const std::string prefix =
        e.trace.concat && stage >= 7 && stage <= 11 ? "heads." + std::to_string(head) + "." : "";
    for (size_t s = stage; s > 0 && *names[s]; --s)
        for (const course::Stage& collected : course::collect_stages(e, {names[s]}, false))
            if (collected.name == prefix + names[s]) return collected.view.shading;
    return report::Shading::none;
}

}  // namespace

const std::vector<std::string>& explore_stage_names() {
    static const std::vector<std::string> names = {"X",      "W_Q",     "W_K",    "W_V",    "Q",
                                                   "K",      "V",       "scores", "scaled", "tempered",
                                                   "masked", "weights", "output"};
    return names;
}

bool editable_stage(size_t stage) { return stage <= 3; }

bool query_key_stage(size_t stage) { return stage >= 7 && stage <= 11; }

course::EditMatrix edit_matrix(size_t stage) {
    const course::EditMatrix m[] = {course::EditMatrix::x, course::EditMatrix::wq, course::EditMatrix::wk,
                                    course::EditMatrix::wv};
    return m[std::min<size_t>(stage, 3)];
}

StageView stage_view(const course::Explorer& ex, size_t stage, arma::uword head) {
    const course::Experiment& e = ex.current();
    StageView v;
    v.title = explore_stage_names()[stage];
    if (stage >= 7 && stage <= 11 && e.trace.heads.size() > 1)
        v.title += " (head " + std::to_string(head) + ")";
    const std::optional<arma::mat> m = stage_matrix(e, ex, stage, head);
    v.values = m ? *m : *stage_or_earlier(e, ex, stage, head);
    if (stage == 9 && !m) v.title += ": T = 1, so the same as scaled";
    if (stage == 9 && m) v.title += " = scaled / T, T = " + num(ex.world().temperature);
    if (stage == 10 && !m)
        v.title +=
            ": no mask, so the same as " + std::string(e.trace.heads[0].tempered ? "tempered" : "scaled");
    const bool weights = stage >= 1 && stage <= 3;
    v.row_labels =
        weights ? (v.values.n_rows == e.dimensions.size() ? e.dimensions
                                                          : course::numbered_labels("", v.values.n_rows))
                : e.query_labels;
    const bool square = stage >= 7 && stage <= 11;
    v.col_labels =
        square ? e.key_labels : (stage == 0 ? e.dimensions : course::numbered_labels("", v.values.n_cols));
    v.shading = run_shading(e, stage, head);
    if (ex.previous() && stage > 3) {
        const std::optional<arma::mat> before = stage_or_earlier(*ex.previous(), ex, stage, head);
        if (before && before->n_rows == v.values.n_rows && before->n_cols == v.values.n_cols)
            v.before = before;
    }
    return v;
}

std::vector<std::string> cell_arithmetic(const course::Explorer& ex, size_t stage, arma::uword head,
                                         arma::uword row, arma::uword col, bool unicode, int width) {
    const course::Experiment& e = ex.current();
    const std::string dot = unicode ? "·" : "*";
    std::vector<std::string> lines;
    const StageView v = stage_view(ex, stage, head);
    const std::string cell =
        v.title.substr(0, v.title.find(' ')) + "[" + v.row_labels[row] + "][" + v.col_labels[col] + "]";
    if (stage == 0) {
        lines = {cell + " = " + num(v.values(row, col)),
                 "the embedding of '" + v.row_labels[row] + "' in dimension " + v.col_labels[col] + ";",
                 "editing it changes every '" + v.row_labels[row] + "' in the sentence"};
    } else if (stage <= 3) {
        lines = {cell + " = " + num(v.values(row, col)), "how much embedding dimension " + v.row_labels[row],
                 "adds to column " + v.col_labels[col] + " of " +
                     std::string(stage == 1   ? "every query"
                                 : stage == 2 ? "every key"
                                              : "every value")};
    } else if (stage <= 6) {
        const arma::mat& w = stage == 4   ? ex.world().weights.wq
                             : stage == 5 ? ex.world().weights.wk
                                          : ex.world().weights.wv;
        std::string sum;
        for (arma::uword m = 0; m < w.n_rows; ++m)
            if (e.trace.x->at(row, m) != 0.0 && w(m, col) != 0.0)
                sum += (sum.empty() ? "" : " + ") + num(e.trace.x->at(row, m)) + dot + num(w(m, col));
        lines = {cell + " = sum over d of X[" + v.row_labels[row] + "][d]" + dot + "W[d][" +
                     v.col_labels[col] + "]",
                 "= " + (sum.empty() ? "0 (no nonzero term)" : sum), "= " + num(v.values(row, col))};
    } else if (stage == 12) {
        lines = {cell + " = " + num(v.values(row, col)),
                 "= sum over keys of weights[" + v.row_labels[row] + "][key]" + dot + "V[key][" +
                     v.col_labels[col] + "]",
                 "(then " + std::string(e.trace.concat ? "concat" + dot + "W_O" : "no W_O") + ")"};
    } else {
        render::Style style;
        style.unicode = unicode;
        style.color = false;
        style.width = std::max(40, width);
        const std::string spec = std::to_string(row) + "," + std::to_string(col);
        std::string text = explain_cells(
            spec, e.trace.heads.size() > 1 ? std::optional<arma::uword>(head) : std::nullopt, e, style);
        if (!unicode) text = render::ascii_fold(text);
        std::istringstream in(text);
        for (std::string line; std::getline(in, line);) lines.push_back(line);
    }
    return lines;
}

}  // namespace attn::cli
