#include "cli/explore_view.hpp"

#include <algorithm>
#include <sstream>

#include "cli/explain_option.hpp"
#include "course/labels.hpp"
#include "course/stages.hpp"
#include "render/markdown_text.hpp"

namespace attn::cli {

namespace {

// The stage's matrix in one experiment; nullopt when it does not exist there (no mask, no such head).
std::optional<arma::mat> stage_matrix(const course::Experiment& e, const course::Explorer& ex,
                                      math::Stage stage, arma::uword head) {
    using math::Stage;
    const math::AttentionTrace& t = e.trace;
    const arma::uword h = std::min<arma::uword>(head, t.heads.size() - 1);
    switch (stage) {
        case Stage::x:
            return t.x;
        case Stage::wq:
            return ex.world().weights.wq;
        case Stage::wk:
            return ex.world().weights.wk;
        case Stage::wv:
            return ex.world().weights.wv;
        case Stage::q:
            return t.q;
        case Stage::k:
            return t.k;
        case Stage::v:
            return t.v;
        case Stage::scores:
            return t.heads[h].scores;
        case Stage::scaled:
            return t.heads[h].scaled;
        case Stage::tempered:
            return t.heads[h].tempered;
        case Stage::masked:
            return t.heads[h].masked;
        case Stage::weights:
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

math::Stage explore_stage(size_t index) { return math::explore_stages().at(index); }

size_t explore_index(math::Stage stage) {
    const std::vector<math::Stage>& all = math::explore_stages();
    return static_cast<size_t>(std::find(all.begin(), all.end(), stage) - all.begin());
}

namespace {
// The logits a skipped tempered or masked tab equals: the last of biased, capped (softcapping) and scaled
// that the head computed, and for masked the tempered ones first. The bias's and the cap's stages have no
// tab of their own, so the name says which one is shown.
std::pair<std::string, const arma::mat*> logits_in_place(const math::HeadTrace& h, math::Stage skipped) {
    if (skipped == math::Stage::masked && h.tempered) return {"tempered", &*h.tempered};
    if (h.biased) return {"biased", &*h.biased};
    if (h.capped) return {"capped", &*h.capped};
    return {"scaled", &h.scaled};
}
}  // namespace

// The stage's matrix, or when it was skipped (no temperature, no mask) the stage it equals.
std::optional<arma::mat> stage_or_earlier(const course::Experiment& e, const course::Explorer& ex,
                                          size_t stage, arma::uword head) {
    const math::Stage typed = explore_stage(stage);
    if ((typed == math::Stage::tempered || typed == math::Stage::masked) && !stage_matrix(e, ex, typed, head))
        return *logits_in_place(e.trace.heads[std::min<arma::uword>(head, e.trace.heads.size() - 1)], typed)
                    .second;
    for (size_t s = stage;; --s) {
        std::optional<arma::mat> m = stage_matrix(e, ex, explore_stage(s), head);
        if (m || s == 0) return m;
    }
}

namespace {

// How attn run shades `stage` (of `head`): the shading of the stage it collects under that name, or of
// the earlier stage shown in its place (tempered without a temperature is scaled). W_Q, W_K and W_V
// are not run's stages: unshaded.
report::Shading run_shading(const course::Experiment& e, size_t stage, arma::uword head) {
    for (size_t s = stage; s > 0 && math::stage_traits(explore_stage(s)).run; --s) {
        const math::StageTraits& traits = math::stage_traits(explore_stage(s));
        const std::string prefix =
            e.trace.concat && traits.query_by_key ? "heads." + std::to_string(head) + "." : "";
        for (const course::Stage& collected : course::collect_stages(e, {traits.name}, false))
            if (collected.name == prefix + traits.name) return collected.view.shading;
    }
    return report::Shading::none;
}

}  // namespace

const std::vector<std::string>& explore_stage_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const math::Stage s : math::explore_stages()) out.push_back(math::stage_traits(s).title);
        return out;
    }();
    return names;
}

bool editable_stage(size_t stage) { return explore_stage(stage) <= math::Stage::wv; }

bool query_key_stage(size_t stage) { return math::stage_traits(explore_stage(stage)).query_by_key; }

course::EditMatrix edit_matrix(size_t stage) {
    switch (explore_stage(stage)) {
        case math::Stage::wq:
            return course::EditMatrix::wq;
        case math::Stage::wk:
            return course::EditMatrix::wk;
        case math::Stage::wv:
            return course::EditMatrix::wv;
        default:
            return course::EditMatrix::x;
    }
}

StageView stage_view(const course::Explorer& ex, size_t stage, arma::uword head) {
    using math::Stage;
    const course::Experiment& e = ex.current();
    const Stage typed = explore_stage(stage);
    const bool square = query_key_stage(stage);  // (queries, keys)
    StageView v;
    v.title = explore_stage_names()[stage];
    if (square && e.trace.heads.size() > 1) v.title += " (head " + std::to_string(head) + ")";
    const std::optional<arma::mat> m = stage_matrix(e, ex, typed, head);
    v.values = m ? *m : *stage_or_earlier(e, ex, stage, head);
    const math::HeadTrace& h = e.trace.heads[std::min<arma::uword>(head, e.trace.heads.size() - 1)];
    if (typed == Stage::tempered && !m)
        v.title += ": T = 1, so the same as " + logits_in_place(h, typed).first;
    if (typed == Stage::tempered && m)
        v.title += " = " + logits_in_place(h, typed).first + " / T, T = " + num(ex.world().temperature);
    if (typed == Stage::masked && !m)
        v.title += ": no mask, so the same as " + logits_in_place(h, typed).first;
    const bool weights = typed != Stage::x && editable_stage(stage);  // W_Q, W_K, W_V: (d_model, columns)
    v.row_labels =
        weights ? (v.values.n_rows == e.dimensions.size() ? e.dimensions
                                                          : course::numbered_labels("", v.values.n_rows))
                : e.query_labels;
    v.col_labels = square ? e.key_labels
                          : (typed == Stage::x ? e.dimensions : course::numbered_labels("", v.values.n_cols));
    v.shading = run_shading(e, stage, head);
    if (ex.previous() && !editable_stage(stage)) {
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
    const math::Stage typed = explore_stage(stage);
    if (typed == math::Stage::x) {
        lines = {cell + " = " + num(v.values(row, col)),
                 "the embedding of '" + v.row_labels[row] + "' in dimension " + v.col_labels[col] + ";",
                 "editing it changes every '" + v.row_labels[row] + "' in the sentence"};
    } else if (editable_stage(stage)) {
        lines = {cell + " = " + num(v.values(row, col)), "how much embedding dimension " + v.row_labels[row],
                 "adds to column " + v.col_labels[col] + " of " +
                     std::string(typed == math::Stage::wq   ? "every query"
                                 : typed == math::Stage::wk ? "every key"
                                                            : "every value")};
    } else if (typed == math::Stage::q || typed == math::Stage::k || typed == math::Stage::v) {
        const arma::mat& w = typed == math::Stage::q   ? ex.world().weights.wq
                             : typed == math::Stage::k ? ex.world().weights.wk
                                                       : ex.world().weights.wv;
        std::string sum;
        for (arma::uword m = 0; m < w.n_rows; ++m)
            if (e.trace.x->at(row, m) != 0.0 && w(m, col) != 0.0)
                sum += (sum.empty() ? "" : " + ") + num(e.trace.x->at(row, m)) + dot + num(w(m, col));
        lines = {cell + " = sum over d of X[" + v.row_labels[row] + "][d]" + dot + "W[d][" +
                     v.col_labels[col] + "]",
                 "= " + (sum.empty() ? "0 (no nonzero term)" : sum), "= " + num(v.values(row, col))};
    } else if (typed == math::Stage::output) {
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
