#include "cli/explore_mla_view.hpp"

#include <algorithm>
#include <cstdio>

#include "course/labels.hpp"

namespace attn::cli {

namespace {

using course::MlaRun;
using course::numbered_labels;

struct TabInfo {
    MlaTab tab;
    const char* name;  // on the stage strip
    const char* what;  // after the title: how it is computed
};

const TabInfo kTabs[] = {
    {MlaTab::x, "X", "the sentence's embeddings (a word edited changes every occurrence)"},
    {MlaTab::w_q, "W_q", "the query's projection, no compression (the file's q)"},
    {MlaTab::w_q_a, "W_q_a", "the query's down-projection to q_lora_rank (the file's q_a)"},
    {MlaTab::q_a_norm, "q_a_norm", "the RMSNorm weights of the query latent"},
    {MlaTab::w_q_b, "W_q_b", "the query latent up to H*(nope + rope) columns (the file's q_b)"},
    {MlaTab::w_kv_a, "W_kv_a", "the latent's columns c, then the shared rope key's r (kv_a)"},
    {MlaTab::kv_a_norm, "kv_a_norm", "the RMSNorm weights of the latent"},
    {MlaTab::w_kv_b, "W_kv_b", "per head: W_UK (nope columns), then W_UV (v columns) (kv_b)"},
    {MlaTab::w_o, "W_o", "the heads' outputs side by side back to d_model (the file's o)"},
    {MlaTab::kv_a, "kv_a", "X*W_kv_a: the latent's part, then the rope key's"},
    {MlaTab::latent, "c_kv", "RMSNorm(kv_a's c columns): the latent every head shares; cached"},
    {MlaTab::k_rope, "k_rope", "RoPE(kv_a's r columns): the one rope key of all heads; cached"},
    {MlaTab::q_a, "q_a", "RMSNorm(X*W_q_a): the query latent"},
    {MlaTab::q, "q", "the queries of every head, before RoPE"},
    {MlaTab::q_nope, "q_nope", "the head's query columns without positions"},
    {MlaTab::q_rope, "q_rope", "the head's query columns with positions, rotated"},
    {MlaTab::k_nope, "k_nope", "naive: c_kv*W_UK, the head's keys formed from the latent"},
    {MlaTab::v, "v", "naive: c_kv*W_UV, the head's values formed from the latent"},
    {MlaTab::scores, "scores", "q_nope*k_nope^T + q_rope*k_rope^T"},
    {MlaTab::scaled, "scaled", "scores / sqrt(nope + rope) / T"},
    {MlaTab::weights, "weights", "softmax of scaled, masked"},
    {MlaTab::head_output, "out_h", "naive: weights*v, the head's output"},
    {MlaTab::concat, "concat", "the heads' outputs side by side"},
    {MlaTab::output, "output", "naive: concat*W_o"},
    {MlaTab::q_absorbed, "q_abs", "absorbed: q_nope*W_UK^T, the query in latent space"},
    {MlaTab::absorbed_scores, "scores_abs", "absorbed: q_abs*c_kv^T + q_rope*k_rope^T (no keys formed)"},
    {MlaTab::absorbed_weights, "weights_abs", "absorbed: softmax of scores_abs, scaled and masked"},
    {MlaTab::latent_output, "lat_out", "absorbed: weights_abs*c_kv, attention over the latent"},
    {MlaTab::absorbed_head_output, "out_h_abs", "absorbed: lat_out*W_UV (no values formed)"},
    {MlaTab::absorbed_output, "output_abs", "absorbed: the heads' out_h_abs side by side, *W_o"},
    {MlaTab::check, "check", "|output - output_abs|"},
    {MlaTab::cache, "cache", "numbers a token leaves in the cache per layer, 8 bytes each"},
};

const TabInfo& info(MlaTab tab) {
    return *std::find_if(std::begin(kTabs), std::end(kTabs),
                         [tab](const TabInfo& i) { return i.tab == tab; });
}

// The edited matrices as run_mla's inputs hold them.
arma::mat input_matrix(const MlaRun& r, MlaTab tab) {
    const math::MlaWeights& w = r.weights;
    switch (tab) {
        case MlaTab::w_q:
            return w.q;  // (d_model, H*(nope + rope))
        case MlaTab::w_q_a:
            return w.q_a;  // (d_model, q_lora)
        case MlaTab::q_a_norm:
            return w.q_a_norm;  // (1, q_lora)
        case MlaTab::w_q_b:
            return w.q_b;  // (q_lora, H*(nope + rope))
        case MlaTab::w_kv_a:
            return w.kv_a;  // (d_model, kv_lora + rope)
        case MlaTab::kv_a_norm:
            return w.kv_a_norm;  // (1, kv_lora)
        case MlaTab::w_kv_b:
            return w.kv_b;  // (kv_lora, H*(nope + v))
        case MlaTab::w_o:
            return w.o;  // (H*v, d_model)
        default:
            return r.x;  // (n, d_model)
    }
}

arma::mat head_matrix(const math::MlaHeadTrace& h, MlaTab tab) {
    switch (tab) {
        case MlaTab::q_nope:
            return h.q_nope;  // (n, nope)
        case MlaTab::q_rope:
            return h.q_rope;  // (n, rope)
        case MlaTab::k_nope:
            return h.k_nope;  // (n, nope)
        case MlaTab::v:
            return h.v;  // (n, v)
        case MlaTab::scores:
            return h.scores;  // (n, n)
        case MlaTab::scaled:
            return h.scaled;  // (n, n)
        case MlaTab::weights:
            return h.weights;  // (n, n)
        case MlaTab::head_output:
            return h.output;  // (n, v)
        case MlaTab::q_absorbed:
            return h.q_absorbed;  // (n, kv_lora)
        case MlaTab::absorbed_scores:
            return h.absorbed_scores;  // (n, n)
        case MlaTab::absorbed_weights:
            return h.absorbed_weights;  // (n, n)
        case MlaTab::latent_output:
            return h.latent_output;  // (n, kv_lora)
        default:
            return h.absorbed_output;  // (n, v)
    }
}

// Rows MLA, the GQA groupings (MQA for one) and MHA; columns numbers and bytes.
arma::mat cache_matrix(const math::MlaShape& s, std::vector<std::string>* names) {
    const math::MlaCacheSize c = math::mla_cache_size(s);
    std::vector<std::pair<std::string, arma::uword>> rows = {{"MLA", c.mla}};
    for (const auto& [g, n] : c.gqa) rows.push_back({g == 1 ? "MQA" : "GQA " + std::to_string(g), n});
    rows.push_back({"MHA", c.mha});
    arma::mat m(rows.size(), 2);  // (kinds, 2)
    for (size_t i = 0; i < rows.size(); ++i) {
        m(i, 0) = static_cast<double>(rows[i].second);
        m(i, 1) = static_cast<double>(rows[i].second * 8);
        if (names) names->push_back(rows[i].first);
    }
    return m;
}

arma::mat tab_matrix(const MlaRun& r, MlaTab tab, arma::uword head) {
    const math::MlaTrace& t = r.trace;
    if (mla_edit_matrix(tab)) return input_matrix(r, tab);
    if (mla_head_tab(tab)) return head_matrix(t.heads.at(std::min<size_t>(head, t.heads.size() - 1)), tab);
    switch (tab) {
        case MlaTab::kv_a:
            return t.kv_a;  // (n, kv_lora + rope)
        case MlaTab::latent:
            return t.latent;  // (n, kv_lora)
        case MlaTab::k_rope:
            return t.k_rope;  // (n, rope)
        case MlaTab::q_a:
            return t.q_a ? *t.q_a : arma::mat();  // (n, q_lora)
        case MlaTab::q:
            return t.q;  // (n, H*(nope + rope))
        case MlaTab::concat:
            return t.concat;  // (n, H*v)
        case MlaTab::output:
            return t.output;  // (n, d_model)
        case MlaTab::absorbed_output:
            return t.absorbed_output;  // (n, d_model)
        case MlaTab::check:
            return arma::abs(t.output - t.absorbed_output);  // (n, d_model)
        default:
            return cache_matrix(r.weights.shape, nullptr);  // (kinds, 2)
    }
}

}  // namespace

std::vector<MlaTab> mla_tabs(const course::MlaExplorer& ex) {
    const bool lora = ex.world().weights.shape.q_lora_rank > 0;
    std::vector<MlaTab> tabs;
    for (const TabInfo& i : kTabs) {
        const bool compressed = i.tab == MlaTab::w_q_a || i.tab == MlaTab::q_a_norm ||
                                i.tab == MlaTab::w_q_b || i.tab == MlaTab::q_a;
        if (i.tab == MlaTab::w_q ? !lora : !compressed || lora) tabs.push_back(i.tab);
    }
    return tabs;
}

size_t mla_tab_index(const course::MlaExplorer& ex, MlaTab tab) {
    const std::vector<MlaTab> tabs = mla_tabs(ex);
    const auto at = std::find(tabs.begin(), tabs.end(), tab);
    return at == tabs.end() ? 0 : static_cast<size_t>(at - tabs.begin());
}

std::string mla_tab_name(MlaTab tab) { return info(tab).name; }

std::optional<course::MlaMatrix> mla_edit_matrix(MlaTab tab) {
    using course::MlaMatrix;
    static const std::pair<MlaTab, MlaMatrix> edits[] = {{MlaTab::x, MlaMatrix::x},
                                                         {MlaTab::w_q, MlaMatrix::q},
                                                         {MlaTab::w_q_a, MlaMatrix::q_a},
                                                         {MlaTab::q_a_norm, MlaMatrix::q_a_norm},
                                                         {MlaTab::w_q_b, MlaMatrix::q_b},
                                                         {MlaTab::w_kv_a, MlaMatrix::kv_a},
                                                         {MlaTab::kv_a_norm, MlaMatrix::kv_a_norm},
                                                         {MlaTab::w_kv_b, MlaMatrix::kv_b},
                                                         {MlaTab::w_o, MlaMatrix::o}};
    for (const auto& [t, m] : edits)
        if (t == tab) return m;
    return std::nullopt;
}

bool mla_head_tab(MlaTab tab) {
    return (tab >= MlaTab::q_nope && tab <= MlaTab::head_output) ||
           (tab >= MlaTab::q_absorbed && tab <= MlaTab::absorbed_head_output);
}

bool mla_query_key_tab(MlaTab tab) {
    return tab == MlaTab::scores || tab == MlaTab::scaled || tab == MlaTab::weights ||
           tab == MlaTab::absorbed_scores || tab == MlaTab::absorbed_weights;
}

namespace {

// `a` numbered c0 c1 ..., then `b` numbered r0 r1 ... (kv_a's latent and rope columns).
std::vector<std::string> two_parts(arma::uword a, arma::uword b) {
    std::vector<std::string> labels = numbered_labels("c", a);
    for (const std::string& l : numbered_labels("r", b)) labels.push_back(l);
    return labels;
}

// The names of d_model's dimensions (the vocabulary's), else d0 d1 ...
std::vector<std::string> model_dims(const MlaRun& r, arma::uword n) {
    return r.dimensions.size() == n ? r.dimensions : numbered_labels("d", n);
}

std::vector<std::string> row_labels(const MlaRun& r, MlaTab tab, const arma::mat& m) {
    switch (tab) {
        case MlaTab::w_q:
        case MlaTab::w_q_a:
        case MlaTab::w_kv_a:
            return model_dims(r, m.n_rows);
        case MlaTab::q_a_norm:
        case MlaTab::kv_a_norm:
            return {"weight"};
        case MlaTab::w_q_b:
            return numbered_labels("a", m.n_rows);
        case MlaTab::w_kv_b:
            return numbered_labels("c", m.n_rows);
        case MlaTab::w_o:
            return numbered_labels("v", m.n_rows);
        default:
            return r.tokens;
    }
}

std::vector<std::string> col_labels(const MlaRun& r, MlaTab tab, const arma::mat& m) {
    const math::MlaShape& s = r.weights.shape;
    if (mla_query_key_tab(tab)) return r.tokens;
    switch (tab) {
        case MlaTab::x:
        case MlaTab::w_o:
        case MlaTab::output:
        case MlaTab::absorbed_output:
        case MlaTab::check:
            return model_dims(r, m.n_cols);
        case MlaTab::w_kv_a:
        case MlaTab::kv_a:
            return two_parts(s.kv_lora_rank, s.qk_rope_dim);
        case MlaTab::kv_a_norm:
        case MlaTab::latent:
        case MlaTab::q_absorbed:
        case MlaTab::latent_output:
            return numbered_labels("c", m.n_cols);
        case MlaTab::k_rope:
        case MlaTab::q_rope:
            return numbered_labels("r", m.n_cols);
        case MlaTab::w_q_a:
        case MlaTab::q_a_norm:
        case MlaTab::q_a:
            return numbered_labels("a", m.n_cols);
        case MlaTab::cache:
            return {"numbers", "bytes"};
        default:
            return numbered_labels("d", m.n_cols);
    }
}

report::Shading shading_of(MlaTab tab) {
    if (tab == MlaTab::weights || tab == MlaTab::absorbed_weights) return report::Shading::unit;
    if (tab == MlaTab::scores || tab == MlaTab::scaled || tab == MlaTab::absorbed_scores)
        return report::Shading::diverging;
    return report::Shading::none;
}

std::string shape_text(const arma::mat& m) {
    return "(" + std::to_string(m.n_rows) + " x " + std::to_string(m.n_cols) + ")";
}

std::string number(double v, const char* format = "%.4f") {
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, format, v);
    return buffer;
}

}  // namespace

StageView mla_stage_view(const course::MlaExplorer& ex, MlaTab tab, arma::uword head) {
    const MlaRun& r = ex.current();
    StageView v;
    v.values = tab_matrix(r, tab, head);
    v.title = mla_tab_name(tab) + (mla_head_tab(tab) ? " (head " + std::to_string(head) + ")" : "") + " " +
              shape_text(v.values) + ": " + info(tab).what;
    v.row_labels = row_labels(r, tab, v.values);
    if (tab == MlaTab::cache) {
        v.row_labels.clear();
        cache_matrix(r.weights.shape, &v.row_labels);
    }
    v.col_labels = col_labels(r, tab, v.values);
    v.shading = shading_of(tab);
    if (ex.previous() && !mla_edit_matrix(tab)) {
        const arma::mat before = tab_matrix(*ex.previous(), tab, head);  // (rows, cols) before the edit
        if (before.n_rows == v.values.n_rows && before.n_cols == v.values.n_cols) v.before = before;
    }
    return v;
}

std::string mla_check_text(const course::MlaRun& r) {
    const double d = r.trace.max_abs_difference;
    return std::string("naive and absorbed ") + (d <= course::kMlaTolerance ? "agree" : "DISAGREE") + " to " +
           number(course::kMlaTolerance, "%g") + " (largest difference over scores, weights and " +
           "outputs " + number(d, "%.3g") + ")";
}

namespace {

// A score split as the two paths compute it: the nope and rope parts, and the absorbed sum.
std::vector<std::string> score_lines(const MlaRun& r, arma::uword head, arma::uword q, arma::uword k) {
    const math::MlaHeadTrace& h = r.trace.heads.at(head);
    const double nope = arma::dot(h.q_nope.row(q), h.k_nope.row(k));
    const double rope = arma::dot(h.q_rope.row(q), r.trace.k_rope.row(k));
    const double latent = arma::dot(h.q_absorbed.row(q), r.trace.latent.row(k));
    return {"naive:    q_nope.k_nope " + number(nope) + " + q_rope.k_rope " + number(rope) + " = " +
                number(nope + rope),
            "absorbed: q_abs.c_kv " + number(latent) + " + q_rope.k_rope " + number(rope) + " = " +
                number(latent + rope),
            "scaled by 1/sqrt(" + std::to_string(r.weights.shape.qk_head_dim()) +
                ") = " + number(r.trace.scale) + (r.options.temperature != 1 ? ", then / T" : "")};
}

// The naive and absorbed numbers of one cell of the paths' twin tabs.
std::vector<std::string> twin_lines(const MlaRun& r, MlaTab naive, MlaTab absorbed, arma::uword head,
                                    arma::uword row, arma::uword col) {
    const double a = tab_matrix(r, naive, head)(row, col), b = tab_matrix(r, absorbed, head)(row, col);
    return {"naive " + number(a, "%.6f") + ", absorbed " + number(b, "%.6f") + ", |difference| " +
                number(std::abs(a - b), "%.3g"),
            mla_check_text(r)};
}

std::vector<std::string> cache_lines(const MlaRun& r) {
    const math::MlaShape& s = r.weights.shape;
    const math::MlaCacheSize c = math::mla_cache_size(s);
    return {"MLA caches c_kv (" + std::to_string(s.kv_lora_rank) + ") + k_rope (" +
                std::to_string(s.qk_rope_dim) + ") = " + std::to_string(c.mla) +
                " numbers = " + std::to_string(c.mla * 8) + " bytes a token",
            "MHA: " + std::to_string(s.heads) + " heads x (k " + std::to_string(s.qk_head_dim()) + " + v " +
                std::to_string(s.v_dim) + ") = " + std::to_string(c.mha) +
                " numbers = " + std::to_string(c.mha * 8) + " bytes",
            "GQA g: g x (k + v); attn decode --mla shows the cache filling"};
}

std::vector<std::string> more_lines(const MlaRun& r, MlaTab tab, arma::uword head, arma::uword row,
                                    arma::uword col, const StageView& v) {
    if (tab == MlaTab::x)
        return {"editing it changes every '" + v.row_labels[row] + "' and recomputes every stage"};
    if (mla_edit_matrix(tab)) return {"editing it recomputes every stage after it"};
    if (tab == MlaTab::scores || tab == MlaTab::absorbed_scores) return score_lines(r, head, row, col);
    if (tab == MlaTab::weights || tab == MlaTab::absorbed_weights)
        return twin_lines(r, MlaTab::weights, MlaTab::absorbed_weights, head, row, col);
    if (tab == MlaTab::head_output || tab == MlaTab::absorbed_head_output)
        return twin_lines(r, MlaTab::head_output, MlaTab::absorbed_head_output, head, row, col);
    if (tab == MlaTab::output || tab == MlaTab::absorbed_output || tab == MlaTab::check)
        return twin_lines(r, MlaTab::output, MlaTab::absorbed_output, head, row, col);
    if (tab == MlaTab::cache) return cache_lines(r);
    return {};
}

}  // namespace

std::vector<std::string> mla_cell_arithmetic(const course::MlaExplorer& ex, MlaTab tab, arma::uword head,
                                             arma::uword row, arma::uword col) {
    const StageView v = mla_stage_view(ex, tab, head);
    if (v.values.n_elem == 0) return {};
    row = std::min<arma::uword>(row, v.values.n_rows - 1);
    col = std::min<arma::uword>(col, v.values.n_cols - 1);
    std::vector<std::string> lines = {mla_tab_name(tab) + "[" + v.row_labels[row] + "][" + v.col_labels[col] +
                                          "] = " + number(v.values(row, col)),
                                      info(tab).what};
    for (std::string& l : more_lines(ex.current(), tab, head, row, col, v)) lines.push_back(std::move(l));
    return lines;
}

}  // namespace attn::cli
